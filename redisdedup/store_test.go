package redisdedup_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dedup/dedupstoretest"
	"github.com/kefu-go/kefu/redisdedup"
)

// TestStoreConformance runs dedup's semantics table against a real
// redis-server. Redis keeps the time, so Advance sleeps.
func TestStoreConformance(t *testing.T) {
	rdb := newClient(t)
	dedupstoretest.Run(t, dedupstoretest.Setup{
		New:     func(t *testing.T, ttl time.Duration) dedup.Store { return newStore(t, rdb, ttl) },
		Advance: func(_ *testing.T, d time.Duration) { time.Sleep(d + 50*time.Millisecond) },
	})
}

// Redis-only rows: stores with other prefixes share nothing, and a claim
// without a token is refused before any round trip.
func TestStorePrefixesAndTokens(t *testing.T) {
	rdb := newClient(t)
	ctx := context.Background()
	a, b := newStore(t, rdb, time.Hour), newStore(t, rdb, time.Hour)
	require.NoError(t, a.Complete(ctx, dedupstoretest.Claim(t, a, "k", time.Minute)))
	assert.Equal(t, dedup.Done, dedupstoretest.Claim(t, a, "k", time.Minute).Status)
	assert.Equal(t, dedup.Claimed, dedupstoretest.Claim(t, b, "k", time.Minute).Status)

	err := a.Complete(ctx, dedup.Claim{Key: "k", Status: dedup.Done})
	require.Error(t, err)
	assert.NotErrorIs(t, err, dedup.ErrLeaseLost)
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
