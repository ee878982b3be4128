package kefu

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/kefutest"
)

func TestRateLimitWaitsAtLeastOneSecond(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithAccessToken(srv.IssueToken()))
	require.NoError(t, err)
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}
	srv.Script(kefutest.Reply{ErrCode: CodeAppQPSLimit}, kefutest.Reply{ErrCode: CodeGlobalQPSLimit}, kefutest.Reply{ErrCode: CodeSystemBusy})
	err = c.ChangeEvent(context.Background(), &EventDTO{EventCode: "c", EventID: "1", BizType: "b", BuID: "1", Source: "s", EventBody: "{}"})
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, CodeSystemBusy, ae.Code, "three attempts by default: the last answer is returned")
	require.Len(t, waits, 2)
	for _, w := range waits {
		assert.GreaterOrEqual(t, w, time.Second)
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, RateLimitDelay: time.Second, MaxElapsed: time.Minute}
	busy := &APIError{Code: CodeSystemBusy}
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 40: time.Second} {
		for range 50 {
			d, ok := p.backoff(n, busy)
			require.True(t, ok)
			assert.GreaterOrEqual(t, d, want/2, n)
			assert.LessOrEqual(t, d, want, n)
		}
	}
	transport := &httpx.TransportError{Err: &url.Error{Op: "Post", URL: "http://x", Err: errors.New("connection refused")}}
	_, ok := p.backoff(1, transport)
	assert.True(t, ok)
	for _, err := range []error{&APIError{Code: CodeAuthFailed}, &APIError{Code: CodeMonthlyQuota}, &APIError{Code: 40035},
		&HTTPError{StatusCode: 404}, &ValidationError{}, context.Canceled, errors.New("other")} {
		_, ok := p.backoff(1, err)
		assert.False(t, ok, "%v", err)
	}
}

// One table decides: the client's own retries are a subset of what
// Retryable reports, for every code the client knows.
func TestRetryDecidedInOnePlace(t *testing.T) {
	t.Parallel()
	p := DefaultRetryPolicy()
	for _, code := range []int{CodeOK, CodeSystemBusy, CodeAuthFailed, CodeInvalidToken, CodeExpiredToken, CodeAppQPSLimit,
		CodeGlobalQPSLimit, CodeMinuteLimit, CodeMinuteLimitApp, CodeMonthlyQuota, 40035} {
		e := &APIError{Code: code}
		_, clientRetries := p.backoff(1, e)
		if clientRetries {
			assert.True(t, e.Retryable(), "code %d is retried by the client, so it is Retryable", code)
		}
	}
	assert.True(t, (&HTTPError{StatusCode: 502}).Retryable())
	assert.False(t, (&HTTPError{StatusCode: 404}).Retryable())
}

func TestRetriesExhaustedSaysHowMany(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithAccessToken(srv.IssueToken()),
		WithRetry(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond,
			RateLimitDelay: time.Millisecond, MaxElapsed: time.Minute}))
	require.NoError(t, err)
	srv.Script(kefutest.Reply{ErrCode: CodeSystemBusy}, kefutest.Reply{ErrCode: CodeSystemBusy})
	err = c.ChangeEvent(context.Background(), &EventDTO{EventCode: "c", EventID: "1", BizType: "b", BuID: "1", Source: "s", EventBody: "{}"})
	var ex *RetriesExhaustedError
	require.ErrorAs(t, err, &ex)
	assert.Equal(t, 2, ex.Attempts)
	assert.Contains(t, err.Error(), "gave up after 2 attempts")
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, CodeSystemBusy, ae.Code)

	srv.Script(kefutest.Reply{ErrCode: CodeAuthFailed})
	err = c.ChangeEvent(context.Background(), &EventDTO{EventCode: "c", EventID: "2", BizType: "b", BuID: "1", Source: "s", EventBody: "{}"})
	assert.False(t, errors.As(err, &ex), "an error never retried is returned as it is")
}
