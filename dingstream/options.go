package dingstream

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/redact"
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
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return fmt.Errorf("dingstream: WithBaseURL(%q): want an absolute http or https URL", redact.URL(u))
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

// WithHTTPClient sets the HTTP client of the open call and of the WebSocket
// handshake (for a proxy or custom TLS). Its Timeout must be 0: a timeout
// would end the long-lived WebSocket; each call is bounded by a context.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("dingstream: WithHTTPClient(nil)")
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
func WithDeduplicator(d dedup.Store) Option {
	return func(c *Client) error {
		return c.deliver.SetStore("dingstream", d)
	}
}

// DefaultStoreTimeout bounds each call of the WithDeduplicator store unless
// WithStoreTimeout says otherwise: 250 ms, a small part of the time the
// gateway waits for an answer before it pushes a frame again.
const DefaultStoreTimeout = deliver.DefaultStoreTimeout

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
// DefaultMaxInFlight). When n are in flight, the client stops reading until
// one finishes: no frame is dropped or left unanswered.
func WithMaxInFlight(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("dingstream: WithMaxInFlight(%d): want at least 1", n)
		}
		c.maxInFlight = n
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

// WithBackoff sets the wait before a reconnect: min after the first failure,
// doubling up to max, less up to 20% of jitter. It is reset once a
// connection has received a frame. A disconnect announced by the gateway is
// followed at once by a new connection. Defaults: DefaultMinBackoff,
// DefaultMaxBackoff.
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
