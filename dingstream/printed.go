package dingstream

import (
	"fmt"
	"log/slog"

	"github.com/kefu-go/kefu/internal/redact"
)

// printed is what a Client shows: the client id and the base URL; the
// client secret as [REDACTED].
func (c *Client) printed() redact.Printed {
	if c == nil {
		return redact.Printed{}
	}
	return redact.Printed{Type: "dingstream.Client", Fields: []redact.Field{
		redact.Show("ClientID", c.cred.id),
		redact.Show("BaseURL", redact.URL(c.baseURL)),
		redact.Hide("ClientSecret", true),
	}}
}

// Format implements fmt.Formatter: every verb prints the client id and the
// base URL, and [REDACTED] for the client secret.
func (c *Client) Format(f fmt.State, verb rune) { c.printed().Format(f, verb) }

// LogValue implements slog.LogValuer, with the fields Format prints.
func (c *Client) LogValue() slog.Value { return c.printed().LogValue() }
