package dingstream_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// states is the sequence of observed states of connection id (0: the
// changes before a connection exists).
func states(all []observe.ConnState, id int64) []observe.State {
	var s []observe.State
	for _, c := range all {
		if c.ConnID == id {
			s = append(s, c.State)
		}
	}
	return s
}

func waitStates(t *testing.T, obs *kefutest.Observer, cond func([]observe.ConnState) bool) []observe.ConnState {
	t.Helper()
	err := obs.Wait(waitCtx(t), func(o *kefutest.Observer) bool { return cond(o.States()) })
	require.NoError(t, err, "states: %+v", obs.States())
	return obs.States()
}

func has(s observe.State, id int64) func([]observe.ConnState) bool {
	return func(all []observe.ConnState) bool {
		return slices.ContainsFunc(all, func(c observe.ConnState) bool { return c.State == s && c.ConnID == id })
	}
}

// A failed open, a lost connection and an announced disconnect: the
// Observer is told every change, in order, with the delays and reasons,
// and each open call as an API call.
func TestObserverSeesEveryStateOfAReconnect(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.FailOpens(http.StatusServiceUnavailable)
	obs := kefutest.NewObserver()
	start(t, g, event.NewRouter(), dingstream.WithObserver(obs))

	// The client reports a connection before the gateway counts it: wait
	// for both before acting on it.
	waitStates(t, obs, has(observe.Connected, 1))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	g.Drop()
	waitStates(t, obs, has(observe.Connected, 2))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	g.Disconnect("rebalance")
	all := waitStates(t, obs, func(all []observe.ConnState) bool {
		return has(observe.Connected, 3)(all) && has(observe.Closed, 2)(all)
	})

	for _, c := range all {
		assert.Equal(t, observe.ReceiverDingStream, c.Receiver)
	}
	// Before any connection: the first open fails (503), the second works.
	before := all[:3]
	assert.Equal(t, []observe.State{observe.Connecting, observe.Reconnecting, observe.Connecting}, states(before, 0))
	assert.Equal(t, 1, before[0].Attempt)
	assert.Equal(t, "open failed", before[1].Reason)
	assert.Positive(t, before[1].Delay, "the wait before the next open")
	var oe *dingstream.OpenError
	require.ErrorAs(t, before[1].Err, &oe)
	assert.Equal(t, http.StatusServiceUnavailable, oe.StatusCode)
	assert.Equal(t, 2, before[2].Attempt)

	// Connection 1 is lost; connection 2 is announced to close and closed
	// after connection 3 is up.
	assert.Equal(t, []observe.State{observe.Connected, observe.Closed, observe.Reconnecting}, states(all, 1))
	assert.Equal(t, []observe.State{observe.Connected, observe.DisconnectAnnounced, observe.Reconnecting, observe.Closed}, states(all, 2))
	for _, c := range all {
		switch {
		case c.ConnID == 1 && c.State == observe.Closed:
			assert.Error(t, c.Err, "a dropped connection ends with an error")
		case c.ConnID == 1 && c.State == observe.Reconnecting:
			assert.Equal(t, "connection lost", c.Reason)
		case c.ConnID == 2 && c.State == observe.Reconnecting:
			assert.Equal(t, "announced by the gateway", c.Reason)
		}
	}

	// Every open call is an observed API call; the failed one carries its
	// status and error, and no call names the ticket or the secret.
	calls := obs.Calls()
	require.GreaterOrEqual(t, len(calls), 4, "calls: %+v", calls)
	assert.Equal(t, http.StatusServiceUnavailable, calls[0].StatusCode)
	require.Error(t, calls[0].Err)
	for _, c := range calls {
		assert.Equal(t, dingstream.OpenPath, c.API)
		assert.Equal(t, http.MethodPost, c.Method)
		assert.NotContains(t, c.Host+c.API, kefutest.AppSecret)
	}
	assert.Equal(t, http.StatusOK, calls[1].StatusCode)
	assert.NoError(t, calls[1].Err)
}

// A delivery through the Stream client is observed with the event's type
// and id, and the handler runs under the Observer's context.
func TestObserverSeesStreamDeliveries(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	obs := kefutest.NewObserver()
	r := event.NewRouter()
	underObserver := make(chan bool, 1)
	event.Handle(r, func(ctx context.Context, _ *event.OrgChange) error {
		_, ok := kefutest.DeliveryFrom(ctx)
		underObserver <- ok
		return nil
	})
	start(t, g, r, dingstream.WithObserver(obs))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	waitAcked(t, g, g.PushEvent(event.TypeOrgChange, "ev-observed", []byte(`{}`)))
	assert.True(t, <-underObserver)
	d := obs.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, observe.Delivery{Receiver: "dingstream", Type: "org_change", ID: "ev-observed"}, d[0].Delivery)
	assert.Equal(t, observe.Accepted, d[0].Outcome)
}

func TestWithObserverNil(t *testing.T) {
	t.Parallel()
	_, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithObserver(nil))
	require.ErrorContains(t, err, "WithObserver(nil)")
}
