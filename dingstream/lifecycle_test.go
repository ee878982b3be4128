package dingstream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// Not parallel: it counts the goroutines of the whole process.
func TestNoGoroutineOutlivesRun(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		g := kefutest.NewStreamGateway()
		defer g.Close()
		g.DisconnectGrace = 10 * time.Millisecond
		rec := &recorder{}
		r := event.NewRouter()
		r.HandleDefault(rec.handle)
		c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r,
			append(fast(g), dingstream.WithKeepalive(10*time.Millisecond, time.Second))...)
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()

		waitAcked(t, g, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
		g.Disconnect("load balancing")
		waitAcked(t, g, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
		g.Drop()
		waitAcked(t, g, g.PushEvent(event.TypeOrgChange, "", []byte(`{}`)))
		time.Sleep(30 * time.Millisecond) // let a keepalive ping or two happen
		cancel()
		require.NoError(t, <-done)
	}()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	// Polled here, not with assert.Eventually: it runs its condition in a
	// goroutine of its own, which the count would include.
	deadline := time.Now().Add(waitLimit)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if runtime.NumGoroutine() > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines: %d before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
	}
}

func TestNoSecretOrTicketInLogsOrErrors(t *testing.T) {
	t.Parallel()
	const ticket = "0b8c2d7e-live-ticket-4f1a"
	// An open call that succeeds, with an endpoint where no WebSocket
	// answers: the handshake fails and is logged, with the URL.
	dead := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(dead.Close)
	var opened int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		opened++
		if opened > 2 {
			// Echo the request body, as a misbehaving proxy might.
			w.WriteHeader(http.StatusBadRequest)
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			_ = json.NewEncoder(w).Encode(map[string]any{"code": "echo", "message": body})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]string{
			"endpoint": "ws" + strings.TrimPrefix(dead.URL, "http") + "/connect", "ticket": ticket,
		})
	}))
	t.Cleanup(srv.Close)

	var logs kefutest.LogBuffer
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(),
		dingstream.WithBaseURL(srv.URL), dingstream.WithBackoff(time.Millisecond, time.Millisecond),
		dingstream.WithLogger(logs.Logger()))
	require.NoError(t, err)
	err = c.Run(waitCtx(t))
	require.Error(t, err)
	out := logs.String() + "\n" + err.Error()
	assert.Contains(t, out, "WebSocket handshake", "the handshake failure was logged")
	assert.Contains(t, out, "ticket=REDACTED")
	assert.NotContains(t, out, ticket)
	assert.NotContains(t, out, kefutest.AppSecret)
	assert.NotContains(t, fmt.Sprintf("%+v", c), kefutest.AppSecret, "a printed Client shows no secret")
}

// An open call answered with something other than a connection: retried
// when a retry may help, returned by Run when not.
func TestOpenCallAnswers(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		status    int
		body      string
		retryable bool
		want      string
	}{
		"proxy error page": {502, "<html><h1>502 Bad Gateway</h1></html>", true, `HTTP 502: "<html><h1>502 Bad Gateway</h1></html>"`},
		"no ticket":        {200, `{"endpoint":"wss://h/connect"}`, true, `HTTP 200: "{\"endpoint\":\"wss://h/connect\"}"`},
		"not a WebSocket":  {200, `{"endpoint":"https://h/connect","ticket":"t-123456"}`, true, "endpoint is not a ws or wss URL"},
		"wrong base URL":   {404, "<html>Not Found</html>", false, `HTTP 404: "<html>Not Found</html>"`},
		"bad request":      {400, `{"code":"invalidParameter","message":"clientSecret=` + kefutest.AppSecret + ` is malformed"}`, false, "HTTP 400 invalidParameter: clientSecret=REDACTED is malformed"},
	} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		var logs kefutest.LogBuffer
		c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithBaseURL(srv.URL),
			dingstream.WithBackoff(time.Millisecond, time.Millisecond), dingstream.WithLogger(logs.Logger()))
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- c.Run(ctx) }()
		if tc.retryable {
			require.Eventually(t, func() bool { return calls.Load() >= 3 }, waitLimit, time.Millisecond, name)
			cancel()
			require.NoError(t, <-done, name)
			assert.Contains(t, logs.String(), "connect failed; retrying", name)
		} else {
			err := <-done
			cancel()
			var oe *dingstream.OpenError
			require.ErrorAs(t, err, &oe, name)
			assert.False(t, oe.Retryable(), name)
			assert.Equal(t, int32(1), calls.Load(), name)
			assert.Equal(t, "dingstream: open connection: "+tc.want, err.Error(), name)
		}
		assert.Contains(t, logs.String(), fmt.Sprintf("open connection: HTTP %d", tc.status), name)
		assert.NotContains(t, logs.String(), kefutest.AppSecret, name)
		srv.Close()
	}
}

func TestFrameOverTheLimitReconnects(t *testing.T) {
	t.Parallel()
	g := newGateway(t)
	var logs kefutest.LogBuffer
	start(t, g, event.NewRouter(), dingstream.WithMaxFrameSize(1024), dingstream.WithLogger(logs.Logger()))
	require.NoError(t, g.WaitConnections(waitCtx(t), 1))
	g.PushEvent(event.TypeOrgChange, "big", []byte(`{"pad":"`+strings.Repeat("x", 2048)+`"}`))
	require.NoError(t, g.Wait(waitCtx(t), func(g *kefutest.StreamGateway) bool { return len(g.Opens()) >= 2 }))
	assert.Contains(t, logs.String(), "frame over the size limit")
	assert.Empty(t, g.Acks(), "an unread frame is not answered: the gateway keeps it")
}

// A page that echoes the client secret across the 200-byte cut of the
// OpenError leaves no piece of it in the error or the log: the text is
// redacted before it is cut.
func TestOpenErrorRedactsBeforeCutting(t *testing.T) {
	t.Parallel()
	const secret = "Q7vY2mK9pLx4Rt8WcZ1nB5hJ3dF6gS0aE" // 33 bytes, as the issue measured
	for pad := 170; pad <= 200; pad += 3 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(strings.Repeat("x", pad) + secret + "</html>"))
		}))
		var logs kefutest.LogBuffer
		c, err := dingstream.New(kefutest.AppKey, secret, event.NewRouter(), dingstream.WithBaseURL(srv.URL),
			dingstream.WithLogger(logs.Logger()))
		require.NoError(t, err)
		err = c.Run(context.Background())
		srv.Close()
		var oe *dingstream.OpenError
		require.ErrorAs(t, err, &oe)
		for _, text := range []string{err.Error(), oe.Snippet, logs.String()} {
			for i := 0; i+8 <= len(secret); i++ {
				require.NotContains(t, text, secret[i:i+8], "pad %d", pad)
			}
		}
	}
}

// The WebSocket handshake carries the ticket: it follows no redirect to
// another origin.
func TestHandshakeFollowsNoRedirectElsewhere(t *testing.T) {
	t.Parallel()
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("POST "+dingstream.OpenPath, func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"endpoint":"ws://` + strings.TrimPrefix(srv.URL, "http://") + `/connect","ticket":"one-use-ticket-123"}`))
	})
	var handshakes atomic.Int32
	mux.HandleFunc("/connect", func(w http.ResponseWriter, r *http.Request) {
		handshakes.Add(1)
		http.Redirect(w, r, other.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	})
	var logs kefutest.LogBuffer
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithBaseURL(srv.URL),
		dingstream.WithBackoff(time.Millisecond, 5*time.Millisecond), dingstream.WithLogger(logs.Logger()))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	require.Eventually(t, func() bool { return handshakes.Load() >= 3 }, waitLimit, time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	assert.Zero(t, elsewhere.Load(), "the ticket never reached the other origin")
	assert.Contains(t, logs.String(), "redirect to another origin refused")
	assert.NotContains(t, logs.String(), "one-use-ticket-123")
}
