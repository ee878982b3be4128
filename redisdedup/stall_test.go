package redisdedup_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/redisdedup"
)

// pausingProxy forwards TCP between its clients and a server, and stops
// forwarding (without closing anything) while paused: a Redis that stalls.
type pausingProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	paused bool
	resume chan struct{}
}

func newPausingProxy(t *testing.T, target string) *pausingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &pausingProxy{ln: ln, target: target, resume: make(chan struct{})}
	var conns sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			mu.Lock()
			open = append(open, c, s)
			mu.Unlock()
			conns.Add(2)
			go func() { defer conns.Done(); p.pipe(s, c) }()
			go func() { defer conns.Done(); p.pipe(c, s) }()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		p.Resume()
		mu.Lock()
		for _, c := range open {
			_ = c.Close()
		}
		mu.Unlock()
		conns.Wait()
	})
	return p
}

func (p *pausingProxy) Addr() string { return p.ln.Addr().String() }

// Pause stops forwarding; Resume starts it again.
func (p *pausingProxy) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.paused {
		p.paused, p.resume = true, make(chan struct{})
	}
}

func (p *pausingProxy) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paused {
		p.paused = false
		close(p.resume)
	}
}

func (p *pausingProxy) pipe(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		paused, resume := p.paused, p.resume
		p.mu.Unlock()
		if paused {
			<-resume
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// A Redis that stalls behind a paused proxy does not hold a DingTalk
// callback past the store timeout: with go-redis's ContextTimeoutEnabled
// (as the package doc says), the claim gives up after WithStoreTimeout, the
// event is dispatched (at least once) and answered "success", the failure
// is logged at WARN. Without the bound, the request would wait for
// go-redis's 10 s ReadTimeout set here.
func TestStalledRedisIsBoundedByTheStoreTimeout(t *testing.T) {
	t.Parallel()
	direct := newClient(t) // skips (or fails in CI) without a redis-server
	proxy := newPausingProxy(t, direct.Options().Addr)
	rdb := redis.NewClient(&redis.Options{Addr: proxy.Addr(), ContextTimeoutEnabled: true,
		ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	store, err := redisdedup.New(rdb, time.Hour, redisdedup.WithPrefix(uniquePrefix(t)))
	require.NoError(t, err)
	require.NoError(t, rdb.Ping(context.Background()).Err(), "the proxy forwards")

	var calls int
	r := event.NewRouter()
	event.Handle(r, func(context.Context, *event.OrgChange) error { calls++; return nil })
	logs := &kefutest.LogBuffer{}
	c := kefutest.NewDingTalkCrypto()
	h, err := dingcallback.New(c, r, dingcallback.WithDeduplicator(store),
		dingcallback.WithStoreTimeout(200*time.Millisecond), dingcallback.WithLogger(logs.Logger()))
	require.NoError(t, err)

	proxy.Pause()
	req, err := kefutest.NewDingTalkRequest(c, "/callback", `{"EventType":"org_change","eventId":"e-stalled"}`)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(w, req)
	took := time.Since(start)
	proxy.Resume()

	require.Equal(t, http.StatusOK, w.Code)
	reply, err := kefutest.OpenDingTalkReply(c, w.Body)
	require.NoError(t, err)
	assert.Equal(t, "success", reply)
	assert.Equal(t, 1, calls, "dispatched: at least once")
	assert.Contains(t, logs.String(), "level=WARN")
	assert.Contains(t, logs.String(), "deduplicator failed")
	assert.Less(t, took, 5*time.Second, "bounded by the store timeout (2 × 200 ms), not go-redis's 10 s")
}
