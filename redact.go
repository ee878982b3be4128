package kefu

import (
	"errors"
	"slices"
	"sync"

	"github.com/go-resty/resty/v2"

	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/redact"
)

// maxSnippet is how much of an answer that is not DingTalk's JSON an
// HTTPError keeps, after redaction.
const maxSnippet = 200

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
	return redact.Text(s, r.secrets()...)
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
		e.Snippet = redact.Snippet(string(resp.Body()), maxSnippet, r.secrets()...)
	}
	return e
}

// transport returns a transport error of op without secrets.
func (r *redactor) transport(op string, err error) error {
	return httpx.Transport("kefu", op, err, r.secrets()...)
}

// secrets are the literals text removes: the app secret and the tokens.
func (r *redactor) secrets() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]string{r.appSecret}, r.tokens...)
}
