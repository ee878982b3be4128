package deskcallback

import (
	"fmt"
	"log/slog"

	"github.com/kefu-go/kefu/internal/redact"
)

// printed is what a Config or Handler shows: the SdkAppID; the callback
// token as [REDACTED].
func (c Config) printed(typ string) redact.Printed {
	return redact.Printed{Type: typ, Fields: []redact.Field{
		redact.Show("SdkAppID", c.SdkAppID),
		redact.Hide("Token", c.Token != ""),
	}}
}

// Format implements fmt.Formatter: every verb prints the SdkAppID, and
// [REDACTED] for the token.
func (c Config) Format(f fmt.State, verb rune) { c.printed("deskcallback.Config").Format(f, verb) }

// LogValue implements slog.LogValuer, with the fields Format prints.
func (c Config) LogValue() slog.Value { return c.printed("deskcallback.Config").LogValue() }

func (h *Handler) printed() redact.Printed {
	if h == nil {
		return redact.Printed{}
	}
	return h.cfg.printed("deskcallback.Handler")
}

// Format implements fmt.Formatter as Config's does.
func (h *Handler) Format(f fmt.State, verb rune) { h.printed().Format(f, verb) }

// LogValue implements slog.LogValuer as Config's does.
func (h *Handler) LogValue() slog.Value { return h.printed().LogValue() }
