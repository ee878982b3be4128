package redisdedup_test

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/redisdedup"
)

// addrEnv names the variable that points the tests at a redis-server.
const addrEnv = "KEFU_REDIS_ADDR"

// newClient connects to the redis-server of KEFU_REDIS_ADDR. Without it the
// test is skipped, except in CI (CI=true), where a skip would hide that the
// tests did not run, so it fails.
func newClient(t testing.TB) *redis.Client {
	t.Helper()
	addr := os.Getenv(addrEnv)
	if addr == "" {
		msg := "no redis-server: start one (redis-server --port 6390 --save '' --appendonly no) and run with " +
			addrEnv + "=127.0.0.1:6390; .ci/run does this"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { _ = rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, rdb.Ping(ctx).Err(), "redis-server at %s", addr)
	return rdb
}

var prefixSeq atomic.Int64

// uniquePrefix keeps tests that share the server apart.
func uniquePrefix(t testing.TB) string {
	return "kefu-test:" + t.Name() + ":" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":" +
		strconv.FormatInt(prefixSeq.Add(1), 10) + ":"
}

func newStore(t testing.TB, rdb redis.UniversalClient, ttl time.Duration) *redisdedup.Store {
	t.Helper()
	s, err := redisdedup.New(rdb, ttl, redisdedup.WithPrefix(uniquePrefix(t)))
	require.NoError(t, err)
	return s
}

// redisClientTo is a client for an address without a server.
func redisClientTo(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
}
