package dedup_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dedup/dedupstoretest"
	"github.com/kefu-go/kefu/kefutest"
)

func newMemory(t *testing.T, opts ...dedup.Option) (*dedup.Memory, *kefutest.Clock) {
	t.Helper()
	clk := kefutest.NewClock(time.Unix(1700000000, 0))
	m, err := dedup.NewMemory(time.Hour, append([]dedup.Option{dedup.WithClock(clk.Now)}, opts...)...)
	require.NoError(t, err)
	return m, clk
}

// TestMemoryConformance runs the semantics table every Store keeps.
func TestMemoryConformance(t *testing.T) {
	t.Parallel()
	clk := kefutest.NewClock(time.Unix(1700000000, 0))
	dedupstoretest.Run(t, dedupstoretest.Setup{
		New: func(t *testing.T, ttl time.Duration) dedup.Store {
			m, err := dedup.NewMemory(ttl, dedup.WithClock(clk.Now))
			require.NoError(t, err)
			return m
		},
		Advance: func(_ *testing.T, d time.Duration) { clk.Advance(d) },
	})
}

// The boundaries, exact on a fake clock: a key is done until the instant
// its ttl ends, and held until the instant its lease ends.
func TestMemoryBoundaries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const lease = 10 * time.Second
	m, clk := newMemory(t)
	require.NoError(t, m.Complete(ctx, dedupstoretest.Claim(t, m, "done", lease)))
	dedupstoretest.Claim(t, m, "held", lease)
	clk.Advance(lease - time.Millisecond)
	assert.Equal(t, dedup.Busy, dedupstoretest.Claim(t, m, "held", lease).Status)
	clk.Advance(time.Millisecond)
	assert.Equal(t, dedup.Claimed, dedupstoretest.Claim(t, m, "held", lease).Status)
	clk.Advance(time.Hour - lease - time.Millisecond)
	assert.Equal(t, dedup.Done, dedupstoretest.Claim(t, m, "done", lease).Status)
	clk.Advance(time.Millisecond)
	assert.Equal(t, dedup.Claimed, dedupstoretest.Claim(t, m, "done", lease).Status)
}

func TestMemoryRejectsForeignTokens(t *testing.T) {
	t.Parallel()
	m, _ := newMemory(t)
	dedupstoretest.Claim(t, m, "k", time.Minute)
	err := m.Complete(context.Background(), dedup.Claim{Key: "k", Status: dedup.Claimed, Token: "not a token!"})
	require.Error(t, err)
	assert.NotErrorIs(t, err, dedup.ErrLeaseLost)
}

func TestMemoryBoundEvictsOldestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _ := newMemory(t, dedup.WithMaxKeys(3))
	for _, k := range []string{"a", "b", "c"} {
		require.NoError(t, m.Complete(ctx, dedupstoretest.Claim(t, m, k, time.Minute)))
	}
	assert.Equal(t, 3, m.Len())
	require.NoError(t, m.Complete(ctx, dedupstoretest.Claim(t, m, "d", time.Minute)))
	assert.Equal(t, 3, m.Len(), "never more than the bound")
	assert.Equal(t, dedup.Done, dedupstoretest.Claim(t, m, "b", time.Minute).Status)
	assert.Equal(t, dedup.Done, dedupstoretest.Claim(t, m, "c", time.Minute).Status)
	assert.Equal(t, dedup.Done, dedupstoretest.Claim(t, m, "d", time.Minute).Status)
	assert.Equal(t, 3, m.Len())
	// "a", the oldest, was evicted: it is claimed anew (evicting "b").
	assert.Equal(t, dedup.Claimed, dedupstoretest.Claim(t, m, "a", time.Minute).Status)
	assert.Equal(t, 3, m.Len())
	assert.Equal(t, dedup.Claimed, dedupstoretest.Claim(t, m, "b", time.Minute).Status)
}

func TestMemoryExpiredKeysAreSweptGradually(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, clk := newMemory(t)
	for i := range 1000 {
		require.NoError(t, m.Complete(ctx, dedupstoretest.Claim(t, m, string(rune(0x4e00+i)), time.Minute)))
	}
	clk.Advance(2 * time.Hour)
	// Each call sweeps a few: the store shrinks while it is used, with no
	// call that sweeps everything.
	for i := range 100 {
		dedupstoretest.Claim(t, m, "new"+string(rune(0x4e00+i)), time.Minute)
	}
	assert.Equal(t, 1000-100*4+100, m.Len(), "four expired keys swept per call")
}

func TestNewMemoryValidates(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]func() (*dedup.Memory, error){
		"ttl":      func() (*dedup.Memory, error) { return dedup.NewMemory(0) },
		"max keys": func() (*dedup.Memory, error) { return dedup.NewMemory(time.Hour, dedup.WithMaxKeys(0)) },
		"clock":    func() (*dedup.Memory, error) { return dedup.NewMemory(time.Hour, dedup.WithClock(nil)) },
	} {
		m, err := f()
		assert.Nil(t, m, name)
		assert.Error(t, err, name)
	}
	m, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	_, err = m.Claim(context.Background(), "k", 0)
	assert.Error(t, err, "a lease must be positive")
}

func TestStatusString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "claimed", dedup.Claimed.String())
	assert.Equal(t, "done", dedup.Done.String())
	assert.Equal(t, "busy", dedup.Busy.String())
	assert.Equal(t, "Status(9)", dedup.Status(9).String())
}
