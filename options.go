package kefu

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/observe"
)

// DefaultBaseURL is DingTalk's OpenAPI.
const DefaultBaseURL = "https://oapi.dingtalk.com"

// Option configures a Client. Options validate their arguments; NewClient
// returns the first error.
type Option func(*config) error

type config struct {
	appKey, appSecret string
	token             string
	source            TokenSource
	baseURL           string
	httpClient        *http.Client
	timeout           time.Duration
	retry             RetryPolicy
	log               *slog.Logger
	observer          observe.Observer
	userAgent         string
	maxAnswer         int
	credentials       int
}

// DefaultMaxResponseSize is the largest answer body the client reads unless
// WithMaxResponseSize says otherwise. DingTalk's answers are a few hundred
// bytes.
const DefaultMaxResponseSize = 1 << 20

// WithMaxResponseSize sets the largest answer body the client reads; a
// larger one is not read and the call fails with an *HTTPError that matches
// ErrResponseTooLarge. n must be positive.
func WithMaxResponseSize(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("kefu: WithMaxResponseSize(%d): must be positive", n)
		}
		c.maxAnswer = n
		return nil
	}
}

// WithAppCredentials makes the client fetch access tokens from /gettoken with
// the app's appKey and appSecret, cache them until shortly before they
// expire, and refresh them when DingTalk rejects one.
func WithAppCredentials(appKey, appSecret string) Option {
	return func(c *config) error {
		if appKey == "" {
			return errors.New("kefu: WithAppCredentials: the appKey is empty")
		}
		if appSecret == "" {
			return errors.New("kefu: WithAppCredentials: the appSecret is empty")
		}
		c.appKey, c.appSecret = appKey, appSecret
		c.credentials++
		return nil
	}
}

// WithAccessToken makes the client use a fixed access token. When DingTalk
// rejects it (40014, 42001) the call fails with an *APIError.
func WithAccessToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("kefu: WithAccessToken: the token is empty")
		}
		c.token = token
		c.credentials++
		return nil
	}
}

// WithTokenSource makes the client ask ts for access tokens, for tokens
// shared by several services. If ts also implements TokenInvalidator, it is
// told about rejected tokens.
func WithTokenSource(ts TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("kefu: WithTokenSource(nil)")
		}
		c.source = ts
		c.credentials++
		return nil
	}
}

// WithBaseURL sets the OpenAPI address (default DefaultBaseURL), for tests
// and proxies. It must be an absolute http or https URL.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		if err := httpx.CheckBaseURL("kefu", base); err != nil {
			return err
		}
		c.baseURL = base
		return nil
	}
}

// WithHTTPClient sets the *http.Client the requests go through. The client
// does not modify it.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if err := httpx.CheckHTTPClient("kefu", hc); err != nil {
			return err
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout bounds each attempt and each access-token fetch (default
// 10 s). An attempt that runs out of it is retried like any transport error;
// the whole call is bounded by the context and RetryPolicy.MaxElapsed.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("kefu: WithTimeout(%s): must be positive", d)
		}
		c.timeout = d
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

// WithLogger logs retries and failures through l. A nil logger (the default)
// logs nothing. Tokens and secrets are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.log = l
		return nil
	}
}

// WithObserver reports each attempt of every call the client makes (the
// access token's fetch included) to o: the API's path, the attempt, the
// HTTP status and DingTalk's errcode. See package observe; o must not be
// nil.
func WithObserver(o observe.Observer) Option {
	return func(c *config) error { return observed.Set("kefu", &c.observer, o) }
}

// WithUserAgent sets the User-Agent header (default "kefu-go").
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" {
			return errors.New("kefu: WithUserAgent: empty")
		}
		c.userAgent = ua
		return nil
	}
}
