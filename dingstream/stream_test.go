package dingstream_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/fixtures"
	"github.com/kefu-go/kefu/kefutest"
)

// waitLimit bounds every wait of these tests; none is a timing assertion.
const waitLimit = 20 * time.Second

func newGateway(t *testing.T) *kefutest.StreamGateway {
	t.Helper()
	g := kefutest.NewStreamGateway()
	t.Cleanup(g.Close)
	return g
}

// fast are the options every test adds: reconnects within milliseconds.
func fast(g *kefutest.StreamGateway) []dingstream.Option {
	return []dingstream.Option{dingstream.WithBaseURL(g.URL), dingstream.WithBackoff(5*time.Millisecond, 50*time.Millisecond)}
}

// running is a Client's Run in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan error
}

// start runs a Client against g until the test stops it (or ends).
func start(t *testing.T, g *kefutest.StreamGateway, r *event.Router, opts ...dingstream.Option) *running {
	t.Helper()
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r, append(fast(g), opts...)...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	run := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { run.done <- c.Run(ctx) }()
	t.Cleanup(func() { _ = run.stop(t) })
	return run
}

// stop cancels Run's context and returns what Run returned.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // a second stop sees it too
		return err
	case <-time.After(waitLimit):
		t.Fatal("Run did not return after its context ended")
		return nil
	}
}

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

func waitAcked(t *testing.T, g *kefutest.StreamGateway, id string) kefutest.StreamAck {
	t.Helper()
	a, err := g.WaitAcked(waitCtx(t), id)
	require.NoError(t, err, "no SUCCESS for %s; answers: %+v", id, g.Acks())
	return a
}

// waitAnswers waits until id has n answers and returns them.
func waitAnswers(t *testing.T, g *kefutest.StreamGateway, id string, n int) []kefutest.StreamAck {
	t.Helper()
	var got []kefutest.StreamAck
	err := g.Wait(waitCtx(t), func(g *kefutest.StreamGateway) bool {
		got = got[:0]
		for _, a := range g.Acks() {
			if a.MessageID == id {
				got = append(got, a)
			}
		}
		return len(got) >= n
	})
	require.NoError(t, err, "answers: %+v", g.Acks())
	return got
}

// recorder is a Router handler that records every event by EventID.
type recorder struct {
	mu     sync.Mutex
	events map[string][]event.Event
}

func (rec *recorder) handle(_ context.Context, ev event.Event) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.events == nil {
		rec.events = map[string][]event.Event{}
	}
	id := ev.EventHeader().EventID
	rec.events[id] = append(rec.events[id], ev)
	return nil
}

func (rec *recorder) get(id string) []event.Event {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.events[id]
}

func TestEveryStreamFixtureIsDeliveredTyped(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	rec := &recorder{}
	r := event.NewRouter()
	r.HandleDefault(rec.handle)
	start(t, g, r)

	frames := fixtures.Streams(t)
	ids := make([]string, len(frames))
	for i, fx := range frames {
		ids[i] = g.PushEventHeaders(fx.Headers, []byte(fx.Data))
	}
	for i, fx := range frames {
		a := waitAcked(t, g, ids[i])
		assert.Equal(t, event.AckSuccess, a.Status, fx.Name)
		assert.JSONEq(t, `{"status":"SUCCESS","message":"success"}`, string(a.Data), fx.Name)

		h, err := event.StreamHeader(fx.Headers)
		require.NoError(t, err, fx.Name)
		want, err := event.Decode(h, []byte(fx.Data))
		require.NoError(t, err, fx.Name)
		got := rec.get(fx.Headers["eventId"])
		require.Len(t, got, 1, fx.Name)
		assert.Equal(t, want, got[0], fx.Name)
		assert.NotEqual(t, "*event.Unknown", fmt.Sprintf("%T", got[0]), "%s is a known type", fx.Name)
	}
}

func TestAcksLaterUntilTheHandlerSucceeds(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	var calls atomic.Int32
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		switch calls.Add(1) {
		case 1:
			return errors.New("database down")
		case 2:
			panic("bug")
		}
		if len(e.UserIDs) != 1 || e.UserIDs[0] != "u1" {
			return errors.New("wrong payload")
		}
		return nil
	})
	start(t, g, r)

	id := g.PushEvent(event.TypeUserAddOrg, "e-later", []byte(`{"userId":["u1"]}`))
	answers := waitAnswers(t, g, id, 1)
	assert.Equal(t, event.AckLater, answers[0].Status, "an error is answered LATER")
	assert.Equal(t, 200, answers[0].Code, "LATER travels in data, with code 200 (the Stream protocol page §4)")
	g.Redeliver()
	answers = waitAnswers(t, g, id, 2)
	assert.Equal(t, event.AckLater, answers[1].Status, "a panic is answered LATER")
	g.Redeliver()
	a := waitAcked(t, g, id)
	assert.Equal(t, event.AckSuccess, a.Status)
	assert.Equal(t, int32(3), calls.Load())
	assert.Zero(t, g.Outstanding())
}

func TestAcksLaterForUndecodableAndTimeout(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, _ *event.OrgDeptCreate) error {
		<-ctx.Done() // runs past the handler timeout
		return nil
	})
	start(t, g, r, dingstream.WithHandlerTimeout(30*time.Millisecond))

	// user_add_org whose data is not an object: *Unknown with Err, nobody handles it.
	bad := g.PushEvent(event.TypeUserAddOrg, "", []byte(`[1,2]`))
	// a bad eventBornTime header
	badHeader := g.PushEventHeaders(map[string]string{"eventType": "user_add_org", "eventBornTime": "yesterday"}, []byte(`{}`))
	slow := g.PushEvent(event.TypeOrgDeptCreate, "", []byte(`{"deptId":[1]}`))
	for _, id := range []string{bad, badHeader, slow} {
		a := waitAnswers(t, g, id, 1)[0]
		assert.Equal(t, event.AckLater, a.Status, id)
	}
}

func TestUndecodablePayloadReachesAHandlerOfUnknown(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	got := make(chan *event.Unknown, 1)
	r := event.NewRouter()
	r.HandleDefault(func(_ context.Context, ev event.Event) error {
		u, _ := ev.(*event.Unknown)
		got <- u
		return nil
	})
	start(t, g, r)
	id := g.PushEventHeaders(map[string]string{"eventType": "user_add_org", "eventId": "e-u", "eventCorpId": "ding1"}, []byte(`{"userId":{"no":"list"}}`))
	a := waitAcked(t, g, id)
	assert.Equal(t, event.AckSuccess, a.Status, "a handler took it")
	u := <-got
	require.NotNil(t, u)
	require.Error(t, u.Err)
	assert.Equal(t, event.TypeUserAddOrg, u.EventType)
	assert.Equal(t, "e-u", u.EventID)
	assert.Equal(t, "ding1", u.CorpID)
	assert.JSONEq(t, `{"userId":{"no":"list"}}`, string(u.Raw))
}

func TestPingIsAnsweredWithItsData(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	start(t, g, event.NewRouter())
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	id := g.Ping()
	a := waitAcked(t, g, id)
	assert.Equal(t, "SYSTEM", a.FrameType)
	assert.JSONEq(t, `{"opaque":"`+id+`"}`, string(a.Data))
}

func TestCallbackAnswersTheHandlersResponse(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	const topic = "/v1.0/im/bot/messages/get"
	start(t, g, event.NewRouter(),
		dingstream.WithCallback(topic, func(_ context.Context, m *dingstream.CallbackMessage) (any, error) {
			var msg struct {
				Text struct{ Content string } `json:"text"`
			}
			if err := json.Unmarshal(m.Data, &msg); err != nil {
				return nil, err
			}
			if msg.Text.Content == "fail" {
				return nil, errors.New("cannot answer")
			}
			return map[string]string{"echo": msg.Text.Content, "topic": m.Topic}, nil
		}))
	ok := g.PushCallback(topic, []byte(`{"text":{"content":"hello"}}`))
	a := waitAcked(t, g, ok)
	assert.Equal(t, "CALLBACK", a.FrameType)
	assert.JSONEq(t, `{"response":{"echo":"hello","topic":"/v1.0/im/bot/messages/get"}}`, string(a.Data))

	failed := g.PushCallback(topic, []byte(`{"text":{"content":"fail"}}`))
	assert.Equal(t, 500, waitAnswers(t, g, failed, 1)[0].Code)
	// The gateway pushes only subscribed topics: a card callback waits.
	other := g.PushCallback("/v1.0/card/instances/callback", []byte(`{}`))
	waitAcked(t, g, g.PushCallback(topic, []byte(`{"text":{"content":"after"}}`)))
	for _, a := range g.Acks() {
		assert.NotEqual(t, other, a.MessageID, "an unsubscribed topic is not pushed")
	}

	opens := g.Opens()
	require.NotEmpty(t, opens)
	assert.Equal(t, []kefutest.Subscription{{Type: "EVENT", Topic: "*"}, {Type: "CALLBACK", Topic: topic}}, opens[0].Subscriptions)
	assert.Equal(t, kefutest.AppKey, opens[0].ClientID)
	assert.True(t, strings.HasPrefix(opens[0].UA, "kefu-go/"), opens[0].UA)
}

func TestDisconnectOpensTheNextConnectionFirstAndLosesNothing(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.DisconnectGrace = waitLimit // the old connection stays until the test is done with it
	started, release := make(chan struct{}), make(chan struct{})
	rec := &recorder{}
	r := event.NewRouter()
	r.HandleDefault(func(ctx context.Context, ev event.Event) error {
		if ev.EventHeader().EventID == "slow" {
			close(started)
			<-release
		}
		return rec.handle(ctx, ev)
	})
	start(t, g, r)

	slow := g.PushEvent(event.TypeOrgChange, "slow", []byte(`{}`))
	<-started
	g.Disconnect("persistent connection is timeout")
	require.NoError(t, g.WaitConnections(waitCtx(t), 2), "the next connection opens while the old one is still open")
	assert.Len(t, g.Opens(), 2)

	next := g.PushEvent(event.TypeOrgChange, "next", []byte(`{}`))
	assert.Equal(t, 2, waitAcked(t, g, next).Conn, "new frames go to the new connection")
	close(release)
	assert.Equal(t, 1, waitAcked(t, g, slow).Conn, "the frame in flight is answered on its own connection")
	assert.Len(t, rec.get("slow"), 1)
	assert.Len(t, rec.get("next"), 1)
	assert.Zero(t, g.Outstanding())
}

func TestAbruptCloseReconnectsAndTheRedeliveryIsHandledOnce(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, _ *event.OrgChange) error {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-release
		return nil
	})
	start(t, g, r, dingstream.WithDeduplicator(store))

	id := g.PushEvent(event.TypeOrgChange, "e-drop", []byte(`{}`))
	<-started
	g.Drop() // the handler is still running; its answer can no longer be sent
	require.NoError(t, g.Wait(waitCtx(t), func(g *kefutest.StreamGateway) bool {
		return len(g.Opens()) == 2 && g.Connections() == 1
	}), "reconnected with a new open call")

	// The gateway pushes the unanswered frame again on the new connection:
	// the first delivery still holds the claim, so it is answered LATER.
	a := waitAnswers(t, g, id, 1)[0]
	assert.Equal(t, event.AckLater, a.Status)
	assert.Equal(t, 2, a.Conn)

	close(release)
	// Redeliver until the claim is done: then the answer is SUCCESS without dispatch.
	require.Eventually(t, func() bool {
		g.Redeliver()
		for _, a := range g.Acks() {
			if a.MessageID == id && a.Succeeded() {
				return true
			}
		}
		return false
	}, waitLimit, 5*time.Millisecond)
	assert.Equal(t, int32(1), calls.Load(), "handled once across the drop and the redeliveries")
}

func TestRejectedCredentialsEndRun(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	var logs kefutest.LogBuffer
	const secret = "wrong-secret-must-not-leak"
	c, err := dingstream.New(kefutest.AppKey, secret, event.NewRouter(), append(fast(g), dingstream.WithLogger(logs.Logger()))...)
	require.NoError(t, err)
	err = c.Run(waitCtx(t))
	require.ErrorIs(t, err, dingstream.ErrUnauthorized)
	var oe *dingstream.OpenError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 401, oe.StatusCode)
	assert.Equal(t, "authFailed", oe.Code)
	assert.False(t, oe.Retryable())
	assert.Equal(t, "dingstream: open connection: HTTP 401 authFailed: 鉴权失败 (request id fake-3)", err.Error())
	assert.Len(t, g.Opens(), 1, "no retry of rejected credentials")
	assert.NotContains(t, logs.String(), secret)
	assert.Contains(t, logs.String(), "authFailed")
}

func TestOpenIsRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.FailOpens(503, 429, 500)
	rec := &recorder{}
	r := event.NewRouter()
	r.HandleDefault(rec.handle)
	start(t, g, r)
	id := g.PushEvent(event.TypeOrgChange, "after-retries", []byte(`{}`))
	waitAcked(t, g, id)
	assert.Len(t, g.Opens(), 4)
	assert.Len(t, rec.get("after-retries"), 1)
}

func TestMaxInFlightStopsReadingAndDropsNothing(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	release := make(chan struct{})
	var running, peak atomic.Int32
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, _ *event.OrgChange) error {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		running.Add(-1)
		return nil
	})
	start(t, g, r, dingstream.WithMaxInFlight(2))
	var ids []string
	for range 6 {
		ids = append(ids, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
	}
	require.Eventually(t, func() bool { return running.Load() == 2 }, waitLimit, time.Millisecond)
	assert.Empty(t, g.Acks(), "nothing answered while the handlers run")
	close(release)
	for _, id := range ids {
		waitAcked(t, g, id)
	}
	assert.Equal(t, int32(2), peak.Load())
	assert.Zero(t, g.Outstanding())
}

func TestKeepaliveReplacesAConnectionWithoutPong(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	rec := &recorder{}
	r := event.NewRouter()
	r.HandleDefault(rec.handle)
	start(t, g, r, dingstream.WithKeepalive(20*time.Millisecond, 50*time.Millisecond))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	g.Stall()
	waitAcked(t, g, g.Ping()) // the last answer the stalled connection reads
	require.NoError(t, g.Wait(waitCtx(t), func(g *kefutest.StreamGateway) bool { return len(g.Opens()) >= 2 }),
		"no pong: the client opened a new connection")
	id := g.PushEvent(event.TypeOrgChange, "after-stall", []byte(`{}`))
	assert.Greater(t, waitAcked(t, g, id).Conn, 1)
}

func TestShutdownDrainsHandlersInFlight(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	started, release := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, _ *event.OrgChange) error {
		close(started)
		<-release
		finished.Store(true)
		return ctx.Err() // the handler's context outlives Run's
	})
	run := start(t, g, r)
	id := g.PushEvent(event.TypeOrgChange, "drain", []byte(`{}`))
	<-started
	run.cancel()
	go func() { time.Sleep(20 * time.Millisecond); close(release) }()
	require.NoError(t, run.stop(t))
	assert.True(t, finished.Load(), "Run returned after the handler in flight")
	a := waitAcked(t, g, id)
	assert.Equal(t, event.AckSuccess, a.Status, "and its answer was sent before the connection closed")
}

func TestShutdownTimeoutCancelsHandlers(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	started := make(chan struct{})
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, _ *event.OrgChange) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	run := start(t, g, r, dingstream.WithShutdownTimeout(30*time.Millisecond))
	id := g.PushEvent(event.TypeOrgChange, "stuck", []byte(`{}`))
	<-started
	err := run.stop(t)
	require.ErrorIs(t, err, dingstream.ErrShutdownTimeout)
	assert.Equal(t, event.AckLater, waitAnswers(t, g, id, 1)[0].Status)
}

func TestRunTwiceAtOnceIsRefused(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), fast(g)...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	assert.ErrorContains(t, c.Run(ctx), "already running")
	cancel()
	require.NoError(t, <-done)
}

func TestOptionsAreValidated(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	noop := func(context.Context, *dingstream.CallbackMessage) (any, error) { return nil, nil }
	for name, tc := range map[string]struct {
		id, secret string
		r          *event.Router
		opt        dingstream.Option
		want       string
	}{
		"empty id":          {"", "s", r, nil, "empty client id"},
		"empty secret":      {"k", "", r, nil, "empty client secret"},
		"nil router":        {"k", "s", nil, nil, "nil *event.Router"},
		"base URL":          {"k", "s", r, dingstream.WithBaseURL("api.dingtalk.com"), "absolute http or https URL"},
		"in flight":         {"k", "s", r, dingstream.WithMaxInFlight(0), "want at least 1"},
		"handler timeout":   {"k", "s", r, dingstream.WithHandlerTimeout(0), "must be positive"},
		"dedup":             {"k", "s", r, dingstream.WithDeduplicator(nil), "WithDeduplicator(nil)"},
		"callback topic":    {"k", "s", r, dingstream.WithCallback("bot", noop), "a topic is a path"},
		"callback nil":      {"k", "s", r, dingstream.WithCallback("/t", nil), "nil handler"},
		"keepalive":         {"k", "s", r, dingstream.WithKeepalive(time.Second, 0), "both must be positive"},
		"backoff":           {"k", "s", r, dingstream.WithBackoff(time.Minute, time.Second), "0 < min <= max"},
		"shutdown":          {"k", "s", r, dingstream.WithShutdownTimeout(-1), "must be positive"},
		"frame size":        {"k", "s", r, dingstream.WithMaxFrameSize(10), "at least 1024"},
		"http client nil":   {"k", "s", r, dingstream.WithHTTPClient(nil), "WithHTTPClient(nil)"},
		"http client timer": {"k", "s", r, dingstream.WithHTTPClient(&http.Client{Timeout: time.Second}), "it must be 0"},
	} {
		var opts []dingstream.Option
		if tc.opt != nil {
			opts = append(opts, tc.opt)
		}
		_, err := dingstream.New(tc.id, tc.secret, tc.r, opts...)
		assert.ErrorContains(t, err, tc.want, name)
	}
	_, err := dingstream.New("k", "s", r, dingstream.WithCallback("/t", noop), dingstream.WithCallback("/t", noop))
	assert.ErrorContains(t, err, "already has a handler")
}
