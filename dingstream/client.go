package dingstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
)

// Client receives DingTalk events in Stream mode and dispatches them on an
// event.Router. Create it with New and start it with Run. Its methods are
// safe for concurrent use; Run runs once at a time.
type Client struct {
	cred    *credentials // a pointer, so %v of a Client prints no secret
	router  *event.Router
	baseURL string

	httpClient *http.Client
	rest       *resty.Client
	log        *slog.Logger
	deliver    deliver.Dispatcher
	callbacks  map[string]CallbackFunc

	maxInFlight                int
	keepaliveIdle, pongTimeout time.Duration
	minBackoff, maxBackoff     time.Duration
	shutdownTimeout            time.Duration
	maxFrame                   int64

	running atomic.Bool
	conns   atomic.Int64 // connections opened, numbering them in logs
}

type credentials struct{ id, secret string }

// CallbackFunc handles the frames of one CALLBACK topic (see WithCallback).
// What it returns is marshalled into the answer's {"response":…}.
type CallbackFunc func(ctx context.Context, m *CallbackMessage) (response any, err error)

// CallbackMessage is one CALLBACK frame, such as a robot message
//
//	{"type":"CALLBACK","headers":{"topic":"/v1.0/im/bot/messages/get","messageId":"…",…},
//	 "data":"{\"conversationId\":\"cid…\",\"text\":{\"content\":\"hello\"},…}"}
type CallbackMessage struct {
	// Topic is the frame's topic, the one WithCallback registered.
	Topic string
	// MessageID is the frame's messageId.
	MessageID string
	// Headers are all the frame's headers.
	Headers map[string]string
	// Data is the frame's data: a JSON document.
	Data json.RawMessage
}

// New returns a Client for the app whose Client ID (AppKey) and Client
// Secret (AppSecret) are given, dispatching events on r. It does not
// connect: Run does.
func New(clientID, clientSecret string, r *event.Router, opts ...Option) (*Client, error) {
	switch {
	case clientID == "":
		return nil, errors.New("dingstream: New: empty client id (the app's AppKey)")
	case clientSecret == "":
		return nil, errors.New("dingstream: New: empty client secret (the app's AppSecret)")
	case r == nil:
		return nil, errors.New("dingstream: New: nil *event.Router")
	}
	c := &Client{
		cred:            &credentials{id: clientID, secret: clientSecret},
		router:          r,
		baseURL:         DefaultBaseURL,
		httpClient:      &http.Client{},
		callbacks:       map[string]CallbackFunc{},
		maxInFlight:     DefaultMaxInFlight,
		keepaliveIdle:   DefaultKeepaliveIdle,
		pongTimeout:     DefaultPongTimeout,
		minBackoff:      DefaultMinBackoff,
		maxBackoff:      DefaultMaxBackoff,
		shutdownTimeout: DefaultShutdownTimeout,
		maxFrame:        DefaultMaxFrameSize,
	}
	c.deliver.Timeout = DefaultHandlerTimeout
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	c.log = httpx.Logger(c.log)
	c.deliver.Component, c.deliver.Log = "dingstream", c.log
	// A copy that follows no redirect to another origin: the open call
	// carries the client secret, the handshake the ticket.
	c.httpClient = httpx.WithSameOriginRedirects(c.httpClient)
	c.rest = resty.NewWithClient(c.httpClient).
		SetBaseURL(c.baseURL).
		SetResponseBodyLimit(maxOpenAnswer)
	return c, nil
}

// Run connects to DingTalk's Stream gateway and handles frames until ctx
// ends: events go through event.StreamHeader and event.Decode to the
// Router, and each is answered SUCCESS when its handler returned nil and
// LATER otherwise (error, panic, timeout, an undecodable payload nobody
// handled, a duplicate still in flight), so DingTalk pushes it again.
//
// Run reconnects, with a fresh ticket each time, when the connection drops
// or stops answering pings (after a backoff), and at once when the gateway
// announces a disconnect, opening the new connection before the old one
// closes. It returns:
//   - nil when ctx ended and the handlers in flight finished and were
//     answered within the shutdown timeout;
//   - an error matching ErrShutdownTimeout when some did not;
//   - an *OpenError (matching ErrUnauthorized for 401 and 403) when the
//     gateway refused to open a connection for a reason no retry fixes.
//
// No goroutine of Run outlives it, except a handler that ignores its
// context past the handler and shutdown timeouts.
func (c *Client) Run(ctx context.Context) error {
	if !c.running.CompareAndSwap(false, true) {
		return errors.New("dingstream: Run is already running on this Client")
	}
	defer c.running.Store(false)

	// Handlers outlive ctx until the shutdown timeout: they must be able to
	// finish and be answered.
	handlerCtx, cancelHandlers := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelHandlers()
	r := &runner{c: c, ctx: ctx, handlerCtx: handlerCtx, jobs: make(chan func())}
	err := r.loop()

	drained := make(chan struct{})
	go func() {
		r.sessions.Wait() // no session submits any more
		close(r.jobs)
		r.workers.Wait()
		close(drained)
	}()
	timer := time.NewTimer(c.shutdownTimeout)
	defer timer.Stop()
	select {
	case <-drained:
	case <-timer.C:
		cancelHandlers()
		<-drained
		if err == nil {
			err = fmt.Errorf("%w (%s)", ErrShutdownTimeout, c.shutdownTimeout)
		}
	}
	return err
}

// runner is one call of Run.
type runner struct {
	c          *Client
	ctx        context.Context // Run's: when it ends, no new connection and no new dispatch
	handlerCtx context.Context // the handlers': ends at the shutdown timeout
	sessions   sync.WaitGroup

	// Frames are handled by up to maxInFlight workers across connections,
	// started on demand and kept until Run returns: a goroutine per frame
	// would grow a fresh stack for every decode.
	jobs    chan func() // unbuffered: a send succeeds only to an idle worker
	started atomic.Int32
	workers sync.WaitGroup
}

// submit hands job to an idle worker, or to a new one while fewer than
// maxInFlight run, or else waits (the session is then busy, not dead) for
// a worker to become idle. It fails only when ctx, the connection's, ends.
func (r *runner) submit(ctx context.Context, s *session, job func()) bool {
	select {
	case r.jobs <- job:
		return true
	default:
	}
	if n := r.started.Add(1); int(n) <= r.c.maxInFlight {
		r.workers.Add(1)
		go r.work(job)
		return true
	}
	r.started.Add(-1)
	s.waiting.Store(true)
	defer s.waiting.Store(false)
	select {
	case r.jobs <- job:
		return true
	case <-ctx.Done():
		return false
	}
}

func (r *runner) work(job func()) {
	defer r.workers.Done()
	for ; job != nil; job = <-r.jobs {
		job()
	}
}

// loop opens a connection, serves it in its own goroutine, and opens the
// next when it is announced to close or has dropped. It returns nil when ctx
// ends and an error when the gateway refuses the credentials.
func (r *runner) loop() error {
	c := r.c
	attempt := 0
	for {
		ws, err := c.connect(r.ctx)
		if err != nil {
			if r.ctx.Err() != nil {
				return nil
			}
			var oe *OpenError
			if errors.As(err, &oe) && !oe.Retryable() {
				c.log.ErrorContext(r.ctx, "dingstream: the gateway refused the connection; stopping", "error", err)
				return err
			}
			wait := c.backoff(attempt)
			attempt++
			c.log.WarnContext(r.ctx, "dingstream: connect failed; retrying", "error", err, "attempt", attempt, "wait", wait)
			if !sleep(r.ctx, wait) {
				return nil
			}
			continue
		}
		s := newSession(r, ws, c.conns.Add(1))
		c.log.InfoContext(r.ctx, "dingstream: connected", "conn", s.id)
		r.sessions.Go(func() {
			s.serve()
		})
		select {
		case <-r.ctx.Done():
			return nil
		case <-s.next:
		}
		if s.healthy() {
			attempt = 0
		}
		if s.announced.Load() {
			continue // the gateway asked us to move: the new connection opens at once
		}
		wait := c.backoff(attempt)
		attempt++
		c.log.WarnContext(r.ctx, "dingstream: connection lost; reconnecting", "conn", s.id, "wait", wait)
		if !sleep(r.ctx, wait) {
			return nil
		}
	}
}

// backoff is the wait before reconnect attempt n (from 0): minBackoff
// doubling up to maxBackoff, less up to 20% of jitter so that replicas
// spread out.
func (c *Client) backoff(n int) time.Duration {
	d := c.maxBackoff
	if n < 32 {
		if b := c.minBackoff << n; b > 0 && b < d {
			d = b
		}
	}
	return d - rand.N(d/5+1) //nolint:gosec // jitter, not a secret
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
