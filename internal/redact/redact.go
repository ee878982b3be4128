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
	"sync"
)

// Mark replaces every secret removed from text.
const Mark = "REDACTED"

// secretParams are the query parameters whose values never leave kefu: the
// OpenAPI's access token and app secret, the Stream gateway's one-use
// connection ticket, Tencent's UserSig, and the session key of a robot's
// sessionWebhook.
var secretParams = []string{"access_token", "appsecret", "ticket", "usersig", "session"}

// secretInText matches a secret key and its value in free text: a query
// parameter (access_token=…), a JSON member ("clientSecret":"…", also
// escaped inside a JSON string) or a header-like pair (appSecret: …).
// It is compiled on first use, not when a program imports kefu.
var secretInText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)((?:access_?token|app_?secret|client_?secret|ticket|user_?sig|secret_?key)(?:\\?"\s*:\s*\\?"|\s*[=:]\s*))[^&\s"'\\<>,;}]+`)
})

// Piece is the length of the shortest run of a secret that is treated as
// the secret: a text holding any Piece bytes of a literal, in order, holds
// (part of) it, whatever was cut around them.
const Piece = 8

// Text returns s with the values of secret keys and every literal (in plain
// and URL-escaped form) replaced by Mark; any run of Piece or more bytes of
// a literal is replaced too, so a secret cut in two (at a length limit, at a
// line end) is still found. Literals shorter than 4 bytes are left alone:
// they cannot be told from ordinary text.
func Text(s string, literals ...string) string {
	if s == "" {
		return s
	}
	s = secretInText().ReplaceAllString(s, "${1}"+Mark)
	for _, lit := range literals {
		s = replaceLiteral(s, lit)
	}
	return s
}

func replaceLiteral(s, secret string) string {
	if len(secret) < 4 {
		return s
	}
	forms := []string{secret}
	if esc := url.QueryEscape(secret); esc != secret {
		forms = append(forms, esc)
	}
	// Both forms mark the same bytes, so a piece of one inside the other
	// cannot leave the rest of it behind.
	var hidden []bool
	for _, form := range forms {
		hidden = markPieces(hidden, s, form)
	}
	if hidden == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if !hidden[i] {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(Mark)
		for i < len(s) && hidden[i] {
			i++
		}
	}
	return b.String()
}

// markPieces marks in hidden (allocated on the first match) the bytes of s
// that belong to secret or to a run of Piece or more of its bytes. Its cost
// is the length of s times that of the secret, both bounded where it is
// used.
func markPieces(hidden []bool, s, secret string) []bool {
	n := min(Piece, len(secret))
	for i := 0; i+n <= len(secret); i++ {
		piece := secret[i : i+n]
		for from := 0; ; {
			j := strings.Index(s[from:], piece)
			if j < 0 {
				break
			}
			if hidden == nil {
				hidden = make([]bool, len(s))
			}
			for k := from + j; k < from+j+n; k++ {
				hidden[k] = true
			}
			from += j + 1
		}
		if n < Piece {
			break // a short secret is matched whole
		}
	}
	return hidden
}

// maxRedacted bounds the text Snippet redacts: an answer's body may be
// megabytes, of which Snippet keeps a few hundred bytes.
const maxRedacted = 64 << 10

// Snippet returns the first n bytes of s, redacted as Text redacts, with
// "…" when s was longer. It redacts before it cuts: a secret that spans the
// cut is found whole.
func Snippet(s string, n int, literals ...string) string {
	if len(s) > maxRedacted {
		s = s[:maxRedacted]
	}
	s = Text(s, literals...)
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "…"
	}
	return s
}

// URL returns raw in the form in which a URL may be printed, logged or put
// in an error: the values of secret query parameters replaced by Mark, and
// user information (user:password@) by Mark@. A URL that does not parse is
// not shown at all.
func URL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User(Mark)
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
