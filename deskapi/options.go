package deskapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/observe"
)

// Path is where the Desk commands are, under the base URL.
const Path = "/v4/desk_http_svc/"

// Desk's REST domains (https://cloud.tencent.com/document/api/269/1519,
// https://www.tencentcloud.com/document/product/1047/34620): the
// application's data center decides which.
const (
	BaseURLChina         = "https://console.tim.qq.com"
	BaseURLChinaBackup   = "https://adminapi.my-imcloud.com"
	BaseURLSingapore     = "https://adminapisgp.im.qcloud.com"
	BaseURLSeoul         = "https://adminapikr.im.qcloud.com"
	BaseURLFrankfurt     = "https://adminapiger.im.qcloud.com"
	BaseURLMumbai        = "https://adminapiind.im.qcloud.com"
	BaseURLSiliconValley = "https://adminapiusa.im.qcloud.com"
	BaseURLJakarta       = "https://adminapiidn.im.qcloud.com"
)

// Defaults of the options.
const (
	// DefaultUserSigExpiry is the lifetime of the administrator's UserSig:
	// a day, the least Tencent advises; the client renews it at half.
	DefaultUserSigExpiry = 24 * time.Hour
	// DefaultMaxResponseSize bounds an answer's body: Desk's are small, a
	// page of 100 chat messages a few hundred KiB.
	DefaultMaxResponseSize = 4 << 20
)

// Option configures a Client; options validate their arguments.
type Option func(*config) error

type config struct {
	baseURL    string
	httpClient *http.Client
	log        *slog.Logger
	observer   observe.Observer
	retry      RetryPolicy
	expiry     time.Duration
	maxAnswer  int
	now        func() time.Time
}

// WithBaseURL sets the REST domain (default BaseURLChina; the BaseURL
// constants name the others).
func WithBaseURL(base string) Option {
	return func(c *config) error {
		if err := httpx.CheckBaseURL("deskapi", base); err != nil {
			return err
		}
		c.baseURL = base
		return nil
	}
}

// WithHTTPClient sets the *http.Client the calls go through; the client
// does not modify it.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if err := httpx.CheckHTTPClient("deskapi", hc); err != nil {
			return err
		}
		c.httpClient = hc
		return nil
	}
}

// WithLogger logs retries and UserSig renewals through l. A nil logger (the
// default) logs nothing; no secret key or UserSig is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.log = l
		return nil
	}
}

// WithObserver reports each attempt of every call to o: the API's path
// (Path + the command), the attempt, the HTTP status and Desk's ErrorCode.
// See package observe; o must not be nil.
func WithObserver(o observe.Observer) Option {
	return func(c *config) error { return observed.Set("deskapi", &c.observer, o) }
}

// WithUserSigExpiry sets the lifetime of the administrator's UserSig
// (default DefaultUserSigExpiry); the client renews it at half. d must be
// at least a minute and at most MaxUserSigExpiry.
func WithUserSigExpiry(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Minute || d > MaxUserSigExpiry {
			return fmt.Errorf("deskapi: WithUserSigExpiry(%s): want a minute to 50 years", d)
		}
		c.expiry = d
		return nil
	}
}

// WithRetry sets the retry policy (default DefaultRetryPolicy()).
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithMaxResponseSize bounds an answer's body (default
// DefaultMaxResponseSize); a larger one is not read and the call fails
// with an *AnswerError. n must be positive.
func WithMaxResponseSize(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("deskapi: WithMaxResponseSize(%d): must be positive", n)
		}
		c.maxAnswer = n
		return nil
	}
}

// WithClock sets the clock of the UserSig (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("deskapi: WithClock(nil)")
		}
		c.now = now
		return nil
	}
}

// RetryPolicy bounds the client's retries: network errors, HTTP 5xx, 408
// and 429, and Desk's busy, rate-limit and internal codes
// (APIError.Retryable) are retried; nothing else is.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts, the first included (default
	// 3); 1 disables retries.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt; it doubles with each
	// attempt, with jitter (default 200 ms).
	BaseDelay time.Duration
	// MaxDelay caps one wait (default 5 s).
	MaxDelay time.Duration
	// MaxElapsed bounds the whole call, waits included (default 30 s).
	MaxElapsed time.Duration
}

// DefaultRetryPolicy returns the policy of a client built without
// WithRetry: 3 attempts, 200 ms doubling to at most 5 s with jitter, 30 s
// in all.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 5 * time.Second, MaxElapsed: 30 * time.Second}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("deskapi: RetryPolicy.MaxAttempts %d: at least 1", p.MaxAttempts)
	case p.BaseDelay <= 0, p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("deskapi: RetryPolicy delays %s..%s: need 0 < BaseDelay <= MaxDelay", p.BaseDelay, p.MaxDelay)
	case p.MaxElapsed <= 0:
		return fmt.Errorf("deskapi: RetryPolicy.MaxElapsed %s: must be positive", p.MaxElapsed)
	}
	return nil
}

// retryable is what an error says about another attempt.
type retryable interface{ Retryable() bool }

// backoff returns the wait after attempt n (1-based) failed with err, and
// whether to retry at all.
func (p RetryPolicy) backoff(n int, err error) (time.Duration, bool) {
	if n >= p.MaxAttempts {
		return 0, false
	}
	var te *httpx.TransportError
	var r retryable
	switch {
	case errors.As(err, &te):
	case errors.As(err, &r) && r.Retryable():
	default:
		return 0, false
	}
	return backoff.Exponential(p.BaseDelay, p.MaxDelay, n), true
}
