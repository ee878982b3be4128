// Package redact removes secrets from text that leaves kefu: error strings,
// log attributes and text copied from a server's answer (an errmsg or a
// proxy's error page may echo the request URL or body). It is the one place
// that knows which keys are secret; the client (package kefu) and the
// Stream client (dingstream) build their errors and log lines through it.
package redact

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// Mark replaces every secret removed from text.
const Mark = "REDACTED"

// secretParams are the query parameters whose values never leave kefu: the
// OpenAPI's access token and app secret, and the Stream gateway's one-use
// connection ticket.
var secretParams = []string{"access_token", "appsecret", "ticket"}

// secretInText matches a secret key and its value in free text: a query
// parameter (access_token=…), a JSON member ("clientSecret":"…", also
// escaped inside a JSON string) or a header-like pair (appSecret: …).
var secretInText = regexp.MustCompile(`(?i)((?:access_?token|app_?secret|client_?secret|ticket)(?:\\?"\s*:\s*\\?"|\s*[=:]\s*))[^&\s"'\\<>,;}]+`)

// Text returns s with the values of secret keys and every literal (in plain
// and URL-escaped form) replaced by Mark. Literals shorter than 4 bytes are
// left alone: they cannot be told from ordinary text.
func Text(s string, literals ...string) string {
	if s == "" {
		return s
	}
	s = secretInText.ReplaceAllString(s, "${1}"+Mark)
	for _, lit := range literals {
		s = replaceLiteral(s, lit)
	}
	return s
}

func replaceLiteral(s, secret string) string {
	if len(secret) < 4 {
		return s
	}
	s = strings.ReplaceAll(s, secret, Mark)
	if esc := url.QueryEscape(secret); esc != secret {
		s = strings.ReplaceAll(s, esc, Mark)
	}
	return s
}

// URL returns raw with the values of secret query parameters replaced by
// Mark.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	changed := false
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, Mark)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// Error returns err unchanged when its text holds no secret, else an error
// with the redacted text through which errors.Is still reaches err's
// sentinels (context.DeadlineExceeded, …); err's own text is never printed.
func Error(err error, literals ...string) error {
	if err == nil {
		return nil
	}
	msg := Text(err.Error(), literals...)
	if msg == err.Error() {
		return err
	}
	return redacted{msg: msg, cause: err}
}

type redacted struct {
	msg   string
	cause error
}

func (e redacted) Error() string        { return e.msg }
func (e redacted) Is(target error) bool { return errors.Is(e.cause, target) }
