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
	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/internal/streamwire"
	"github.com/kefu-go/kefu/observe"
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

	maxInFlight, queueSize     int
	keepaliveIdle, pongTimeout time.Duration
	idleTimeout                time.Duration
	disconnectGrace            time.Duration
	minBackoff, maxBackoff     time.Duration
	shutdownTimeout            time.Duration
	maxAuthFailures            int
	maxFrame                   int64
	localIP                    string

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
		idleTimeout:     DefaultIdleTimeout,
		disconnectGrace: DefaultDisconnectGrace,
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
	if c.queueSize == 0 {
		c.queueSize = QueueFactor * c.maxInFlight
	}
	c.localIP = localIPv4()
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
// handled, a duplicate still in flight, a full queue), so DingTalk pushes it
// again.
//
// Run reconnects, with a fresh ticket each time, when the connection drops,
// stops answering pings or delivers no frame for the idle timeout, and when
// the gateway announces a disconnect, opening the new connection before the
// old one closes (it closes the announced one itself after the disconnect
// grace). Open calls are paced by the backoff; at most two connections are
// open at once. It returns:
//   - nil when ctx ended and nothing was in flight, or every handler
//     finished and was answered, within the shutdown timeout;
//   - an error matching ErrShutdownTimeout when some handler did not;
//   - an *OpenError when the gateway refused to open a connection for a
//     reason no retry fixes; one matching ErrUnauthorized (401, 403) when
//     the very first open was refused, or when WithMaxAuthFailures
//     consecutive reopens were.
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
	r := &runner{c: c, ctx: ctx, handlerCtx: handlerCtx, jobs: make(chan job, c.queueSize),
		slots: make(chan struct{}, maxConnections), force: make(chan struct{})}
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
		busy := r.inFlight.Load() > 0
		close(r.force) // connections close now, whatever the peer does
		cancelHandlers()
		<-drained
		if err == nil && busy {
			err = fmt.Errorf("%w (%s)", ErrShutdownTimeout, c.shutdownTimeout)
		}
	}
	return err
}

// maxConnections is how many connections a Client holds at once: the
// current one and one announced to close.
const maxConnections = 2

// healthyAfter is how long a connection must have lived, with a frame or a
// pong, before the backoff starts again from its minimum: a gateway that
// accepts connections and drops them at once must not be called faster.
const healthyAfter = time.Minute

// runner is one call of Run.
type runner struct {
	c          *Client
	ctx        context.Context // Run's: when it ends, no new connection and no new dispatch
	handlerCtx context.Context // the handlers': ends at the shutdown timeout
	sessions   sync.WaitGroup
	slots      chan struct{} // one per open connection, at most maxConnections
	force      chan struct{} // closed at the shutdown timeout: close every connection now
	inFlight   atomic.Int64  // frames taken and not yet answered, across connections

	// Frames wait in jobs (bounded: WithQueueSize) for up to maxInFlight
	// workers, started on demand and kept until Run returns: a goroutine per
	// frame would grow a fresh stack for every decode. The read loop never
	// waits for a worker, so SYSTEM frames and WebSocket pings are answered
	// whatever the handlers do.
	jobs    chan job
	started atomic.Int32
	idle    atomic.Int32
	workers sync.WaitGroup
}

// job is one frame for a worker: a value, so queuing allocates nothing.
type job struct {
	s   *session
	ctx context.Context // the connection's
	f   *streamwire.Frame
}

// submit queues j and makes sure a worker will take it. It reports false,
// queuing nothing, when the queue is full.
func (r *runner) submit(j job) bool {
	select {
	case r.jobs <- j:
	default:
		return false
	}
	// More queued than idle workers to take them: one more worker, up to
	// maxInFlight. (A worker counted idle may be about to take a job: the
	// rule errs towards starting one too many, never too few.)
	if len(r.jobs) > int(r.idle.Load()) {
		if n := r.started.Add(1); int(n) <= r.c.maxInFlight {
			r.workers.Go(r.work)
		} else {
			r.started.Add(-1)
		}
	}
	return true
}

func (r *runner) work() {
	for {
		r.idle.Add(1)
		j, ok := <-r.jobs
		r.idle.Add(-1)
		if !ok {
			return
		}
		j.s.run(j.ctx, j.f)
	}
}

// loop opens connections and serves each in its own goroutine, until ctx
// ends or the gateway refuses the credentials for good. Open calls are paced:
// none comes sooner than the backoff after the one before, and the backoff
// starts again from its minimum only after a connection stayed healthy for
// healthyAfter.
func (r *runner) loop() error {
	c := r.c
	attempt, authFailures := 0, 0
	everConnected := false
	var lastOpen time.Time
	for {
		if !lastOpen.IsZero() {
			if wait := c.backoff(attempt-1) - time.Since(lastOpen); wait > 0 && backoff.Sleep(r.ctx, wait) != nil {
				return nil
			}
		}
		select { // a free connection slot: at most maxConnections at once
		case r.slots <- struct{}{}:
		case <-r.ctx.Done():
			return nil
		}
		lastOpen = time.Now()
		attempt++
		c.state(r.ctx, observe.ConnState{State: observe.Connecting, Attempt: attempt})
		ws, err := c.connect(r.ctx, attempt)
		if err != nil {
			<-r.slots
			if r.ctx.Err() != nil {
				return nil
			}
			reconnecting := observe.ConnState{State: observe.Reconnecting, Attempt: attempt,
				Delay: c.backoff(attempt - 1), Reason: "open failed", Err: err}
			var oe *OpenError
			switch {
			case errors.Is(err, ErrUnauthorized) && everConnected:
				authFailures++
				c.log.ErrorContext(r.ctx, "dingstream: the gateway refused the credentials on a reconnect; retrying",
					"error", err, "consecutive", authFailures, "wait", c.backoff(attempt-1))
				if c.maxAuthFailures > 0 && authFailures >= c.maxAuthFailures {
					return err
				}
				c.state(r.ctx, reconnecting)
				continue
			case errors.As(err, &oe) && !oe.Retryable():
				c.log.ErrorContext(r.ctx, "dingstream: the gateway refused the connection; stopping", "error", err)
				return err
			}
			c.log.WarnContext(r.ctx, "dingstream: connect failed; retrying", "error", err, "attempt", attempt,
				"wait", reconnecting.Delay)
			c.state(r.ctx, reconnecting)
			continue
		}
		everConnected, authFailures = true, 0
		s := newSession(r, ws, c.conns.Add(1))
		c.log.InfoContext(r.ctx, "dingstream: connected", "conn", s.id)
		c.state(r.ctx, observe.ConnState{State: observe.Connected, ConnID: s.id, Attempt: attempt})
		r.sessions.Go(func() {
			defer func() { <-r.slots }()
			s.serve()
		})
		select {
		case <-r.ctx.Done():
			return nil
		case <-s.next:
		}
		if s.healthyFor() >= healthyAfter {
			attempt = 0
		}
		next := observe.ConnState{State: observe.Reconnecting, ConnID: s.id, Attempt: attempt,
			Delay: max(c.backoff(attempt-1)-time.Since(lastOpen), 0), Reason: "announced by the gateway"}
		if !s.announced.Load() {
			next.Reason = "connection lost"
			c.log.WarnContext(r.ctx, "dingstream: connection lost; reconnecting", "conn", s.id, "wait", next.Delay)
		}
		c.state(r.ctx, next)
	}
}

// state tells the observer, if any, of a connection's change of state.
func (c *Client) state(ctx context.Context, s observe.ConnState) {
	s.Receiver = observe.ReceiverDingStream
	observed.ConnState(ctx, c.deliver.Observer, s)
}

// backoff is the wait before reconnect attempt n (from 0): minBackoff
// doubling up to maxBackoff, less up to 20% of jitter so that replicas
// spread out.
func (c *Client) backoff(n int) time.Duration {
	if n < 0 {
		return 0
	}
	d := c.maxBackoff
	if n < 32 {
		if b := c.minBackoff << n; b > 0 && b < d {
			d = b
		}
	}
	return d - rand.N(d/5+1) //nolint:gosec // jitter, not a secret
}
