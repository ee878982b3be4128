package kefu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/jsonx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/observe"
)

// Version is the version of this module, sent in the default User-Agent.
// It is the newest version in CHANGELOG.md, with "-dev" until it is tagged.
const Version = "0.1.0-dev"

const defaultTimeout = 10 * time.Second

// Client calls DingTalk's OpenAPI for customer service. It handles the
// access token, retries and errors; it is safe for concurrent use.
type Client struct {
	baseURL string
	appKey  string
	rc      *resty.Client
	tokens  TokenSource
	retry   RetryPolicy
	timeout time.Duration
	log     *slog.Logger
	redact  *redactor
	sleep   func(context.Context, time.Duration) error

	observer observe.Observer
	host     string // of the base URL, for the observer
	prefix   string // the base URL's path, for the observer
}

// NewClient returns a Client. Exactly one of WithAppCredentials,
// WithAccessToken and WithTokenSource is required; every option validates
// its argument.
//
//	c, err := kefu.NewClient(kefu.WithAppCredentials(appKey, appSecret))
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		baseURL:   DefaultBaseURL,
		timeout:   defaultTimeout,
		retry:     DefaultRetryPolicy(),
		userAgent: "kefu-go/" + Version,
		maxAnswer: DefaultMaxResponseSize,
	}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	switch {
	case cfg.credentials == 0:
		return nil, errors.New("kefu: NewClient: no credentials; use WithAppCredentials, WithAccessToken or WithTokenSource")
	case cfg.credentials > 1:
		return nil, errors.New("kefu: NewClient: more than one of WithAppCredentials, WithAccessToken and WithTokenSource")
	}
	log := httpx.Logger(cfg.log)
	red := &redactor{appSecret: cfg.appSecret}
	red.rememberToken(cfg.token)
	// A copy (resty sets fields of the client it is given) that follows no
	// redirect to another origin: every request carries the app secret or
	// an access token.
	rc := resty.NewWithClient(httpx.WithSameOriginRedirects(cfg.httpClient))
	rc.SetBaseURL(strings.TrimRight(cfg.baseURL, "/")).
		SetHeader("User-Agent", cfg.userAgent).
		SetRetryCount(0).
		SetResponseBodyLimit(cfg.maxAnswer).
		SetLogger(restyLogger{log: log, redact: red}).
		SetDisableWarn(true)

	c := &Client{baseURL: cfg.baseURL, appKey: cfg.appKey, rc: rc, retry: cfg.retry, timeout: cfg.timeout,
		log: log, redact: red, sleep: backoff.Sleep, observer: cfg.observer}
	if u, err := url.Parse(cfg.baseURL); err == nil { // WithBaseURL checked it
		c.host, c.prefix = u.Host, strings.TrimRight(u.Path, "/")
	}
	switch {
	case cfg.token != "":
		c.tokens = staticToken(cfg.token)
	case cfg.source != nil:
		c.tokens = cfg.source
	default:
		c.tokens = &appTokenSource{rc: rc, appKey: cfg.appKey, appSecret: cfg.appSecret, now: time.Now,
			timeout: cfg.timeout, redact: red, observer: cfg.observer, host: c.host, api: c.prefix + "/gettoken"}
	}
	return c, nil
}

// TokenSource returns the source of the client's access tokens: the
// cached, refreshed one of WithAppCredentials, the fixed one of
// WithAccessToken, or WithTokenSource's. Other clients of the same app
// (dingbot.NewSender, dingrecover.New) share it, so the app fetches one
// token for all.
func (c *Client) TokenSource() TokenSource { return c.tokens }

// apiResponse is DingTalk's answer envelope.
type apiResponse struct {
	Success   *bool        `json:"success"`
	ErrCode   int          `json:"errcode"`
	ErrMsg    string       `json:"errmsg"`
	SubCode   jsonx.String `json:"sub_code"`
	SubMsg    string       `json:"sub_msg"`
	RequestID string       `json:"request_id"`
}

// post sends body to path with the access token, refreshing a rejected token
// once and retrying as the policy says. body is the same on every attempt.
//
// The retry loop and the token are handled here rather than by resty's
// retry conditions and request middleware: whether to retry, and whether to
// refresh the token first, depends on the errcode inside DingTalk's answer,
// with a rate-limit floor and a refresh-once rule that resty's retry hooks
// would have to replace its own defaults to express. resty does the rest:
// the base URL and headers, the answer size limit and the log hook.
func (c *Client) post(ctx context.Context, path string, body []byte) error {
	start := time.Now()
	refreshed := false
	for attempt := 1; ; attempt++ {
		token, err := c.tokens.Token(ctx)
		if err == nil {
			c.redact.rememberToken(token)
			err = c.attempt(ctx, path, token, body, attempt)
		}
		if err == nil {
			return nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("kefu: %s: %w", path, ctxErr)
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.tokenRejected() && !refreshed {
			if inv, ok := c.tokens.(TokenInvalidator); ok {
				c.log.InfoContext(ctx, "kefu: access token rejected; fetching a new one", "errcode", apiErr.Code)
				inv.InvalidateToken(token)
				refreshed = true
				attempt-- // the refresh is not a retry
				continue
			}
		}
		wait, retry := c.retry.backoff(attempt, err)
		if !retry {
			return err
		}
		if attempt >= c.retry.MaxAttempts || time.Since(start)+wait > c.retry.MaxElapsed {
			return &RetriesExhaustedError{Attempts: attempt, Err: err}
		}
		c.log.WarnContext(ctx, "kefu: call failed; retrying", "path", path, "attempt", attempt, "wait", wait, "error", err)
		if sleepErr := c.sleep(ctx, wait); sleepErr != nil {
			return fmt.Errorf("kefu: %s: %w while waiting to retry (last error: %w)", path, sleepErr, err)
		}
	}
}

// attempt makes the n-th request and turns the answer into nil or an error.
func (c *Client) attempt(ctx context.Context, path, token string, body []byte, n int) (err error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	ctx, obs := observed.StartCall(ctx, c.observer,
		observe.Call{API: c.prefix + path, Method: http.MethodPost, Host: c.host, Attempt: n})
	defer func() { obs.End(observedResult(err)) }()
	resp, err := c.rc.R().
		SetContext(ctx).
		SetQueryParam("access_token", token).
		SetHeader("Content-Type", "application/json").
		SetBody(body).
		Post(path)
	if err := c.redact.callError(path, resp, err, c.rc.ResponseBodyLimit); err != nil {
		return err
	}
	return c.redact.checkResponse(resp)
}

// observedResult is what the observer is told of an attempt that ended
// with err: the HTTP status (0 without an answer), DingTalk's errcode, and
// err itself.
func observedResult(err error) (status int, code string, _ error) {
	var apiErr *APIError
	var httpErr *HTTPError
	switch {
	case err == nil:
		return http.StatusOK, "", nil
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatus, strconv.Itoa(apiErr.Code), err
	case errors.As(err, &httpErr):
		return httpErr.StatusCode, "", err
	}
	return 0, "", err
}

// checkResponse returns nil for {"success":true,"errcode":0}, an *APIError
// for DingTalk's error envelope and an *HTTPError for anything else.
// Every text copied from the answer is redacted.
func (rd *redactor) checkResponse(resp *resty.Response) error {
	var r apiResponse
	raw := resp.Body()
	if resp.StatusCode() >= http.StatusInternalServerError || json.Unmarshal(raw, &r) != nil {
		return rd.httpError("", resp, 0)
	}
	if r.ErrCode != 0 || r.Success == nil || !*r.Success {
		msg := r.ErrMsg
		if r.ErrCode == 0 && msg == "" {
			msg = "success is not true"
		}
		return &APIError{Code: r.ErrCode, Message: rd.text(msg), SubCode: rd.text(string(r.SubCode)),
			SubMessage: rd.text(r.SubMsg), RequestID: rd.text(r.RequestID), HTTPStatus: resp.StatusCode()}
	}
	return nil
}

// restyLogger sends resty's own log lines to slog at debug level, redacted,
// instead of resty's default of printing to stderr.
type restyLogger struct {
	log    *slog.Logger
	redact *redactor
}

func (l restyLogger) Errorf(format string, v ...any) { l.emit(format, v...) }
func (l restyLogger) Warnf(format string, v ...any)  { l.emit(format, v...) }
func (l restyLogger) Debugf(format string, v ...any) { l.emit(format, v...) }

func (l restyLogger) emit(format string, v ...any) {
	l.log.Debug("kefu: resty: " + strings.TrimSpace(l.redact.text(fmt.Sprintf(format, v...))))
}
