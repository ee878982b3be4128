package deskcallback

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/observe"
)

// DefaultMaxBodySize is the largest request body the handler (and
// ValidateRequest) reads unless WithMaxBodySize says otherwise: 1 MiB.
const DefaultMaxBodySize = 1 << 20

// Option configures a Handler. Options validate their arguments: New returns
// their error, NewHandler panics with it.
type Option func(*Handler) error

// WithMaxBodySize sets the largest request body read; a larger one is
// answered 413. n must be positive.
func WithMaxBodySize(n int64) Option {
	return func(h *Handler) error {
		return h.settings.SetMaxBody("deskcallback", n)
	}
}

// WithLogger logs rejected requests and failed handlers through l. A nil
// logger (the default) logs nothing. The token is never logged.
func WithLogger(l *slog.Logger) Option {
	return func(h *Handler) error {
		h.settings.Log = l
		return nil
	}
}

// WithClock sets the clock the signature window is checked against; the
// default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(h *Handler) error {
		return h.settings.SetClock("deskcallback", now)
	}
}

// WithSignatureWindow sets how far RequestTime may be from now, before or
// after; the default is 60 seconds, as Tencent documents. Unlike
// dingcallback.WithReplayWindow (off by default, because DingTalk redelivers
// failed callbacks with their original timestamp for hours), the window is
// on: Tencent signs every request when it sends it and never redelivers.
func WithSignatureWindow(d time.Duration) Option {
	return func(h *Handler) error {
		if d <= 0 {
			return fmt.Errorf("deskcallback: WithSignatureWindow(%s): the window must be positive", d)
		}
		h.window = d
		return nil
	}
}

// WithoutSignature accepts callbacks without Sign and RequestTime, for a
// Desk application that has callback authentication off. Anyone who knows the
// URL and the SdkAppid can then send events: prefer a Token.
func WithoutSignature() Option {
	return func(h *Handler) error {
		h.skipSign = true
		return nil
	}
}

// WithHandlerTimeout bounds how long the handler waits for the configured
// callback handler. When it runs out, the reply is FAIL with
// CodeHandlerFailed and the handler's context is cancelled. Tencent waits
// about 2 s for a reply; the default is no bound beyond the request's own
// context. d must be positive.
func WithHandlerTimeout(d time.Duration) Option {
	return func(h *Handler) error {
		return h.deliver.SetTimeout("deskcallback", d)
	}
}

// WithDeduplicator makes each callback reach its handler once, across
// concurrent deliveries and, with a shared store, across replicas: a
// callback is keyed by its command and a hash of its body. A delivery of a
// callback still in flight is answered FAIL with CodeInFlight; one already
// handled is answered OK without calling the handler (an OnAssignHuman or
// OnInterfaceInvocation answer is then empty: let Desk decide). Tencent's
// current page of Desk.SessionEventNotify says it retries callbacks, with
// the same RequestID (Query.RequestID) and body: a retry of a callback
// already handled reaches no handler. See package dedup.
func WithDeduplicator(d dedup.Store) Option {
	return func(h *Handler) error {
		return h.deliver.SetStore(pkg, d)
	}
}

// WithObserver reports every callback the Handler dispatches to o: the
// callback command, the outcome and how long it took; the handler runs with
// the context o returns. See package observe; o must not be nil.
func WithObserver(o observe.Observer) Option {
	return func(h *Handler) error { return h.deliver.SetObserver(pkg, o) }
}

// DefaultStoreTimeout bounds each call of the WithDeduplicator store unless
// WithStoreTimeout says otherwise: 250 ms, so that a claim and its
// completion keep the answer inside the ~2 s Tencent waits.
const DefaultStoreTimeout = 250 * time.Millisecond

// WithStoreTimeout bounds each call of the WithDeduplicator store (the
// claim before the handler, the completion or release after it); the
// default is DefaultStoreTimeout. A store that does not answer in time is
// treated as a failed one: the callback is dispatched (at least once) and
// the failure logged at WARN. d must be positive.
func WithStoreTimeout(d time.Duration) Option {
	return func(h *Handler) error {
		return h.deliver.SetStoreTimeout(pkg, d)
	}
}
