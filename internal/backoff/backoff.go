// Package backoff holds the waits the module's retrying clients share (the
// root client, deskapi, dingbot's Sender, dingrecover, dingstream): capped
// exponential delays with equal jitter, and a sleep that ends with its
// context.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Exponential returns the wait after attempt n (1-based): base doubled n-1
// times, capped at maxWait, of which half is fixed and half random (equal
// jitter), so that replicas retrying together spread out.
func Exponential(base, maxWait time.Duration, n int) time.Duration {
	d := base << min(max(n-1, 0), 30)
	if d > maxWait || d <= 0 {
		d = maxWait
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter, not a secret
}

// Sleep waits d, or until ctx ends, when it returns ctx.Err().
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
