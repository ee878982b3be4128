package dedup_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
)

// clock is a settable clock for the store.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Unix(1700000000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newMemory(t *testing.T, opts ...dedup.Option) (*dedup.Memory, *clock) {
	t.Helper()
	clk := newClock()
	m, err := dedup.NewMemory(time.Hour, append([]dedup.Option{dedup.WithClock(clk.Now)}, opts...)...)
	require.NoError(t, err)
	return m, clk
}

func claim(t *testing.T, s dedup.Store, key string, lease time.Duration) dedup.Claim {
	t.Helper()
	c, err := s.Claim(context.Background(), key, lease)
	require.NoError(t, err)
	assert.Equal(t, key, c.Key)
	return c
}

// TestMemorySemantics is the table of the package doc, one row a subtest.
func TestMemorySemantics(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const lease = 10 * time.Second

	t.Run("first delivery is claimed", func(t *testing.T) {
		m, _ := newMemory(t)
		c := claim(t, m, "k", lease)
		assert.Equal(t, dedup.Claimed, c.Status)
		assert.NotEmpty(t, c.Token)
	})
	t.Run("delivery while in flight is busy", func(t *testing.T) {
		m, _ := newMemory(t)
		claim(t, m, "k", lease)
		c := claim(t, m, "k", lease)
		assert.Equal(t, dedup.Busy, c.Status)
		assert.Empty(t, c.Token)
	})
	t.Run("after completion every delivery is done for the ttl", func(t *testing.T) {
		m, clk := newMemory(t)
		require.NoError(t, m.Complete(ctx, claim(t, m, "k", lease)))
		for range 3 {
			assert.Equal(t, dedup.Done, claim(t, m, "k", lease).Status)
		}
		clk.Advance(time.Hour - time.Second)
		assert.Equal(t, dedup.Done, claim(t, m, "k", lease).Status)
		clk.Advance(time.Second)
		assert.Equal(t, dedup.Claimed, claim(t, m, "k", lease).Status, "the ttl ended")
	})
	t.Run("after release the next delivery is claimed", func(t *testing.T) {
		m, _ := newMemory(t)
		require.NoError(t, m.Release(ctx, claim(t, m, "k", lease)))
		assert.Equal(t, dedup.Claimed, claim(t, m, "k", lease).Status)
		assert.Equal(t, 1, m.Len())
	})
	t.Run("after a crash the key frees when the lease ends", func(t *testing.T) {
		m, clk := newMemory(t)
		claim(t, m, "k", lease) // never completed
		clk.Advance(lease - time.Millisecond)
		assert.Equal(t, dedup.Busy, claim(t, m, "k", lease).Status)
		clk.Advance(time.Millisecond)
		assert.Equal(t, dedup.Claimed, claim(t, m, "k", lease).Status)
	})
	t.Run("a claim whose lease ended cannot complete or release a newer claim", func(t *testing.T) {
		m, clk := newMemory(t)
		old := claim(t, m, "k", lease)
		clk.Advance(lease)
		newer := claim(t, m, "k", lease)
		require.Equal(t, dedup.Claimed, newer.Status)
		assert.ErrorIs(t, m.Complete(ctx, old), dedup.ErrLeaseLost)
		assert.ErrorIs(t, m.Release(ctx, old), dedup.ErrLeaseLost)
		assert.Equal(t, dedup.Busy, claim(t, m, "k", lease).Status, "the newer claim still holds the key")
		require.NoError(t, m.Complete(ctx, newer))
		assert.Equal(t, dedup.Done, claim(t, m, "k", lease).Status)
	})
	t.Run("an expired claim cannot complete", func(t *testing.T) {
		m, clk := newMemory(t)
		c := claim(t, m, "k", lease)
		clk.Advance(lease)
		assert.ErrorIs(t, m.Complete(ctx, c), dedup.ErrLeaseLost)
	})
	t.Run("a foreign token is an error", func(t *testing.T) {
		m, _ := newMemory(t)
		claim(t, m, "k", lease)
		err := m.Complete(ctx, dedup.Claim{Key: "k", Status: dedup.Claimed, Token: "not a token!"})
		require.Error(t, err)
		assert.NotErrorIs(t, err, dedup.ErrLeaseLost)
	})
	t.Run("keys are independent", func(t *testing.T) {
		m, _ := newMemory(t)
		require.NoError(t, m.Complete(ctx, claim(t, m, "a", lease)))
		assert.Equal(t, dedup.Claimed, claim(t, m, "b", lease).Status)
	})
}

func TestMemoryConcurrentClaimsOneWinner(t *testing.T) {
	t.Parallel()
	m, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	for round := range 20 {
		var claimed, busy atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				c, err := m.Claim(context.Background(), "event:"+string(rune('a'+round)), time.Minute)
				if !assert.NoError(t, err) {
					return
				}
				switch c.Status {
				case dedup.Claimed:
					claimed.Add(1)
				case dedup.Busy:
					busy.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		assert.Equal(t, int32(1), claimed.Load())
		assert.Equal(t, int32(49), busy.Load())
	}
}

func TestMemoryBoundEvictsOldestFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, _ := newMemory(t, dedup.WithMaxKeys(3))
	for _, k := range []string{"a", "b", "c"} {
		require.NoError(t, m.Complete(ctx, claim(t, m, k, time.Minute)))
	}
	assert.Equal(t, 3, m.Len())
	require.NoError(t, m.Complete(ctx, claim(t, m, "d", time.Minute)))
	assert.Equal(t, 3, m.Len(), "never more than the bound")
	assert.Equal(t, dedup.Done, claim(t, m, "b", time.Minute).Status)
	assert.Equal(t, dedup.Done, claim(t, m, "c", time.Minute).Status)
	assert.Equal(t, dedup.Done, claim(t, m, "d", time.Minute).Status)
	assert.Equal(t, 3, m.Len())
	// "a", the oldest, was evicted: it is claimed anew (evicting "b").
	assert.Equal(t, dedup.Claimed, claim(t, m, "a", time.Minute).Status)
	assert.Equal(t, 3, m.Len())
	assert.Equal(t, dedup.Claimed, claim(t, m, "b", time.Minute).Status)
}

func TestMemoryExpiredKeysAreSweptGradually(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m, clk := newMemory(t)
	for i := range 1000 {
		require.NoError(t, m.Complete(ctx, claim(t, m, string(rune(0x4e00+i)), time.Minute)))
	}
	clk.Advance(2 * time.Hour)
	// Each call sweeps a few: the store shrinks while it is used, with no
	// call that sweeps everything.
	for i := range 100 {
		claim(t, m, "new"+string(rune(0x4e00+i)), time.Minute)
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
