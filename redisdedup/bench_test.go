package redisdedup_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/kefu-go/kefu/dedup"
)

// BenchmarkClaimComplete measures one event's claim and completion on a real
// redis-server beside one bare SET NX round trip to the same server, the
// least a shared claim can cost.
func BenchmarkClaimComplete(b *testing.B) {
	rdb := newClient(b)
	ctx := context.Background()
	prefix := uniquePrefix(b)
	b.Run("baseline=SET-NX", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if err := rdb.SetNX(ctx, prefix+"bare:"+strconv.Itoa(i), "x", time.Minute).Err(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("redisdedup", func(b *testing.B) {
		s := newStore(b, rdb, time.Minute)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c, err := s.Claim(ctx, strconv.Itoa(i), time.Minute)
			if err != nil || c.Status != dedup.Claimed {
				b.Fatal(c.Status, err)
			}
			if err := s.Complete(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("redisdedup-claim-only", func(b *testing.B) {
		s := newStore(b, rdb, time.Minute)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Claim(ctx, strconv.Itoa(i), time.Minute); err != nil {
				b.Fatal(err)
			}
		}
	})
}
