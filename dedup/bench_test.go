package dedup_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kefu-go/kefu/dedup"
)

// BenchmarkClaimComplete measures one event's claim and completion in the
// Memory store beside a bare sync.Map LoadOrStore + Store of the same keys,
// the least any in-process store can do (no lease, no bound, no expiry).
func BenchmarkClaimComplete(b *testing.B) {
	keys := make([]string, 1<<16)
	for i := range keys {
		keys[i] = "event:" + strconv.Itoa(i)
	}
	ctx := context.Background()
	b.Run("baseline=sync.Map", func(b *testing.B) {
		var m sync.Map
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			k := keys[i&(len(keys)-1)]
			if _, loaded := m.LoadOrStore(k, time.Now().Add(time.Minute)); !loaded {
				m.Store(k, time.Now().Add(time.Hour))
			} else {
				m.Delete(k)
			}
		}
	})
	b.Run("dedup.Memory", func(b *testing.B) {
		m, err := dedup.NewMemory(time.Hour, dedup.WithMaxKeys(len(keys)/2))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c, _ := m.Claim(ctx, keys[i&(len(keys)-1)], time.Minute)
			if c.Status == dedup.Claimed {
				_ = m.Complete(ctx, c)
			}
		}
	})
}
