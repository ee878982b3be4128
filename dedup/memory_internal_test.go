package dedup

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMemoryNoLinearPause fills the store, lets every key expire at once and
// checks that no single call visits more than a constant number of entries
// or allocates more than a constant number of times: the old store swept its
// whole map under its mutex, about 1 s per million keys.
func TestMemoryNoLinearPause(t *testing.T) { // not parallel: AllocsPerRun
	now := time.Unix(1700000000, 0)
	const n = 100_000
	m, err := NewMemory(time.Minute, WithMaxKeys(n), WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	ctx := context.Background()
	keys := make([]string, 2*n)
	for i := range keys {
		keys[i] = "event:" + strconv.Itoa(i)
	}
	for _, k := range keys[:n] {
		c, err := m.Claim(ctx, k, time.Minute)
		require.NoError(t, err)
		require.NoError(t, m.Complete(ctx, c))
	}
	require.Equal(t, n, m.Len())
	now = now.Add(time.Hour) // every key expired together

	worstVisited := 0
	i := n
	allocs := testing.AllocsPerRun(1000, func() {
		_, _ = m.Claim(ctx, keys[i], time.Minute)
		worstVisited = max(worstVisited, m.visited)
		i++
	})
	assert.LessOrEqual(t, worstVisited, sweepBatch+1)
	assert.LessOrEqual(t, allocs, 3.0, "an entry, a map slot growth amortised, a token")
	assert.LessOrEqual(t, m.Len(), n)
}
