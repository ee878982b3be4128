// Package redisdedup is a dedup.Store on Redis, so that several replicas of
// a service behind one DingTalk callback URL (or one Stream subscription)
// handle each event once between them.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379", ContextTimeoutEnabled: true})
//	store, err := redisdedup.New(rdb, 24*time.Hour, redisdedup.WithPrefix("orders:dingtalk:"))
//	…
//	h := dingcallback.NewHandler(crypto, router, dingcallback.WithDeduplicator(store))
//
// It is a module of its own (github.com/kefu-go/kefu/redisdedup), so users
// of the core module who do not use Redis never download go-redis. It
// requires go-redis v9.22 and, as the core module, Go 1.25 or later.
//
// The guarantees are those of package dedup: of concurrent claims of one
// key, across replicas, exactly one is dispatched; a completed key is
// acknowledged without dispatch for the TTL; a failed one is released and
// dispatched again; a crashed replica's claim frees when its lease ends.
// When Redis cannot be reached, the receivers log it and dispatch (at least
// once).
//
// Set go-redis's ContextTimeoutEnabled. The receivers bound every store
// call by their WithStoreTimeout (250 ms by default), so that a stalled
// Redis cannot hold an answer past what DingTalk (1.5 s) or Tencent (~2 s)
// waits; without ContextTimeoutEnabled, go-redis ignores that deadline and
// waits for its own ReadTimeout (3 s by default) instead.
package redisdedup
