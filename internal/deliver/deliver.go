// Package deliver is the dispatch stage every receiver shares: it claims the
// event's key in a dedup.Store, runs the user's handler with panic recovery
// and a timeout, and completes or releases the claim when the handler has
// really returned. The receivers turn its Outcome into their platform's
// reply (DingTalk HTTP: "success" or not; Stream mode: SUCCESS or LATER).
package deliver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/event"
)

// Lease defaults: a claim is held for the handler timeout plus LeaseMargin,
// or DefaultLease when the receiver has no handler timeout.
const (
	LeaseMargin  = 5 * time.Second
	DefaultLease = time.Minute
)

// storeTimeout bounds a Complete or Release that runs after the request's
// context may have ended.
const storeTimeout = 5 * time.Second

// Outcome is what became of one delivery.
type Outcome int

const (
	// Accepted means the handler returned nil. Acknowledge.
	Accepted Outcome = iota + 1
	// Duplicate means a delivery of the same key was accepted before; the handler
	// was not called. Acknowledge.
	Duplicate
	// InFlight means another delivery of the same key is being handled; the
	// handler was not called. Ask for redelivery.
	InFlight
	// Failed means the handler returned an error, panicked or timed out. Ask for
	// redelivery.
	Failed
)

// Ack reports whether the platform should be told the event was handled.
func (o Outcome) Ack() bool { return o == Accepted || o == Duplicate }

// Dispatcher runs handlers for one receiver. The zero value with Component
// set dispatches without a timeout and without de-duplication.
type Dispatcher struct {
	// Component names the receiver in log lines and errors ("dingcallback").
	Component string
	// Log receives store failures and panics; it must not be nil.
	Log *slog.Logger
	// Timeout bounds the wait for the handler; 0 waits as long as ctx.
	Timeout time.Duration
	// Store de-duplicates deliveries; nil dispatches every delivery.
	Store dedup.Store
}

// SetTimeout sets Timeout for a WithHandlerTimeout option of pkg; the
// timeout must be positive.
func (d *Dispatcher) SetTimeout(pkg string, timeout time.Duration) error {
	if timeout <= 0 {
		return fmt.Errorf("%s: WithHandlerTimeout(%s): the timeout must be positive", pkg, timeout)
	}
	d.Timeout = timeout
	return nil
}

// Lease is how long a claim holds its key: the handler timeout plus
// LeaseMargin, so a handler that outran its timeout still holds the key while
// it runs, or DefaultLease without a timeout.
func (d *Dispatcher) Lease() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout + LeaseMargin
	}
	return DefaultLease
}

// Deliver runs fn at most once per key across deliveries (with a Store) and
// says what became of this delivery. key is called only when there is a
// Store, so a receiver without one never hashes a payload. The error is the
// handler's (or why it did not finish) for Failed, nil otherwise.
func (d *Dispatcher) Deliver(ctx context.Context, key func() string, fn func(context.Context) error) (Outcome, error) {
	var claim dedup.Claim
	if d.Store != nil {
		key := key()
		c, err := d.Store.Claim(ctx, key, d.Lease())
		switch {
		case err != nil:
			d.Log.WarnContext(ctx, d.Component+": deduplicator failed; dispatching (at least once)", "key", key, "error", err)
		case c.Status == dedup.Done:
			d.Log.DebugContext(ctx, d.Component+": duplicate of an accepted event acknowledged", "key", key)
			return Duplicate, nil
		case c.Status == dedup.Busy:
			d.Log.InfoContext(ctx, d.Component+": event already in flight; asking for redelivery", "key", key)
			return InFlight, nil
		case c.Status == dedup.Claimed:
			claim = c
		default:
			d.Log.WarnContext(ctx, d.Component+": deduplicator answered "+c.Status.String()+"; dispatching", "key", key)
		}
	}
	if d.Timeout <= 0 {
		err := d.call(ctx, fn)
		d.settle(ctx, claim, err)
		return outcome(err)
	}
	hctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel() // only here: the handler's context ends when the wait does
	done := make(chan error, 1)
	go func() {
		err := d.call(hctx, fn)
		d.settle(ctx, claim, err) // when the handler really returned, not when the wait ended
		done <- err
	}()
	select {
	case err := <-done:
		return outcome(err)
	case <-hctx.Done():
		// Only the timeout or the caller ends hctx: even a nil the handler
		// returns from now on is no acknowledgement (settle still records it).
		return Failed, fmt.Errorf("%s: event handler did not finish: %w", d.Component, hctx.Err())
	}
}

func outcome(err error) (Outcome, error) {
	if err != nil {
		return Failed, err
	}
	return Accepted, nil
}

// settle completes the claim after an accepted event and releases it after
// a failed one, so the next delivery is dispatched.
func (d *Dispatcher) settle(ctx context.Context, c dedup.Claim, handlerErr error) {
	if c.Status != dedup.Claimed {
		return
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	op, err := "complete", error(nil)
	if handlerErr == nil {
		err = d.Store.Complete(sctx, c)
	} else {
		op, err = "release", d.Store.Release(sctx, c)
	}
	if err != nil {
		d.Log.WarnContext(ctx, d.Component+": deduplicator failed to "+op+" a claim", "key", c.Key, "error", err)
	}
}

// call runs fn, recovering a panic into an error.
func (d *Dispatcher) call(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.ErrorContext(ctx, d.Component+": event handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("%s: event handler panicked: %v", d.Component, p)
		}
	}()
	return fn(ctx)
}

// EventKey is the de-duplication key of an event: its EventID, else its
// type and BizID, else a hash of its payload.
func EventKey(ev event.Event, payload []byte) func() string {
	return func() string {
		h := ev.EventHeader()
		switch {
		case h.EventID != "":
			return "event:" + h.EventID
		case h.BizID != "":
			return "biz:" + string(h.EventType) + ":" + h.BizID
		}
		return HashKey("sha256:", payload)
	}
}

// HashKey is prefix and the hex SHA-256 of payload: the key of a delivery
// that carries no identifier of its own.
func HashKey(prefix string, payload []byte) string {
	sum := sha256.Sum256(payload)
	return prefix + hex.EncodeToString(sum[:])
}
