package kefu

import (
	"fmt"
	"log/slog"

	"github.com/kefu-go/kefu/internal/redact"
)

// printed is what a Client shows: the base URL (without user information)
// and the app key; the app secret and a fixed access token as [REDACTED].
func (c *Client) printed() redact.Printed {
	if c == nil {
		return redact.Printed{}
	}
	_, static := c.tokens.(staticToken)
	_, fromApp := c.tokens.(*appTokenSource)
	source := ""
	if !static && !fromApp {
		source = "custom"
	}
	return redact.Printed{Type: "kefu.Client", Fields: []redact.Field{
		redact.Show("BaseURL", redact.URL(c.baseURL)),
		redact.Show("AppKey", c.appKey),
		redact.Hide("AppSecret", c.redact.appSecret != ""),
		redact.Hide("AccessToken", static),
		redact.Show("TokenSource", source),
	}}
}

// Format implements fmt.Formatter: every verb prints the base URL and the
// app key, and [REDACTED] for the app secret or access token.
func (c *Client) Format(f fmt.State, verb rune) { c.printed().Format(f, verb) }

// LogValue implements slog.LogValuer, with the fields Format prints.
func (c *Client) LogValue() slog.Value { return c.printed().LogValue() }
