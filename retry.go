package kefu

import (
	"fmt"
	"time"

	"github.com/kefu-go/kefu/internal/backoff"
)

// RetryPolicy bounds the client's retries. A call is retried on transport
// errors, HTTP 5xx, errcode -1 (system busy) and the QPS limits 90018 and
// 90002; never on 88, 90020, other errcodes, or validation errors. Every
// attempt sends the same body: the event_id makes the call idempotent.
type RetryPolicy struct {
	// MaxAttempts is the number of attempts, the first included (default 3).
	// 1 disables retries.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt; it doubles with each
	// attempt, with jitter (default 200 ms).
	BaseDelay time.Duration
	// MaxDelay caps one wait (default 5 s).
	MaxDelay time.Duration
	// RateLimitDelay is the least wait after a QPS-limit answer (default 1 s,
	// as DingTalk asks).
	RateLimitDelay time.Duration
	// MaxElapsed bounds the whole call, waits included: no retry starts after
	// it (default 30 s).
	MaxElapsed time.Duration
}

// DefaultRetryPolicy returns the policy of a client built without
// WithRetry: 3 attempts, 200 ms doubling to at most 5 s with jitter, at
// least 1 s after a QPS limit, 30 s in all.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:    3,
		BaseDelay:      200 * time.Millisecond,
		MaxDelay:       5 * time.Second,
		RateLimitDelay: time.Second,
		MaxElapsed:     30 * time.Second,
	}
}

func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 1:
		return fmt.Errorf("kefu: RetryPolicy.MaxAttempts %d: at least 1", p.MaxAttempts)
	case p.BaseDelay <= 0, p.MaxDelay < p.BaseDelay:
		return fmt.Errorf("kefu: RetryPolicy delays %s..%s: need 0 < BaseDelay <= MaxDelay", p.BaseDelay, p.MaxDelay)
	case p.RateLimitDelay <= 0:
		return fmt.Errorf("kefu: RetryPolicy.RateLimitDelay %s: must be positive", p.RateLimitDelay)
	case p.MaxElapsed <= 0:
		return fmt.Errorf("kefu: RetryPolicy.MaxElapsed %s: must be positive", p.MaxElapsed)
	}
	return nil
}

// backoff returns the wait after attempt n (1-based) failed with err, and
// whether to retry at all. The error decides (see retryKind); the policy
// only says how long to wait.
func (p RetryPolicy) backoff(n int, err error) (time.Duration, bool) {
	var floor time.Duration
	switch kindOf(err) {
	case retryNow:
	case retryRateLimited:
		floor = p.RateLimitDelay
	default:
		return 0, false
	}
	return max(backoff.Exponential(p.BaseDelay, p.MaxDelay, n), floor), true
}
