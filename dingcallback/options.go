package dingcallback

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/observe"
)

// DefaultMaxBodySize is the largest request body the handler (and
// ValidateRequest) reads unless WithMaxBodySize says otherwise: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// DefaultStoreTimeout bounds each call of the WithDeduplicator store unless
// WithStoreTimeout says otherwise: 250 ms, so that a claim and its
// completion keep the answer inside the 1.5 s DingTalk waits.
const DefaultStoreTimeout = 250 * time.Millisecond

// Option configures a Handler or a Validator. Options validate their
// arguments: New and NewValidator return their error, NewHandler panics
// with it.
type Option func(*config) error

// config is what the options set: the verify stage (a Validator) and, for a
// Handler, the rest.
type config struct {
	v             Validator
	validatorOnly bool
	log           *slog.Logger
	deliver       deliver.Dispatcher
}

func newConfig(c *Crypto, validatorOnly bool) *config {
	return &config{
		v:             Validator{c: c, maxBody: DefaultMaxBodySize, now: time.Now},
		validatorOnly: validatorOnly,
	}
}

func (c *config) apply(opts []Option) error {
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return err
		}
	}
	return nil
}

// handlerOnly is the error of an option of the Handler given to a Validator.
func (c *config) handlerOnly(name string) error {
	if c.validatorOnly {
		return fmt.Errorf("dingcallback: %s is an option of the Handler; a Validator takes WithMaxBodySize, WithReplayWindow and WithClock", name)
	}
	return nil
}

// WithMaxBodySize sets the largest request body read; a larger one is
// answered 413 without being decrypted. n must be positive.
func WithMaxBodySize(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("dingcallback: WithMaxBodySize(%d): the size must be positive", n)
		}
		c.v.maxBody = n
		return nil
	}
}

// WithLogger logs rejected requests and failed handlers through l. A nil
// logger (the default) logs nothing. No secret is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if err := c.handlerOnly("WithLogger"); err != nil {
			return err
		}
		c.log = l
		return nil
	}
}

// WithClock sets the clock used for the reply timestamp and the replay
// window; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("dingcallback: WithClock(nil)")
		}
		c.v.now = now
		return nil
	}
}

// WithReplayWindow rejects (400, ErrReplayWindow) callbacks whose timestamp
// is more than d before or after now. It is off by default: DingTalk
// redelivers failed callbacks with their original timestamp for a long
// time, so enable it only with a window longer than your redelivery
// horizon.
func WithReplayWindow(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("dingcallback: WithReplayWindow(%s): the window must be positive", d)
		}
		c.v.window = d
		return nil
	}
}

// WithHandlerTimeout bounds how long the handler waits for the event handler.
// When it runs out, the handler replies 500 (no "success"), so DingTalk
// delivers the event again, and the event handler's context is cancelled.
// DingTalk waits 1500 ms for a reply. The default is no bound beyond the
// request's own context.
func WithHandlerTimeout(d time.Duration) Option {
	return func(c *config) error {
		if err := c.handlerOnly("WithHandlerTimeout"); err != nil {
			return err
		}
		return c.deliver.SetTimeout(pkg, d)
	}
}

// WithDeduplicator makes each event reach the Router once, across
// concurrent redeliveries and, with a shared store, across replicas. Events
// are keyed by EventID, else by type and BizID, else by a hash of the
// plaintext. A delivery of an event still in flight elsewhere is answered
// 409 without "success", so DingTalk delivers it again; a delivery of an
// accepted event is answered "success" without dispatch. Claims are leased
// for the handler timeout plus 5 s, or 1 minute without one. See package
// dedup for the guarantees, dedup.NewMemory for one replica and
// github.com/kefu-go/kefu/redisdedup for several.
func WithDeduplicator(d dedup.Store) Option {
	return func(c *config) error {
		if err := c.handlerOnly("WithDeduplicator"); err != nil {
			return err
		}
		return c.deliver.SetStore(pkg, d)
	}
}

// WithObserver reports every delivery the Handler dispatches to o: the
// event type and id, the outcome and how long it took; the handler runs
// with the context o returns. See package observe; o must not be nil.
func WithObserver(o observe.Observer) Option {
	return func(c *config) error {
		if err := c.handlerOnly("WithObserver"); err != nil {
			return err
		}
		return c.deliver.SetObserver(pkg, o)
	}
}

// WithStoreTimeout bounds each call of the WithDeduplicator store (the
// claim before the handler, the completion or release after it); the
// default is DefaultStoreTimeout. A store that does not answer in time is
// treated as a failed one: the event is dispatched (at least once) and the
// failure logged at WARN. d must be positive.
func WithStoreTimeout(d time.Duration) Option {
	return func(c *config) error {
		if err := c.handlerOnly("WithStoreTimeout"); err != nil {
			return err
		}
		return c.deliver.SetStoreTimeout(pkg, d)
	}
}
