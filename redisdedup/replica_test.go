package redisdedup_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/redisdedup"
)

// replicas starts n dingcallback handlers, each with its own Store on the
// one redis-server and prefix, as n processes behind one URL would be.
func replicas(t *testing.T, n int, handle func(replica int, ev event.Event) error) (*dingcallback.Crypto, []*httptest.Server) {
	t.Helper()
	prefix := uniquePrefix(t)
	c := kefutest.NewDingTalkCrypto()
	srvs := make([]*httptest.Server, n)
	for i := range srvs {
		store, err := redisdedup.New(newClient(t), 24*time.Hour, redisdedup.WithPrefix(prefix))
		require.NoError(t, err)
		r := event.NewRouter()
		r.HandleDefault(func(_ context.Context, ev event.Event) error { return handle(i, ev) })
		srvs[i] = httptest.NewServer(dingcallback.NewHandler(c, r, dingcallback.WithDeduplicator(store)))
		t.Cleanup(srvs[i].Close)
	}
	return c, srvs
}

// deliver posts one encrypted delivery of payload and reports whether the
// replica answered the encrypted "success".
func deliver(t *testing.T, c *dingcallback.Crypto, srv *httptest.Server, payload string) bool {
	t.Helper()
	req, err := kefutest.NewDingTalkRequest(c, srv.URL, payload)
	if !assert.NoError(t, err) {
		return false
	}
	resp, err := srv.Client().Do(req)
	if !assert.NoError(t, err) {
		return false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusOK
}

// Three replicas receive 500 events, each delivered five times at once
// across the replicas, and DingTalk delivers again whatever was not
// acknowledged: every event reaches a handler exactly once.
func TestReplicasHandleEachEventOnce(t *testing.T) {
	const events, copies = 500, 5
	var calls [events]atomic.Int32
	var perReplica [3]atomic.Int32
	c, srvs := replicas(t, 3, func(replica int, ev event.Event) error {
		var i int
		if _, err := fmt.Sscanf(ev.EventHeader().EventID, "e-%d", &i); err != nil {
			return err
		}
		calls[i].Add(1)
		perReplica[replica].Add(1)
		time.Sleep(time.Millisecond) // long enough for deliveries to overlap
		return nil
	})

	var redelivered atomic.Int32
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range events {
		payload := fmt.Sprintf(`{"EventType":"user_add_org","eventId":"e-%d","UserId":["u%d"]}`, i, i)
		for k := range copies {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				// Redeliver, as DingTalk does, until a replica acknowledges.
				for attempt := range 100 {
					if deliver(t, c, srvs[(i+k+attempt)%len(srvs)], payload) {
						return
					}
					redelivered.Add(1)
					time.Sleep(2 * time.Millisecond)
				}
				t.Errorf("event %d never acknowledged", i)
			}()
		}
	}
	wg.Wait()
	for i := range calls {
		if n := calls[i].Load(); n != 1 {
			t.Errorf("event e-%d reached a handler %d times", i, n)
		}
	}
	assert.Positive(t, redelivered.Load(), "some deliveries overlapped one in flight and were refused")
	t.Logf("%d deliveries refused while their event was in flight, then redelivered", redelivered.Load())
	for i := range perReplica {
		assert.Positive(t, perReplica[i].Load(), "replica %d handled events too", i)
	}
}

// A handler that fails on one replica releases its claim, and the
// redelivery is handled on another.
func TestReplicaFailureIsRetriedElsewhere(t *testing.T) {
	var calls [2]atomic.Int32
	c, srvs := replicas(t, 2, func(replica int, _ event.Event) error {
		calls[replica].Add(1)
		if replica == 0 {
			return errors.New("replica 0's database is down")
		}
		return nil
	})
	payload := `{"EventType":"org_change","eventId":"e-failover"}`
	assert.False(t, deliver(t, c, srvs[0], payload), "replica 0 failed: no success")
	assert.True(t, deliver(t, c, srvs[1], payload), "the redelivery is handled by replica 1")
	assert.True(t, deliver(t, c, srvs[0], payload), "a later redelivery is acknowledged")
	assert.Equal(t, int32(1), calls[0].Load())
	assert.Equal(t, int32(1), calls[1].Load())
}
