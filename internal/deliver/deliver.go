// Package deliver is the dispatch stage every receiver shares, and the step
// after it: it claims the event's key in a dedup.Store (each store call
// bounded by the receiver's store timeout), runs the user's handler with
// panic recovery and a timeout, completes or releases the claim when the
// handler has really returned, and turns the Outcome into a Verdict —
// acknowledge or not, and the log line — the same for every receiver. The
// receivers only translate the Verdict into their platform's answer
// (DingTalk HTTP: "success" or not; Stream mode: SUCCESS or LATER; Desk: OK
// or FAIL).
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
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/observe"
)

// Lease defaults: a claim is held for the handler timeout plus LeaseMargin,
// or DefaultLease when the receiver has no handler timeout.
const (
	LeaseMargin  = 5 * time.Second
	DefaultLease = time.Minute
)

// DefaultStoreTimeout bounds each call of a dedup.Store (Claim, then
// Complete or Release) unless the receiver's WithStoreTimeout says
// otherwise. Two of them run before an HTTP answer: 2 × 250 ms keeps a
// stalled store inside DingTalk's 1.5 s and Tencent's ~2 s, with a second
// left for the handler; a store on the same network answers in about a
// millisecond.
const DefaultStoreTimeout = 250 * time.Millisecond

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

// String returns the outcome's name: accepted, duplicate, in_flight, failed.
func (o Outcome) String() string {
	switch o {
	case Accepted:
		return "accepted"
	case Duplicate:
		return "duplicate"
	case InFlight:
		return "in_flight"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Ack reports whether the platform should be told the event was handled.
func (o Outcome) Ack() bool { return o == Accepted || o == Duplicate }

// Verdict is what every receiver does with an Outcome: whether it
// acknowledges the delivery, and the level and message of its log line. It
// is the one table of that mapping, so no receiver can drift from another.
type Verdict struct {
	Ack     bool
	Level   slog.Level
	Message string
}

// verdicts is the table. A failed delivery is an ERROR everywhere: the
// platform delivers it again, but someone must look at the handler.
var verdicts = map[Outcome]Verdict{
	Accepted:  {Ack: true, Level: slog.LevelDebug, Message: "event accepted"},
	Duplicate: {Ack: true, Level: slog.LevelDebug, Message: "duplicate of an accepted event acknowledged without dispatch"},
	InFlight:  {Ack: false, Level: slog.LevelInfo, Message: "event already in flight; asking for redelivery"},
	Failed:    {Ack: false, Level: slog.LevelError, Message: "event handler failed; asking for redelivery"},
}

// Verdict returns the outcome's entry of the table.
func (o Outcome) Verdict() Verdict {
	if v, ok := verdicts[o]; ok {
		return v
	}
	return verdicts[Failed]
}

// Dispatcher runs handlers for one receiver. The zero value with Component
// and Log set dispatches without a timeout and without de-duplication.
type Dispatcher struct {
	// Component names the receiver in log lines and errors ("dingcallback").
	Component string
	// Log receives outcomes, store failures and panics; it must not be nil.
	Log *slog.Logger
	// Timeout bounds the wait for the handler; 0 waits as long as ctx.
	Timeout time.Duration
	// Store de-duplicates deliveries; nil dispatches every delivery.
	Store dedup.Store
	// StoreTimeout bounds each Store call; 0 means DefaultStoreTimeout.
	StoreTimeout time.Duration
	// Observer is told of every delivery; nil tells no one.
	Observer observe.Observer
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

// SetStoreTimeout sets StoreTimeout for a WithStoreTimeout option of pkg;
// the timeout must be positive.
func (d *Dispatcher) SetStoreTimeout(pkg string, timeout time.Duration) error {
	if timeout <= 0 {
		return fmt.Errorf("%s: WithStoreTimeout(%s): the timeout must be positive", pkg, timeout)
	}
	d.StoreTimeout = timeout
	return nil
}

// SetObserver sets Observer for a WithObserver option of pkg; the observer
// must not be nil.
func (d *Dispatcher) SetObserver(pkg string, o observe.Observer) error {
	return observed.Set(pkg, &d.Observer, o)
}

// SetStore sets Store for a WithDeduplicator option of pkg; the store must
// not be nil.
func (d *Dispatcher) SetStore(pkg string, s dedup.Store) error {
	if s == nil {
		return fmt.Errorf("%s: WithDeduplicator(nil)", pkg)
	}
	d.Store = s
	return nil
}

func (d *Dispatcher) storeTimeout() time.Duration {
	if d.StoreTimeout > 0 {
		return d.StoreTimeout
	}
	return DefaultStoreTimeout
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
//
// A store that fails or does not answer within the store timeout is logged
// at WARN and the event dispatched: delivery stays at least once.
//
// about names the delivery for the Observer (its Receiver is the
// Component); the Observer's context is the handler's.
func (d *Dispatcher) Deliver(ctx context.Context, about observe.Delivery, key func() string, fn func(context.Context) error) (Outcome, error) {
	_, o, err := Call(ctx, d, about, key, func(ctx context.Context) (struct{}, error) { return struct{}{}, fn(ctx) })
	return o, err
}

// Call is Deliver for a handler that answers a value (a Desk reply's
// fields, a Stream callback's response). The value travels with the
// handler's return, so a handler that outran its timeout cannot race the
// receiver's reply: its late value is dropped. It is the zero value unless
// the outcome is Accepted.
func Call[T any](ctx context.Context, d *Dispatcher, about observe.Delivery, key func() string, fn func(context.Context) (T, error)) (T, Outcome, error) {
	about.Receiver = d.Component
	ctx, obs := observed.StartDelivery(ctx, d.Observer, about)
	v, o, err := dispatch(ctx, d, key, fn)
	obs.End(o.String(), err)
	return v, o, err
}

// dispatch is Call without the Observer.
func dispatch[T any](ctx context.Context, d *Dispatcher, key func() string, fn func(context.Context) (T, error)) (T, Outcome, error) {
	var zero T
	var claim dedup.Claim
	if d.Store != nil {
		key := key()
		cctx, cancel := context.WithTimeout(ctx, d.storeTimeout())
		c, err := d.Store.Claim(cctx, key, d.Lease())
		cancel()
		switch {
		case err != nil:
			d.Log.WarnContext(ctx, d.Component+": deduplicator failed; dispatching (at least once)", "key", key, "error", err)
		case c.Status == dedup.Done:
			return zero, Duplicate, nil
		case c.Status == dedup.Busy:
			return zero, InFlight, nil
		case c.Status == dedup.Claimed:
			claim = c
		default:
			d.Log.WarnContext(ctx, d.Component+": deduplicator answered "+c.Status.String()+"; dispatching", "key", key)
		}
	}
	if d.Timeout <= 0 {
		v, err := call(ctx, d, fn)
		d.settle(ctx, claim, err)
		return result(v, err)
	}
	hctx, cancel := context.WithTimeout(ctx, d.Timeout)
	defer cancel() // only here: the handler's context ends when the wait does
	type answer struct {
		v   T
		err error
	}
	done := make(chan answer, 1)
	go func() {
		v, err := call(hctx, d, fn)
		d.settle(ctx, claim, err) // when the handler really returned, not when the wait ended
		done <- answer{v, err}
	}()
	select {
	case a := <-done:
		return result(a.v, a.err)
	case <-hctx.Done():
		// Only the timeout or the caller ends hctx: even a nil the handler
		// returns from now on is no acknowledgement (settle still records it).
		return zero, Failed, fmt.Errorf("%s: event handler did not finish: %w", d.Component, hctx.Err())
	}
}

func result[T any](v T, err error) (T, Outcome, error) {
	if err != nil {
		var zero T
		return zero, Failed, err
	}
	return v, Accepted, nil
}

// Report logs the verdict on a delivery — at its level, with its message,
// the receiver's attrs and the handler's error — and returns it. Every
// receiver calls it once per delivery that reached the dispatch stage.
func (d *Dispatcher) Report(ctx context.Context, o Outcome, err error, attrs ...slog.Attr) Verdict {
	v := o.Verdict()
	if !d.Log.Enabled(ctx, v.Level) {
		return v
	}
	// A copy, so that the caller's attrs do not escape: a receiver that
	// logs nothing at this level allocates nothing for them.
	all := make([]slog.Attr, 0, len(attrs)+2)
	all = append(all, attrs...)
	if err != nil {
		all = append(all, slog.Any("error", err))
	}
	d.Log.LogAttrs(ctx, v.Level, d.Component+": "+v.Message, append(all, slog.String("outcome", o.String()))...)
	return v
}

// settle completes the claim after an accepted event and releases it after
// a failed one, so the next delivery is dispatched. It runs after the
// request's context may have ended, bounded by the store timeout.
func (d *Dispatcher) settle(ctx context.Context, c dedup.Claim, handlerErr error) {
	if c.Status != dedup.Claimed {
		return
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.storeTimeout())
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
func call[T any](ctx context.Context, d *Dispatcher, fn func(context.Context) (T, error)) (v T, err error) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.ErrorContext(ctx, d.Component+": event handler panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("%s: event handler panicked: %v", d.Component, p)
		}
	}()
	return fn(ctx)
}

// EventKey is the de-duplication key of a DingTalk event, from its
// header's fields: its EventID, else its type and BizID, else a hash of its
// payload. The receivers that deliver DingTalk events (HTTP, Stream, the
// recovery of failed pushes) all key by it.
func EventKey(eventID, eventType, bizID string, payload []byte) func() string {
	return func() string {
		switch {
		case eventID != "":
			return "event:" + eventID
		case bizID != "":
			return "biz:" + eventType + ":" + bizID
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
