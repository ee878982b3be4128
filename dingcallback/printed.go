package dingcallback

import (
	"fmt"
	"log/slog"

	"github.com/kefu-go/kefu/internal/redact"
)

// printed is what a Crypto, Validator or Handler shows: the owner key;
// the callback token and the AES key as [REDACTED].
func (c *Crypto) printed(typ string) redact.Printed {
	if c == nil {
		return redact.Printed{}
	}
	return redact.Printed{Type: typ, Fields: []redact.Field{
		redact.Show("OwnerKey", string(c.owner)),
		redact.Hide("Token", true),
		redact.Hide("AESKey", true),
	}}
}

// Format implements fmt.Formatter: every verb prints the owner key, and
// [REDACTED] for the token and the AES key.
func (c *Crypto) Format(f fmt.State, verb rune) { c.printed("dingcallback.Crypto").Format(f, verb) }

// LogValue implements slog.LogValuer, with the fields Format prints.
func (c *Crypto) LogValue() slog.Value { return c.printed("dingcallback.Crypto").LogValue() }

// Format implements fmt.Formatter as Crypto's does.
func (v *Validator) Format(f fmt.State, verb rune) {
	v.crypto().printed("dingcallback.Validator").Format(f, verb)
}

// LogValue implements slog.LogValuer as Crypto's does.
func (v *Validator) LogValue() slog.Value {
	return v.crypto().printed("dingcallback.Validator").LogValue()
}

// Format implements fmt.Formatter as Crypto's does.
func (h *Handler) Format(f fmt.State, verb rune) {
	h.validator().crypto().printed("dingcallback.Handler").Format(f, verb)
}

// LogValue implements slog.LogValuer as Crypto's does.
func (h *Handler) LogValue() slog.Value {
	return h.validator().crypto().printed("dingcallback.Handler").LogValue()
}

func (v *Validator) crypto() *Crypto {
	if v == nil {
		return nil
	}
	return v.c
}

func (h *Handler) validator() *Validator {
	if h == nil {
		return nil
	}
	return &h.v
}
