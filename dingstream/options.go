package dingstream

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/observe"
)

// Defaults of the options.
const (
	// DefaultBaseURL is DingTalk's OpenAPI host, where connections are opened.
	DefaultBaseURL = "https://api.dingtalk.com"
	// DefaultMaxInFlight is how many frames are handled at once.
	DefaultMaxInFlight = 32
	// DefaultHandlerTimeout bounds one event handler. DingTalk pushes an
	// unacknowledged event again after about a minute, so a handler that
	// runs longer only races its own redelivery.
	DefaultHandlerTimeout = time.Minute
	// DefaultKeepaliveIdle is how long a silent connection waits before the
	// client pings it; DefaultPongTimeout is how long it waits for the pong.
	DefaultKeepaliveIdle = time.Minute
	DefaultPongTimeout   = 10 * time.Second
	// DefaultIdleTimeout is how long a connection may deliver no frame at
	// all (pongs do not count) before it is replaced. The gateway sends a
	// SYSTEM frame (ping or KEEPALIVE) every 20–30 s on a healthy connection
	// (users' reports in openclaw-channel-dingtalk PR #308, which settled on
	// the same 60 s), so a minute of silence is at least two missed ones: a
	// "zombie" connection that still answers WebSocket pings but delivers
	// nothing, which DingTalk's gateway has been seen to leave behind.
	DefaultIdleTimeout = time.Minute
	// DefaultDisconnectGrace is how long a connection the gateway announced
	// to close stays open for the answers of its frames in flight; then the
	// client closes it, whether or not the gateway did. The gateway itself
	// closes it about 10 s after the announcement (the Stream protocol page).
	DefaultDisconnectGrace = 10 * time.Second
	// QueueFactor sets the default queue: QueueFactor × WithMaxInFlight
	// frames wait for a worker before a frame is answered LATER at once.
	QueueFactor = 10
	// DefaultMinBackoff and DefaultMaxBackoff bound the wait before a
	// reconnect: it doubles from the first to the second.
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = time.Minute
	// DefaultShutdownTimeout bounds how long Run waits, once its context has
	// ended, for the handlers in flight to finish and be acknowledged.
	DefaultShutdownTimeout = 30 * time.Second
	// DefaultMaxFrameSize is the largest frame read: four times the largest
	// frame any official SDK accepts (256 KiB, the Java SDK), and the size
	// of the largest HTTP callback body dingcallback reads. A larger frame
	// closes the connection (it is pushed again on the next one).
	DefaultMaxFrameSize = 1 << 20
)

// Option configures a Client. Options validate their arguments: New returns
// their error.
type Option func(*Client) error

// WithBaseURL sets where connections are opened:
// POST {url}/v1.0/gateway/connections/open. The default is DefaultBaseURL;
// tests point it at kefutest.NewStreamGateway.
func WithBaseURL(u string) Option {
	return func(c *Client) error {
		if err := httpx.CheckBaseURL("dingstream", u); err != nil {
			return err
		}
		c.baseURL = strings.TrimRight(u, "/")
		return nil
	}
}

// WithLogger logs connections, reconnects, failed handlers and bad frames
// through l. A nil logger (the default) logs nothing. No secret (the client
// secret, a connection ticket) is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		c.log = l
		return nil
	}
}

// WithObserver reports to o every delivery (events and callbacks), each
// change of a connection's state (connecting, connected, disconnect
// announced, reconnecting with its delay, closed) and each open call. See
// package observe; o must not be nil.
func WithObserver(o observe.Observer) Option {
	return func(c *Client) error { return c.deliver.SetObserver("dingstream", o) }
}

// WithHTTPClient sets the HTTP client of the open call and of the WebSocket
// handshake (for a proxy or custom TLS). Its Timeout must be 0: a timeout
// would end the long-lived WebSocket; each call is bounded by a context.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if err := httpx.CheckHTTPClient("dingstream", hc); err != nil {
			return err
		}
		if hc.Timeout != 0 {
			return fmt.Errorf("dingstream: WithHTTPClient: Timeout is %s; it must be 0, the WebSocket outlives any timeout", hc.Timeout)
		}
		c.httpClient = hc
		return nil
	}
}

// WithDeduplicator makes each event reach the Router once, across
// redeliveries (DingTalk pushes an event again when its acknowledgement was
// lost, and sometimes even when it was not) and, with a shared store, across
// replicas and the HTTP receiver: events are keyed by eventId exactly as
// dingcallback keys them. A frame whose event is in flight elsewhere is
// answered LATER; a frame of an accepted event is answered SUCCESS without
// dispatch.
//
// CALLBACK frames are de-duplicated too: a robot message
// (/v1.0/im/bot/messages/get) by its msgId, any other by its messageId. A
// callback pushed again while its first delivery runs, or after it was
// answered, is answered 200 with an empty response ({"response":null})
// without reaching its handler; if the first delivery then fails, its own
// 500 makes the gateway push it again.
func WithDeduplicator(d dedup.Store) Option {
	return func(c *Client) error {
		return c.deliver.SetStore("dingstream", d)
	}
}

// DefaultStoreTimeout bounds each call of the WithDeduplicator store unless
// WithStoreTimeout says otherwise: 250 ms, a small part of the time the
// gateway waits for an answer before it pushes a frame again.
const DefaultStoreTimeout = 250 * time.Millisecond

// WithStoreTimeout bounds each call of the WithDeduplicator store (the
// claim before the handler, the completion or release after it); the
// default is DefaultStoreTimeout. A store that does not answer in time is
// treated as a failed one: the event is dispatched (at least once) and the
// failure logged at WARN. d must be positive.
func WithStoreTimeout(d time.Duration) Option {
	return func(c *Client) error {
		return c.deliver.SetStoreTimeout("dingstream", d)
	}
}

// WithHandlerTimeout bounds how long an event (or callback) handler may run;
// when it runs out, the frame is answered LATER and the handler's context is
// cancelled. The default is DefaultHandlerTimeout.
func WithHandlerTimeout(d time.Duration) Option {
	return func(c *Client) error {
		return c.deliver.SetTimeout("dingstream", d)
	}
}

// WithMaxInFlight sets how many frames are handled at once (default
// DefaultMaxInFlight). Frames beyond it wait in a queue (WithQueueSize); the
// client keeps reading, so SYSTEM frames and WebSocket pings are answered
// whatever the handlers do, and no frame is dropped or left unanswered.
func WithMaxInFlight(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("dingstream: WithMaxInFlight(%d): want at least 1", n)
		}
		c.maxInFlight = n
		return nil
	}
}

// WithQueueSize sets how many EVENT and CALLBACK frames wait for a free
// handler (default QueueFactor × WithMaxInFlight, so a burst is still
// answered SUCCESS the first time). Only a frame that finds the queue full
// is answered at once: LATER for an event, 503 for a callback, so the
// gateway pushes it again.
func WithQueueSize(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("dingstream: WithQueueSize(%d): want at least 1", n)
		}
		c.queueSize = n
		return nil
	}
}

// WithIdleTimeout replaces a connection that delivered no frame at all for
// d: no event, no callback, no SYSTEM frame (WebSocket pongs do not count).
// The default is DefaultIdleTimeout; d must be positive.
func WithIdleTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("dingstream: WithIdleTimeout(%s): the timeout must be positive", d)
		}
		c.idleTimeout = d
		return nil
	}
}

// WithDisconnectGrace sets how long a connection the gateway announced to
// close stays open for the answers of its frames in flight before the
// client closes it (default DefaultDisconnectGrace). The next connection is
// opened at once.
func WithDisconnectGrace(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("dingstream: WithDisconnectGrace(%s): the grace must be positive", d)
		}
		c.disconnectGrace = d
		return nil
	}
}

// WithMaxAuthFailures makes Run return ErrUnauthorized after n consecutive
// reopens the gateway refused with 401 or 403. By default it never does:
// after the app has connected once, a refusal (a credentials rotation, a
// gateway incident) is retried with the capped backoff and logged at ERROR
// each time. A refusal of the very first open always ends Run. n must be
// at least 1.
func WithMaxAuthFailures(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("dingstream: WithMaxAuthFailures(%d): want at least 1", n)
		}
		c.maxAuthFailures = n
		return nil
	}
}

// WithCallback subscribes to the CALLBACK topic (such as
// "/v1.0/im/bot/messages/get", robot messages, or
// "/v1.0/card/instances/callback", card interactions) and hands its frames
// to fn; what fn returns becomes the answer's {"response":…}. An error from
// fn is answered with code 500. Each topic takes one handler.
func WithCallback(topic string, fn CallbackFunc) Option {
	return func(c *Client) error {
		if !strings.HasPrefix(topic, "/") {
			return fmt.Errorf("dingstream: WithCallback(%q): a topic is a path such as /v1.0/im/bot/messages/get", topic)
		}
		if fn == nil {
			return fmt.Errorf("dingstream: WithCallback(%q): nil handler", topic)
		}
		if _, dup := c.callbacks[topic]; dup {
			return fmt.Errorf("dingstream: WithCallback(%q): the topic already has a handler", topic)
		}
		c.callbacks[topic] = fn
		return nil
	}
}

// WithKeepalive sets when a silent connection is pinged (after idle without
// a frame) and how long the pong may take; a connection without a pong is
// closed and replaced. Defaults: DefaultKeepaliveIdle, DefaultPongTimeout.
func WithKeepalive(idle, pongTimeout time.Duration) Option {
	return func(c *Client) error {
		if idle <= 0 || pongTimeout <= 0 {
			return fmt.Errorf("dingstream: WithKeepalive(%s, %s): both must be positive", idle, pongTimeout)
		}
		c.keepaliveIdle, c.pongTimeout = idle, pongTimeout
		return nil
	}
}

// WithBackoff paces the open calls: none comes sooner than the backoff after
// the one before, min after the first failure, doubling up to max, less up
// to 20% of jitter. It starts again from nothing only after a connection
// stayed healthy (a frame or a pong) for a minute, so a disconnect the
// gateway announces on a long-lived connection is followed at once by a new
// one, and a gateway that drops or announces every new connection is called
// no faster than the backoff. Defaults: DefaultMinBackoff, DefaultMaxBackoff.
func WithBackoff(minWait, maxWait time.Duration) Option {
	return func(c *Client) error {
		if minWait <= 0 || maxWait < minWait {
			return fmt.Errorf("dingstream: WithBackoff(%s, %s): want 0 < min <= max", minWait, maxWait)
		}
		c.minBackoff, c.maxBackoff = minWait, maxWait
		return nil
	}
}

// WithShutdownTimeout bounds how long Run waits, after its context ended,
// for handlers in flight; then their contexts are cancelled and their frames
// answered LATER. The default is DefaultShutdownTimeout.
func WithShutdownTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("dingstream: WithShutdownTimeout(%s): the timeout must be positive", d)
		}
		c.shutdownTimeout = d
		return nil
	}
}

// WithMaxFrameSize sets the largest frame read (default DefaultMaxFrameSize).
func WithMaxFrameSize(n int64) Option {
	return func(c *Client) error {
		if n < 1024 {
			return fmt.Errorf("dingstream: WithMaxFrameSize(%d): want at least 1024 bytes", n)
		}
		c.maxFrame = n
		return nil
	}
}
