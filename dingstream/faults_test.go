package dingstream_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// These tests run the client against the gateway faults of the official
// SDKs' reports, through the fake gateway's controls. Their timing limits
// are lower bounds the code guarantees or generous upper ones (seconds);
// none sleeps to wait.

// A gateway that announces a disconnect on every new connection and never
// closes the announced one: the client closes each announced connection
// itself after the grace, holds at most two at once, and calls open no
// faster than its backoff.
func TestDisconnectStormIsPacedAndBounded(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.AnnounceDisconnectOnConnect(true)
	g.NeverCloseAnnounced(true)
	const minWait, maxWait = 40 * time.Millisecond, 320 * time.Millisecond
	run := start(t, g, event.NewRouter(), dingstream.WithBackoff(minWait, maxWait),
		dingstream.WithDisconnectGrace(50*time.Millisecond))
	require.NoError(t, g.WaitOpens(waitCtx(t), 7))
	require.NoError(t, run.stop(t))

	times := g.OpenTimes()
	for i := 1; i < len(times); i++ {
		// backoff(i-1): minWait doubling to maxWait, less at most 20% jitter;
		// 10 ms for the calls' own latency, which the gateway's clock sees.
		want := min(minWait<<(i-1), maxWait)*8/10 - 10*time.Millisecond
		assert.GreaterOrEqual(t, times[i].Sub(times[i-1]), want, "open %d came %s after open %d", i+1, times[i].Sub(times[i-1]), i)
	}
	assert.LessOrEqual(t, g.MaxConnections(), 2, "at most two connections at once")
	assert.Zero(t, g.Connections(), "the client closed every announced connection")
}

// Slow handlers fill every worker: SYSTEM pings are still answered at
// once, a burst beyond the workers waits in the queue and is answered
// SUCCESS the first time, and only a frame that finds the queue full is
// answered LATER at once.
func TestSlowHandlersStarveNothing(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	release, running := make(chan struct{}), make(chan struct{}, 16)
	var calls atomic.Int32
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error {
		calls.Add(1)
		running <- struct{}{}
		<-release
		return nil
	})
	start(t, g, r, dingstream.WithMaxInFlight(2), dingstream.WithQueueSize(8))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	var ids []string
	for range 2 { // every worker busy
		ids = append(ids, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
	}
	<-running
	<-running
	for range 8 { // the queue full
		ids = append(ids, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
	}

	sent := time.Now()
	ping := g.Ping()
	a, err := g.WaitAnswer(waitCtx(t), ping)
	require.NoError(t, err)
	assert.Equal(t, 200, a.Code)
	assert.Less(t, time.Since(sent), time.Second, "a SYSTEM ping is answered within a second while every worker is busy")

	over := g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)) // the queue is full
	a, err = g.WaitAnswer(waitCtx(t), over)
	require.NoError(t, err)
	assert.Equal(t, "LATER", a.Status, "only a frame that finds the queue full is answered LATER at once")

	close(release)
	for _, id := range ids {
		a, err := g.WaitAnswer(waitCtx(t), id)
		require.NoError(t, err)
		assert.Equal(t, "SUCCESS", a.Status, "the burst is answered SUCCESS the first time")
	}
	assert.Equal(t, int32(10), calls.Load())
}

// A zombie connection — WebSocket pongs arrive, but the gateway pushes no
// frame at all, not even SYSTEM pings — is replaced after the idle
// timeout.
func TestZombieConnectionIsReplaced(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.StopSystemPings()
	var logs kefutest.LogBuffer
	start(t, g, event.NewRouter(), dingstream.WithIdleTimeout(200*time.Millisecond),
		dingstream.WithKeepalive(50*time.Millisecond, 5*time.Second), dingstream.WithLogger(logs.Logger()))
	require.NoError(t, g.WaitOpens(waitCtx(t), 3), "replaced, and again")
	assert.Contains(t, logs.String(), "no frame for the idle timeout")
	assert.NotContains(t, logs.String(), "no pong", "the pongs kept coming")
}

// SYSTEM pings keep a connection alive past the idle timeout.
func TestSystemPingsKeepTheConnection(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	g.SystemPingInterval = 20 * time.Millisecond
	start(t, g, event.NewRouter(), dingstream.WithIdleTimeout(200*time.Millisecond))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	// Ten idle timeouts' worth of pings: answered on the same connection.
	require.NoError(t, g.Wait(waitCtx(t), func(g *kefutest.StreamGateway) bool { return g.AckCount() >= 100 }))
	assert.Len(t, g.Opens(), 1)
}

// A robot message pushed again while its slow handler still runs reaches
// the handler once: the second push is answered 200 with an empty
// response, the first with the handler's.
func TestCallbackPushedAgainIsHandledOnce(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	const topic = "/v1.0/im/bot/messages/get"
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	start(t, g, event.NewRouter(), dingstream.WithDeduplicator(store),
		dingstream.WithCallback(topic, func(context.Context, *dingstream.CallbackMessage) (any, error) {
			if calls.Add(1) == 1 {
				close(started)
			}
			<-release
			return map[string]string{"ok": "first"}, nil
		}))
	first := g.PushCallback(topic, []byte(`{"msgId":"msgA1","text":{"content":"hi"}}`))
	<-started
	g.Redeliver() // the gateway's timeout: the same message, pushed again
	// A second frame of the same message, with a new messageId, as the
	// gateway sends one.
	second := g.PushCallback(topic, []byte(`{"msgId":"msgA1","text":{"content":"hi"}}`))
	a, err := g.WaitAnswer(waitCtx(t), second)
	require.NoError(t, err)
	assert.Equal(t, 200, a.Code)
	assert.JSONEq(t, `{"response":null}`, string(a.Data), "a duplicate gets an empty 200")
	close(release)
	// first was pushed twice (Redeliver): one answer is the handler's.
	ans := waitAnswers(t, g, first, 2)
	var datas []string
	for _, a := range ans {
		assert.Equal(t, 200, a.Code)
		datas = append(datas, string(a.Data))
	}
	assert.ElementsMatch(t, []string{`{"response":null}`, `{"response":{"ok":"first"}}`}, datas)
	assert.Equal(t, int32(1), calls.Load(), "one handler call for one msgId")
	// Another message is handled.
	other := g.PushCallback(topic, []byte(`{"msgId":"msgB2"}`))
	waitAcked(t, g, other)
	assert.Equal(t, int32(2), calls.Load())
}

// 401 on a reconnect, after the app has connected before, does not end
// Run: it is retried with the backoff, logged at ERROR each time, and
// ends Run only after WithMaxAuthFailures consecutive refusals.
func TestUnauthorizedReconnectIsRetried(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	var logs kefutest.LogBuffer
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), append(fast(g),
		dingstream.WithMaxAuthFailures(3), dingstream.WithLogger(logs.Logger()))...)
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	g.RejectReopens(http.StatusUnauthorized)
	g.Drop()
	select {
	case err := <-done:
		require.ErrorIs(t, err, dingstream.ErrUnauthorized)
	case <-waitCtx(t).Done():
		t.Fatal("Run did not return after 3 refusals")
	}
	assert.Len(t, g.Opens(), 4, "one accepted, three refused")
	assert.Equal(t, 3, countLines(logs.String(), "level=ERROR msg=\"dingstream: the gateway refused the credentials on a reconnect; retrying\""))

	// Without WithMaxAuthFailures it never gives up; accepted again, it
	// connects again.
	g2 := newGateway(t)
	run := start(t, g2, event.NewRouter())
	require.NoError(t, g2.WaitConnections(waitCtx(t), 1))
	g2.RejectReopens(http.StatusForbidden)
	g2.Drop()
	require.NoError(t, g2.WaitOpens(waitCtx(t), 6))
	g2.RejectReopens(0)
	require.NoError(t, g2.WaitConnections(waitCtx(t), 1))
	require.NoError(t, run.stop(t))
}

// The very first open refused with 401 still ends Run at once.
func TestFirstOpenRefusedEndsRun(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	c, err := dingstream.New(kefutest.AppKey, "not-the-secret", event.NewRouter(), fast(g)...)
	require.NoError(t, err)
	require.ErrorIs(t, c.Run(context.Background()), dingstream.ErrUnauthorized)
	assert.Len(t, g.Opens(), 1)
}

// ctx ends while the gateway ignores the close handshake: Run returns
// within the shutdown timeout (and a margin), nil since nothing was in
// flight.
func TestShutdownWithAPeerThatIgnoresTheClose(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	const shutdown = 500 * time.Millisecond
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), append(fast(g),
		dingstream.WithShutdownTimeout(shutdown))...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	require.NoError(t, g.IgnoreCloseHandshake(waitCtx(t)))
	stopped := time.Now()
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "nothing was in flight")
		assert.Less(t, time.Since(stopped), shutdown+2*time.Second, "bounded by the shutdown timeout, not the peer")
	case <-waitCtx(t).Done():
		t.Fatal("Run did not return")
	}
}

// The client speaks to a wss:// endpoint, as DingTalk's is.
func TestTLSGateway(t *testing.T) {
	t.Parallel()
	g := kefutest.NewStreamGatewayTLS()
	t.Cleanup(g.Close)
	rec := &recorder{}
	r := event.NewRouter()
	r.HandleDefault(rec.handle)
	start(t, g, r, dingstream.WithHTTPClient(g.Client()))
	id := g.PushEvent(event.TypeOrgChange, "tls-1", []byte(`{}`))
	waitAcked(t, g, id)
	assert.Len(t, rec.get("tls-1"), 1)
}

// A SYSTEM frame of an unknown topic is answered 200; a disconnect without
// a messageId (the protocol page's own example) is honoured.
func TestSystemFramesOfEveryShape(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	start(t, g, event.NewRouter())
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	id := g.PushSystem("KEEPALIVE", true, []byte(`{}`))
	a, err := g.WaitAnswer(waitCtx(t), id)
	require.NoError(t, err)
	assert.Equal(t, 200, a.Code)
	g.PushSystem("disconnect", false, []byte(`{"reason":"persistent connection is timeout"}`))
	require.NoError(t, g.WaitOpens(waitCtx(t), 2), "the announcement opened the next connection")
}

// The open call sends the host's localIp, as every official SDK does.
func TestOpenCallSendsLocalIP(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	start(t, g, event.NewRouter())
	require.NoError(t, g.WaitOpens(waitCtx(t), 1))
	ip := g.Opens()[0].LocalIP
	if ip != "" {
		assert.Regexp(t, `^\d+\.\d+\.\d+\.\d+$`, ip)
		assert.NotEqual(t, "127.0.0.1", ip)
	}
}

// countLines counts the lines of s that contain sub.
func countLines(s, sub string) int {
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, sub) {
			n++
		}
	}
	return n
}
