package deskapi

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/kefu-go/kefu/internal/redact"
)

// printed is what a Client shows: the SDKAppID, the administrator and the
// base URL; the secret key and the UserSig as [REDACTED].
func (c *Client) printed() redact.Printed {
	if c == nil {
		return redact.Printed{}
	}
	return redact.Printed{Type: "deskapi.Client", Fields: []redact.Field{
		redact.Show("SdkAppID", strconv.FormatInt(c.sdkAppID, 10)),
		redact.Show("AdminID", c.adminID),
		redact.Show("BaseURL", redact.URL(c.baseURL)),
		redact.Hide("SecretKey", true),
	}}
}

// Format implements fmt.Formatter: every verb prints the SDKAppID, the
// administrator and the base URL, and [REDACTED] for the secret key.
func (c *Client) Format(f fmt.State, verb rune) { c.printed().Format(f, verb) }

// LogValue implements slog.LogValuer, with the fields Format prints.
func (c *Client) LogValue() slog.Value { return c.printed().LogValue() }
