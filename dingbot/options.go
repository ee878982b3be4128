package dingbot

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/observe"
)

// DefaultBaseURL is DingTalk's OpenAPI host for the robot APIs.
const DefaultBaseURL = "https://api.dingtalk.com"

// WebhookOrigin is where a genuine sessionWebhook points.
const WebhookOrigin = "https://oapi.dingtalk.com"

// DefaultMaxBodySize is the largest robot message NewHandler reads: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// SignatureWindow is how far a pushed message's timestamp may be from now:
// DingTalk's page says an hour.
const SignatureWindow = time.Hour

// Option configures a Handler (NewHandler) or a Sender (NewSender): one
// type for both, and an option that means nothing for one of them is an
// error there.
type Option func(*config) error

type role int

const (
	forHandler role = iota + 1
	forSender
)

type config struct {
	role       role
	baseURL    string
	httpClient *http.Client
	log        *slog.Logger
	maxBody    int64
	now        func() time.Time
	deliver    deliver.Dispatcher // its Observer is the WithObserver one, for the Sender too
}

func newConfig(r role) *config {
	return &config{role: r, baseURL: DefaultBaseURL, maxBody: DefaultMaxBodySize, now: time.Now}
}

func (c *config) apply(opts []Option) error {
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return err
		}
	}
	return nil
}

// only is the error of an option given to the wrong one of the two.
func (c *config) only(name string, r role) error {
	if c.role == r {
		return nil
	}
	which := "NewHandler"
	if r == forSender {
		which = "NewSender"
	}
	return fmt.Errorf("dingbot: %s is an option of %s", name, which)
}

// WithBaseURL sets the OpenAPI host of a Sender (default DefaultBaseURL);
// a sessionWebhook on this host is trusted too, besides WebhookOrigin.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		if err := c.only("WithBaseURL", forSender); err != nil {
			return err
		}
		if err := httpx.CheckBaseURL("dingbot", base); err != nil {
			return err
		}
		c.baseURL = base
		return nil
	}
}

// WithHTTPClient sets the *http.Client of a Sender; it is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if err := c.only("WithHTTPClient", forSender); err != nil {
			return err
		}
		if err := httpx.CheckHTTPClient("dingbot", hc); err != nil {
			return err
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger logs through l; nil (the default) logs nothing. No app
// secret, access token or webhook session appears in a log line.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.log = l
		return nil
	}
}

// WithObserver reports to o every delivery NewHandler dispatches and each
// attempt of every call a Sender makes (the API's path, never a webhook's
// session key). See package observe; o must not be nil.
func WithObserver(o observe.Observer) Option {
	return func(c *config) error { return c.deliver.SetObserver("dingbot", o) }
}

// WithDeduplicator makes NewHandler's function run once per msgId, across
// concurrent pushes and, with a shared store, across replicas and the
// Stream receiver (dingstream keys robot messages the same way).
func WithDeduplicator(d dedup.Store) Option {
	return func(c *config) error {
		if err := c.only("WithDeduplicator", forHandler); err != nil {
			return err
		}
		return c.deliver.SetStore("dingbot", d)
	}
}

// WithMaxBodySize sets the largest message NewHandler reads (default
// DefaultMaxBodySize); a larger one is answered 413.
func WithMaxBodySize(n int64) Option {
	return func(c *config) error {
		if err := c.only("WithMaxBodySize", forHandler); err != nil {
			return err
		}
		if n <= 0 {
			return fmt.Errorf("dingbot: WithMaxBodySize(%d): the size must be positive", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithHandlerTimeout bounds NewHandler's function; when it runs out, the
// push is answered 500.
func WithHandlerTimeout(d time.Duration) Option {
	return func(c *config) error {
		if err := c.only("WithHandlerTimeout", forHandler); err != nil {
			return err
		}
		return c.deliver.SetTimeout("dingbot", d)
	}
}

// WithClock sets the clock of the signature window (NewHandler) and of the
// sessionWebhook's expiry (NewSender); the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("dingbot: WithClock(nil)")
		}
		c.now = now
		return nil
	}
}
