package redisdedup_test

import (
	"log"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/redisdedup"
)

// Every replica behind the callback URL builds its handler on the same
// Redis and prefix: each event is then handled by one replica, once.
func ExampleNew() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	store, err := redisdedup.New(rdb, 24*time.Hour, redisdedup.WithPrefix("orders:dingtalk:"))
	if err != nil {
		log.Fatal(err)
	}
	crypto, err := dingcallback.NewCrypto("token", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "dingappkey")
	if err != nil {
		log.Fatal(err)
	}
	r := event.NewRouter()
	http.Handle("/dingtalk/callback", dingcallback.NewHandler(crypto, r,
		dingcallback.WithHandlerTimeout(1200*time.Millisecond),
		dingcallback.WithDeduplicator(store)))
}
