package redisdedup_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/redisdedup"
)

func claim(t *testing.T, s dedup.Store, key string, lease time.Duration) dedup.Claim {
	t.Helper()
	c, err := s.Claim(context.Background(), key, lease)
	require.NoError(t, err)
	assert.Equal(t, key, c.Key)
	return c
}

// TestStoreSemantics is dedup's table against a real redis-server. Leases
// and TTLs are short real durations: Redis keeps the time.
func TestStoreSemantics(t *testing.T) {
	rdb := newClient(t)
	ctx := context.Background()
	const lease = 10 * time.Second

	t.Run("first claimed, then busy while in flight", func(t *testing.T) {
		s := newStore(t, rdb, time.Hour)
		c := claim(t, s, "k", lease)
		assert.Equal(t, dedup.Claimed, c.Status)
		assert.NotEmpty(t, c.Token)
		assert.Equal(t, dedup.Busy, claim(t, s, "k", lease).Status)
	})
	t.Run("done after completion, for the ttl", func(t *testing.T) {
		s := newStore(t, rdb, 300*time.Millisecond)
		require.NoError(t, s.Complete(ctx, claim(t, s, "k", lease)))
		assert.Equal(t, dedup.Done, claim(t, s, "k", lease).Status)
		assert.Equal(t, dedup.Done, claim(t, s, "k", lease).Status)
		require.Eventually(t, func() bool {
			c, err := s.Claim(ctx, "k", lease)
			return err == nil && c.Status == dedup.Claimed
		}, 5*time.Second, 20*time.Millisecond, "the ttl ended")
	})
	t.Run("claimed again after release", func(t *testing.T) {
		s := newStore(t, rdb, time.Hour)
		require.NoError(t, s.Release(ctx, claim(t, s, "k", lease)))
		assert.Equal(t, dedup.Claimed, claim(t, s, "k", lease).Status)
	})
	t.Run("a crashed claim frees when its lease ends", func(t *testing.T) {
		s := newStore(t, rdb, time.Hour)
		claim(t, s, "k", 200*time.Millisecond)
		assert.Equal(t, dedup.Busy, claim(t, s, "k", lease).Status)
		require.Eventually(t, func() bool {
			c, err := s.Claim(ctx, "k", lease)
			return err == nil && c.Status == dedup.Claimed
		}, 5*time.Second, 20*time.Millisecond)
	})
	t.Run("a stale claim cannot complete or release a newer one", func(t *testing.T) {
		s := newStore(t, rdb, time.Hour)
		old := claim(t, s, "k", 100*time.Millisecond)
		var newer dedup.Claim
		require.Eventually(t, func() bool {
			newer = claim(t, s, "k", lease)
			return newer.Status == dedup.Claimed
		}, 5*time.Second, 20*time.Millisecond)
		assert.ErrorIs(t, s.Complete(ctx, old), dedup.ErrLeaseLost)
		assert.ErrorIs(t, s.Release(ctx, old), dedup.ErrLeaseLost)
		assert.Equal(t, dedup.Busy, claim(t, s, "k", lease).Status)
		require.NoError(t, s.Complete(ctx, newer))
		assert.Equal(t, dedup.Done, claim(t, s, "k", lease).Status)
	})
	t.Run("prefixes keep stores apart", func(t *testing.T) {
		a, b := newStore(t, rdb, time.Hour), newStore(t, rdb, time.Hour)
		require.NoError(t, a.Complete(ctx, claim(t, a, "k", lease)))
		assert.Equal(t, dedup.Claimed, claim(t, b, "k", lease).Status)
	})
	t.Run("a claim without a token is an error", func(t *testing.T) {
		s := newStore(t, rdb, time.Hour)
		err := s.Complete(ctx, dedup.Claim{Key: "k", Status: dedup.Done})
		require.Error(t, err)
		assert.NotErrorIs(t, err, dedup.ErrLeaseLost)
	})
}

func TestStoreConcurrentClaimsOneWinner(t *testing.T) {
	rdb := newClient(t)
	s := newStore(t, rdb, time.Hour)
	var claimed, busy atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			c, err := s.Claim(context.Background(), "event:e-50", time.Minute)
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

func TestStoreRedisDown(t *testing.T) {
	t.Parallel()
	rdb := redisClientTo("127.0.0.1:1") // nothing listens there
	s, err := redisdedup.New(rdb, time.Hour)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = s.Claim(ctx, "k", time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `redisdedup: claiming "k"`)
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	rdb := redisClientTo("127.0.0.1:1")
	_, err := redisdedup.New(nil, time.Hour)
	require.Error(t, err)
	_, err = redisdedup.New(rdb, 0)
	require.Error(t, err)
	_, err = redisdedup.New(rdb, time.Hour, redisdedup.WithPrefix(""))
	require.Error(t, err)
	s, err := redisdedup.New(rdb, time.Hour)
	require.NoError(t, err)
	_, err = s.Claim(context.Background(), "k", 0)
	require.Error(t, err)
}
