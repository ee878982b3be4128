package kefu

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/observe"
)

// TokenSource gives the client its DingTalk access token.
type TokenSource interface {
	// Token returns a valid access token.
	Token(ctx context.Context) (string, error)
}

// TokenInvalidator is implemented by a TokenSource that caches: the client
// calls InvalidateToken when DingTalk answers 40014 or 42001 for token, so
// the next Token call fetches a new one.
type TokenInvalidator interface {
	InvalidateToken(token string)
}

// staticToken is the TokenSource of WithAccessToken.
type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

// tokenMargin is how long before expires_in a cached token is renewed.
const tokenMargin = 5 * time.Minute

// appTokenSource fetches tokens from /gettoken with app credentials, caches
// them until shortly before they expire, and lets concurrent callers share
// one fetch.
type appTokenSource struct {
	rc        *resty.Client
	appKey    string
	appSecret string
	now       func() time.Time
	timeout   time.Duration // of one fetch: the client's per-attempt timeout
	redact    *redactor
	observer  observe.Observer
	host, api string // for the observer

	mu       sync.Mutex
	token    string
	expiry   time.Time
	inflight *tokenFetch
}

// tokenFetch is one /gettoken call that several callers wait for.
type tokenFetch struct {
	done  chan struct{}
	token string
	err   error
}

// gettokenResponse is the answer of /gettoken.
type gettokenResponse struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// Token implements TokenSource.
func (s *appTokenSource) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.token != "" && s.now().Before(s.expiry) {
		t := s.token
		s.mu.Unlock()
		return t, nil
	}
	f := s.inflight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		s.inflight = f
		// The fetch is shared: it must not die with the first caller's ctx.
		go s.fetch(context.WithoutCancel(ctx), f)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
		return f.token, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (s *appTokenSource) fetch(ctx context.Context, f *tokenFetch) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	token, ttl, err := s.get(ctx)
	s.mu.Lock()
	if err == nil {
		s.token = token
		margin := min(tokenMargin, ttl/10)
		s.expiry = s.now().Add(ttl - margin)
	}
	s.inflight = nil
	s.mu.Unlock()
	f.token, f.err = token, err
	close(f.done)
}

func (s *appTokenSource) get(ctx context.Context) (_ string, _ time.Duration, err error) {
	ctx, obs := observed.StartCall(ctx, s.observer, observe.Call{API: s.api, Method: http.MethodGet, Host: s.host, Attempt: 1})
	defer func() { obs.End(observedResult(err)) }()
	resp, err := s.rc.R().
		SetContext(ctx).
		SetQueryParam("appkey", s.appKey).
		SetQueryParam("appsecret", s.appSecret).
		Get("/gettoken")
	const op = "fetching the access token"
	if err := s.redact.callError(op, resp, err, s.rc.ResponseBodyLimit); err != nil {
		return "", 0, err
	}
	var r gettokenResponse
	if resp.StatusCode() >= http.StatusInternalServerError || json.Unmarshal(resp.Body(), &r) != nil {
		return "", 0, s.redact.httpError(op, resp, 0)
	}
	if r.ErrCode != 0 {
		return "", 0, &APIError{Code: r.ErrCode, Message: s.redact.text(r.ErrMsg), HTTPStatus: resp.StatusCode(), op: op}
	}
	if r.AccessToken == "" {
		return "", 0, errors.New("kefu: fetching the access token: the answer has no access_token")
	}
	s.redact.rememberToken(r.AccessToken)
	ttl := time.Duration(r.ExpiresIn) * time.Second
	if ttl <= 0 {
		ttl = 2 * time.Hour
	}
	return r.AccessToken, ttl, nil
}

// InvalidateToken implements TokenInvalidator.
func (s *appTokenSource) InvalidateToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token == token {
		s.token, s.expiry = "", time.Time{}
	}
}
