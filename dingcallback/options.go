package dingcallback

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kefu-go/kefu/dedup"
)

// DefaultMaxBodySize is the largest request body the handler (and
// ValidateRequest) reads unless WithMaxBodySize says otherwise: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// Option configures a Handler. Options validate their arguments: New returns
// their error, NewHandler panics with it.
type Option func(*Handler) error

// WithMaxBodySize sets the largest request body read; a larger one is
// answered 413 without being decrypted. n must be positive.
func WithMaxBodySize(n int64) Option {
	return func(h *Handler) error {
		return h.settings.SetMaxBody("dingcallback", n)
	}
}

// WithLogger logs rejected requests and failed handlers through l. A nil
// logger (the default) logs nothing. No secret is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) error {
		h.settings.Log = l
		return nil
	}
}

// WithClock sets the clock used for the reply timestamp and the replay
// window; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(h *Handler) error {
		return h.settings.SetClock("dingcallback", now)
	}
}

// WithReplayWindow rejects (400) callbacks whose timestamp is more than d
// before or after now. It is off by default: DingTalk redelivers failed
// callbacks with their original timestamp for a long time, so enable it only
// with a window longer than your redelivery horizon.
func WithReplayWindow(d time.Duration) Option {
	return func(h *Handler) error {
		if d <= 0 {
			return fmt.Errorf("dingcallback: WithReplayWindow(%s): the window must be positive", d)
		}
		h.window = d
		return nil
	}
}

// WithHandlerTimeout bounds how long the handler waits for the event handler.
// When it runs out, the handler replies 500 (no "success"), so DingTalk
// delivers the event again, and the event handler's context is cancelled.
// DingTalk waits 1500 ms for a reply. The default is no bound beyond the
// request's own context.
func WithHandlerTimeout(d time.Duration) Option {
	return func(h *Handler) error {
		return h.deliver.SetTimeout("dingcallback", d)
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
	return func(h *Handler) error {
		if d == nil {
			return errors.New("dingcallback: WithDeduplicator(nil)")
		}
		h.deliver.Store = d
		return nil
	}
}
