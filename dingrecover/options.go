package dingrecover

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

// Defaults of the options.
const (
	// DefaultBaseURL is DingTalk's OpenAPI host of the failed-push calls.
	DefaultBaseURL = "https://oapi.dingtalk.com"
	// DefaultInterval is the wait between rounds: a failed push becomes
	// listable 3–5 minutes after its last retry, so a minute adds at most a
	// fifth to a third to that delay, for one request a minute per list.
	DefaultInterval = time.Minute
	// DefaultMaxResponseSize bounds an answer: a full page of 200 items of
	// up to 40 KiB each.
	DefaultMaxResponseSize = 8 << 20
	// DefaultMaxHeld is how many events, failed or in flight elsewhere, are
	// kept in memory for the next round.
	DefaultMaxHeld = 1000
)

// Option configures a Recoverer; options validate their arguments.
type Option func(*config) error

type config struct {
	baseURL    string
	httpClient *http.Client
	log        *slog.Logger
	interval   time.Duration
	maxAnswer  int
	maxHeld    int
	tags       []string
	deliver    deliver.Dispatcher
}

// WithDeduplicator claims each event in d before dispatching it, keyed as
// the live receivers key it (eventId, else type and bizId, else a hash of
// the plaintext): give it the live handler's store, so an event handled
// live and also listed as failed runs once, and several Recoverers on one
// store run each event once.
func WithDeduplicator(d dedup.Store) Option {
	return func(c *config) error { return c.deliver.SetStore("dingrecover", d) }
}

// WithObserver reports to o every delivery of a recovered event and each
// attempt of every call to the failed list. See package observe; o must
// not be nil.
func WithObserver(o observe.Observer) Option {
	return func(c *config) error { return c.deliver.SetObserver("dingrecover", o) }
}

// WithStoreTimeout bounds each call of the store (default 250 ms).
func WithStoreTimeout(d time.Duration) Option {
	return func(c *config) error { return c.deliver.SetStoreTimeout("dingrecover", d) }
}

// WithHandlerTimeout bounds each event's handler; when it runs out, the
// event is held for the next round.
func WithHandlerTimeout(d time.Duration) Option {
	return func(c *config) error { return c.deliver.SetTimeout("dingrecover", d) }
}

// WithBaseURL sets the OpenAPI host (default DefaultBaseURL).
func WithBaseURL(base string) Option {
	return func(c *config) error {
		if err := httpx.CheckBaseURL("dingrecover", base); err != nil {
			return err
		}
		c.baseURL = base
		return nil
	}
}

// WithHTTPClient sets the *http.Client of the calls; it is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if err := httpx.CheckHTTPClient("dingrecover", hc); err != nil {
			return err
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger logs rounds, held events and dispatch outcomes through l; nil
// (the default) logs nothing. A round that finds nothing logs nothing above
// DEBUG; no access token is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.log = l
		return nil
	}
}

// WithInterval sets the wait between Run's rounds (default
// DefaultInterval); d must be at least a second.
func WithInterval(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Second {
			return fmt.Errorf("dingrecover: WithInterval(%s): at least a second", d)
		}
		c.interval = d
		return nil
	}
}

// WithFailRecords also fetches, each round, the third-party app fail
// records of these tags (POST /topapi/callback/failrecord/list: unconfirmed
// records, confirmed as they are fetched; kept by DingTalk for 7 days).
func WithFailRecords(tags ...string) Option {
	return func(c *config) error {
		if len(tags) == 0 {
			return errors.New("dingrecover: WithFailRecords(): name at least one tag")
		}
		c.tags = append([]string(nil), tags...)
		return nil
	}
}

// WithMaxResponseSize bounds an answer's body (default
// DefaultMaxResponseSize).
func WithMaxResponseSize(n int) Option {
	return func(c *config) error {
		if n < 64<<10 {
			return fmt.Errorf("dingrecover: WithMaxResponseSize(%d): at least 64 KiB", n)
		}
		c.maxAnswer = n
		return nil
	}
}

// WithMaxHeld bounds the events kept for the next round (default
// DefaultMaxHeld).
func WithMaxHeld(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("dingrecover: WithMaxHeld(%d): at least 1", n)
		}
		c.maxHeld = n
		return nil
	}
}
