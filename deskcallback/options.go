package deskcallback

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/kefu-go/kefu/internal/httpx"
)

// DefaultMaxBodySize is the largest request body the handler reads unless
// WithMaxBodySize says otherwise.
const DefaultMaxBodySize = httpx.DefaultMaxBody

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
// after; the default is 60 seconds, as Tencent documents.
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
