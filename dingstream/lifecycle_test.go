package dingstream_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
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
