package deskapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/internal/redact"
	"github.com/kefu-go/kefu/internal/version"
	"github.com/kefu-go/kefu/observe"
)

// Client calls Tencent Cloud IM Desk's REST API (v4/desk_http_svc) as an
// App administrator: send as the bot, transfer to a person, end a session,
// look one up. It is safe for concurrent use.
//
// Every request is
//
//	POST {base}/v4/desk_http_svc/{command}?sdkappid=…&identifier=…&usersig=…&random=…&contenttype=json
//
// (https://cloud.tencent.com/document/api/269/1519). The administrator's
// UserSig is generated once, shared by concurrent calls, and renewed at
// half its lifetime by one caller while the others wait; a call Desk
// answers with a UserSig error (UserSigRejected: 70001 expired, …) renews
// it and is repeated once. Network errors, 5xx and Desk's busy and internal
// codes are retried with capped backoff and jitter within the caller's
// context; a call that failed for the caller's own fault never is.
type Client struct {
	sdkAppID  int64
	adminID   string
	secretKey string
	baseURL   string
	hc        *http.Client
	log       *slog.Logger
	retry     RetryPolicy
	expiry    time.Duration
	maxAnswer int
	now       func() time.Time
	observer  observe.Observer
	host      string // of baseURL, for the observer

	mu       sync.Mutex
	sig      string
	renewAt  time.Time
	sigs     int // UserSigs generated, for tests and logs
	previous []string
}

// New returns a Client for the application sdkAppID, calling as adminID,
// an App administrator account, with the application's secret key (the IM
// console's 密钥). It makes no call.
func New(sdkAppID int64, adminID, secretKey string, opts ...Option) (*Client, error) {
	switch {
	case sdkAppID <= 0:
		return nil, fmt.Errorf("deskapi: New: SDKAppID %d: must be positive", sdkAppID)
	case adminID == "":
		return nil, errors.New("deskapi: New: empty administrator identifier")
	case secretKey == "":
		return nil, errors.New("deskapi: New: empty secret key")
	}
	cfg := config{baseURL: BaseURLChina, retry: DefaultRetryPolicy(), expiry: DefaultUserSigExpiry,
		maxAnswer: DefaultMaxResponseSize, now: time.Now}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	c := &Client{sdkAppID: sdkAppID, adminID: adminID, secretKey: secretKey, baseURL: cfg.baseURL,
		log: httpx.Logger(cfg.log), retry: cfg.retry, expiry: cfg.expiry, maxAnswer: cfg.maxAnswer, now: cfg.now,
		observer: cfg.observer}
	if u, err := url.Parse(cfg.baseURL); err == nil { // WithBaseURL checked it
		c.host = u.Host
	}
	// A copy of the caller's client that follows no redirect to another
	// origin: every request carries the UserSig in its query.
	c.hc = httpx.WithSameOriginRedirects(cfg.httpClient)
	c.baseURL = strings.TrimRight(cfg.baseURL, "/")
	return c, nil
}

// userSig returns the administrator's UserSig, generating it when there is
// none, when it is at half its lifetime, or when renew names the one a call
// saw rejected. Generation is local (an HMAC and zlib) and runs under the
// lock: however many callers wait, one renews.
func (c *Client) userSig(rejected string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.sig != "" && now.Before(c.renewAt) && (rejected == "" || rejected != c.sig) {
		return c.sig, nil
	}
	sig, err := GenUserSig(c.sdkAppID, c.adminID, c.secretKey, c.expiry, now)
	if err != nil {
		return "", err
	}
	if c.sig != "" {
		// Old UserSigs are still secrets: a slow answer may echo one.
		c.previous = append(c.previous[max(len(c.previous)-3, 0):], c.sig)
	}
	c.sig, c.renewAt, c.sigs = sig, now.Add(c.expiry/2), c.sigs+1
	return sig, nil
}

// secrets are the literals no error or log line may carry.
func (c *Client) secrets() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string{c.secretKey, c.sig}, c.previous...)
}

// answer is the common part of every answer.
type answer struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorCode    int    `json:"ErrorCode"`
	ErrorInfo    string `json:"ErrorInfo"`
}

// call posts req to command and decodes the answer into resp (which may be
// nil), retrying as the policy says and renewing a rejected UserSig once.
func (c *Client) call(ctx context.Context, command string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("deskapi: %s: encoding the request: %w", command, err)
	}
	start := time.Now()
	renewed := false
	rejected := ""
	for attempt := 1; ; attempt++ {
		sig, err := c.userSig(rejected)
		if err != nil {
			return err
		}
		rejected = ""
		err = c.attempt(ctx, command, sig, body, resp, attempt)
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.UserSigRejected() && !renewed {
			renewed, rejected = true, sig
			c.log.WarnContext(ctx, "deskapi: Desk rejected the UserSig; renewing it and calling again",
				"command", command, "code", apiErr.ErrorCode)
			attempt-- // the renewal's repeat is not a retry
			continue
		}
		if err == nil {
			return nil
		}
		wait, ok := c.retry.backoff(attempt, err)
		if !ok || ctx.Err() != nil || time.Since(start)+wait > c.retry.MaxElapsed {
			return err
		}
		c.log.WarnContext(ctx, "deskapi: call failed; retrying", "command", command, "attempt", attempt, "wait", wait, "error", err)
		if serr := backoff.Sleep(ctx, wait); serr != nil {
			return fmt.Errorf("deskapi: %s: %w, after: %w", command, serr, err)
		}
	}
}

// attempt makes the n-th call, observed.
func (c *Client) attempt(ctx context.Context, command, sig string, body []byte, resp any, n int) error {
	ctx, obs := observed.StartCall(ctx, c.observer,
		observe.Call{API: Path + command, Method: http.MethodPost, Host: c.host, Attempt: n})
	err := c.send(ctx, command, sig, body, resp)
	obs.End(observedResult(err))
	return err
}

// observedResult is what the observer is told of an attempt that ended
// with err: the HTTP status (0 without an answer), Desk's ErrorCode, err.
func observedResult(err error) (status int, code string, _ error) {
	var apiErr *APIError
	var answerErr *AnswerError
	switch {
	case err == nil:
		return http.StatusOK, "", nil
	case errors.As(err, &apiErr):
		return http.StatusOK, strconv.Itoa(apiErr.ErrorCode), err
	case errors.As(err, &answerErr):
		return answerErr.StatusCode, "", err
	}
	return 0, "", err
}

// send makes one call.
func (c *Client) send(ctx context.Context, command, sig string, body []byte, resp any) error {
	u := c.baseURL + Path + command + "?sdkappid=" + strconv.FormatInt(c.sdkAppID, 10) +
		"&identifier=" + url.QueryEscape(c.adminID) + "&usersig=" + url.QueryEscape(sig) +
		"&random=" + strconv.FormatUint(uint64(rand.Uint32()), 10) + "&contenttype=json" //nolint:gosec // a request id, not a secret
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return c.transport(command, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	r, err := c.hc.Do(req)
	if err != nil {
		return c.transport(command, err)
	}
	defer r.Body.Close()
	data, err := io.ReadAll(io.LimitReader(r.Body, int64(c.maxAnswer)+1))
	switch {
	case err != nil:
		return c.transport(command, err)
	case len(data) > c.maxAnswer:
		return &AnswerError{Command: command, StatusCode: r.StatusCode, BodyLimit: c.maxAnswer}
	}
	var a answer
	if jerr := json.Unmarshal(data, &a); jerr != nil || a.ActionStatus == "" || r.StatusCode != http.StatusOK {
		return &AnswerError{Command: command, StatusCode: r.StatusCode,
			Snippet: redact.Snippet(string(data), 200, c.secrets()...)}
	}
	if a.ActionStatus != "OK" || a.ErrorCode != 0 {
		return &APIError{Command: command, ActionStatus: a.ActionStatus, ErrorCode: a.ErrorCode,
			ErrorInfo: redact.Snippet(a.ErrorInfo, 500, c.secrets()...)}
	}
	if resp != nil {
		if err := json.Unmarshal(data, resp); err != nil {
			return &AnswerError{Command: command, StatusCode: r.StatusCode,
				Snippet: redact.Snippet(string(data), 200, c.secrets()...)}
		}
	}
	return nil
}

// userAgent names the client in every request.
const userAgent = "kefu-go/" + version.Version

// transport is a transport error of command without the UserSig.
func (c *Client) transport(command string, err error) error {
	return httpx.Transport("deskapi", command, err, c.secrets()...)
}
