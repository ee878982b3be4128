package dingcallback_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// Fifty concurrent deliveries of one event: the handler runs once, the
// delivery that ran it answers success, and the other 49 are answered 409
// without success while it is in flight, so DingTalk delivers them again.
func TestHandlerConcurrentRedeliveriesDispatchOnce(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	var calls atomic.Int32
	others := make(chan struct{})
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error {
		calls.Add(1)
		<-others // in flight until every other delivery was answered
		return nil
	})
	f := newServer(t, r, dingcallback.WithDeduplicator(store))
	body := `{"EventType":"user_add_org","eventId":"e-50","UserId":["u1"]}`

	const n = 50
	statuses := make(chan int, n)
	var answered atomic.Int32
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp := f.post(t, body)
			statuses <- resp.StatusCode
			if resp.StatusCode == http.StatusConflict && answered.Add(1) == n-1 {
				close(others)
			}
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	assert.Equal(t, int32(1), calls.Load())
	assert.Equal(t, map[int]int{http.StatusOK: 1, http.StatusConflict: n - 1}, count)
	// After the handler accepted it, a redelivery is acknowledged undispatched.
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body)))
	assert.Equal(t, int32(1), calls.Load())
}

// A handler that outruns its timeout is answered 500 at once, but keeps the
// key while it runs: a redelivery meanwhile is not dispatched. When it then
// accepts the event, later deliveries are acknowledged without dispatch.
func TestHandlerTimedOutHandlerKeepsItsClaim(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	var calls atomic.Int32
	release, finished := make(chan struct{}), make(chan struct{})
	r := event.NewRouter()
	r.HandleDefault(func(ctx context.Context, _ event.Event) error {
		calls.Add(1)
		<-ctx.Done() // the timeout ends the wait…
		<-release    // …but the handler goes on, and then accepts the event
		defer close(finished)
		return nil
	})
	f := newServer(t, r, dingcallback.WithDeduplicator(store), dingcallback.WithHandlerTimeout(20*time.Millisecond))
	body := `{"EventType":"org_change","eventId":"e-slow"}`

	errorOf(t, f.post(t, body), http.StatusInternalServerError)
	errorOf(t, f.post(t, body), http.StatusConflict)
	close(release)
	<-finished
	require.Eventually(t, func() bool {
		c, err := store.Claim(context.Background(), "event:e-slow", time.Second)
		return err == nil && c.Status == dedup.Done
	}, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body)))
	assert.Equal(t, int32(1), calls.Load())
}

// A claim that was never completed (its replica crashed) holds the key for
// its lease; the next delivery after it is dispatched.
func TestHandlerCrashedClaimFreesAfterLease(t *testing.T) {
	t.Parallel()
	clk := kefutest.NewClock(time.Unix(1700000000, 0))
	store, err := dedup.NewMemory(time.Hour, dedup.WithClock(clk.Now))
	require.NoError(t, err)
	var calls atomic.Int32
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { calls.Add(1); return nil })
	f := newServer(t, r, dingcallback.WithDeduplicator(store), dingcallback.WithHandlerTimeout(time.Second))
	body := `{"EventType":"org_change","eventId":"e-crash"}`

	// Another replica claimed the key as the handler would (timeout + 5 s) and died.
	c, err := store.Claim(context.Background(), "event:e-crash", 6*time.Second)
	require.NoError(t, err)
	require.Equal(t, dedup.Claimed, c.Status)

	errorOf(t, f.post(t, body), http.StatusConflict)
	clk.Advance(6 * time.Second)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body)))
	assert.Equal(t, int32(1), calls.Load())
}
