package kefu

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/go-resty/resty/v2"
)

// redacted replaces every secret the client removes from text.
const redacted = "REDACTED"

// secretParams are the query parameters whose values never leave the client.
var secretParams = []string{"access_token", "appsecret"}

// secretInText matches a secret key and its value in free text: a query
// parameter (access_token=…), a JSON member ("appsecret":"…", also escaped
// inside a JSON string) or a header-like pair (appSecret: …).
var secretInText = regexp.MustCompile(`(?i)((?:access_?token|app_?secret|client_?secret)(?:\\?"\s*:\s*\\?"|\s*[=:]\s*))[^&\s"'\\<>,;}]+`)

// maxRememberedTokens bounds the access tokens a redactor remembers: the
// current one and a few before it, which a slow answer may still echo.
const maxRememberedTokens = 4

// redactor removes secrets from every error string and log attribute the
// client builds, including text copied from DingTalk's answers (an errmsg
// or a proxy's error page may echo the request URL): the values of secret
// query keys, and the literal values of the app secret and of the access
// tokens the client used. It is safe for concurrent use.
type redactor struct {
	appSecret string

	mu     sync.RWMutex
	tokens []string // newest last
}

// rememberToken adds an access token to the literals removed from text.
func (r *redactor) rememberToken(token string) {
	if token == "" || r.knows(token) { // the common case: a read lock only
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if slices.Contains(r.tokens, token) {
		return
	}
	if len(r.tokens) == maxRememberedTokens {
		r.tokens = append(r.tokens[:0], r.tokens[1:]...)
	}
	r.tokens = append(r.tokens, token)
}

func (r *redactor) knows(token string) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Contains(r.tokens, token)
}

// text returns s without secrets.
func (r *redactor) text(s string) string {
	if s == "" {
		return s
	}
	s = secretInText.ReplaceAllString(s, "${1}"+redacted)
	s = replaceLiteral(s, r.appSecret)
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, t := range r.tokens {
		s = replaceLiteral(s, t)
	}
	return s
}

// replaceLiteral replaces secret in s, also in its URL-escaped form.
func replaceLiteral(s, secret string) string {
	if len(secret) < 4 { // too short to tell from ordinary text
		return s
	}
	s = strings.ReplaceAll(s, secret, redacted)
	if esc := url.QueryEscape(secret); esc != secret {
		s = strings.ReplaceAll(s, esc, redacted)
	}
	return s
}

// callError turns what resty returned for one call of op into the client's
// error, without secrets: an answer over the size limit is an *HTTPError,
// any other failure a transport error. It returns nil when the round trip
// worked; the answer itself is judged by the caller.
func (r *redactor) callError(op string, resp *resty.Response, err error, limit int) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return r.httpError(op, resp, limit)
	default:
		return r.transport(op, err)
	}
}

// httpError describes an answer of op that is not DingTalk's JSON,
// redacted; a non-zero limit says the body was over it and was not read.
func (r *redactor) httpError(op string, resp *resty.Response, limit int) *HTTPError {
	e := &HTTPError{BodyLimit: limit, op: op}
	if resp == nil {
		return e
	}
	e.StatusCode, e.ContentType = resp.StatusCode(), r.text(resp.Header().Get("Content-Type"))
	if limit == 0 {
		snippet := string(resp.Body())
		if len(snippet) > 200 {
			snippet = strings.ToValidUTF8(snippet[:200], "") + "…"
		}
		e.Snippet = r.text(snippet)
	}
	return e
}

// transport returns a transport error of op without secrets: the URL of a
// *url.Error is redacted in place (errors.As still finds it), and any other
// text is redacted whole.
func (r *redactor) transport(op string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		clean := &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
		if msg := r.text(ue.Err.Error()); msg != ue.Err.Error() {
			// The cause itself carries a secret: keep its redacted text and
			// its sentinels (context.DeadlineExceeded, …).
			clean.Err = redactedError{msg: msg, cause: ue.Err}
		}
		return &transportError{err: fmt.Errorf("kefu: %s: %w", op, clean)}
	}
	return &transportError{err: fmt.Errorf("kefu: %s: %w", op, redactedError{msg: r.text(err.Error()), cause: err})}
}

// redactedError carries a redacted message; errors.Is still reaches the
// cause's sentinels (context.DeadlineExceeded, …), but its text is never
// printed.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Is(target error) bool {
	return errors.Is(e.cause, target)
}

// redactURL replaces the values of secret query parameters with REDACTED.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	q := u.Query()
	changed := false
	for _, p := range secretParams {
		if q.Has(p) {
			q.Set(p, redacted)
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
