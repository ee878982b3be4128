package dedup_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kefu-go/kefu/dedup"
)

// A receiver claims an event's key before dispatching it, completes the
// claim when the handler accepted the event, and releases it when the
// handler failed. dingcallback.WithDeduplicator does this for you.
func ExampleNewMemory() {
	store, err := dedup.NewMemory(24*time.Hour, dedup.WithMaxKeys(50_000))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	first, _ := store.Claim(ctx, "event:e-42", 10*time.Second)
	again, _ := store.Claim(ctx, "event:e-42", 10*time.Second) // a concurrent redelivery
	fmt.Println(first.Status, again.Status)

	_ = store.Complete(ctx, first) // the handler accepted the event
	later, _ := store.Claim(ctx, "event:e-42", 10*time.Second)
	fmt.Println(later.Status)
	// Output:
	// claimed busy
	// done
}
