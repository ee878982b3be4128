// Package observed is the one place kefu's packages call an
// observe.Observer from: it checks for a nil Observer, times the observed
// step and fills in what every report carries, so that a package without an
// Observer pays one comparison and no allocation.
package observed

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/kefu-go/kefu/observe"
)

// Delivery is an observed delivery; the zero value observes nothing.
type Delivery struct {
	end   func(observe.DeliveryResult)
	start time.Time
}

// StartDelivery tells o (which may be nil) that d starts and returns the
// context the handler runs with.
func StartDelivery(ctx context.Context, o observe.Observer, d observe.Delivery) (context.Context, Delivery) {
	if o == nil {
		return ctx, Delivery{}
	}
	start := time.Now()
	ctx, end := o.StartDelivery(ctx, d)
	return ctx, Delivery{end: end, start: start}
}

// End reports the outcome (its name: accepted, failed, duplicate, in_flight)
// and the handler's error.
func (d Delivery) End(outcome string, err error) {
	if d.end == nil {
		return
	}
	d.end(observe.DeliveryResult{Outcome: observe.Outcome(outcome), Duration: time.Since(d.start), Err: err})
}

// Call is an observed attempt of an API call; the zero value observes
// nothing.
type Call struct {
	end   func(observe.CallResult)
	start time.Time
}

// StartCall tells o (which may be nil) that the attempt c starts and
// returns the context to send it with. c.API must be a path without a
// query: a query may carry an access token.
func StartCall(ctx context.Context, o observe.Observer, c observe.Call) (context.Context, Call) {
	if o == nil {
		return ctx, Call{}
	}
	start := time.Now()
	ctx, end := o.StartCall(ctx, c)
	return ctx, Call{end: end, start: start}
}

// StartCallURL is StartCall for an attempt of method on rawURL, the API
// and host taken from it; it parses the URL only when o is not nil, and
// never reports its query.
func StartCallURL(ctx context.Context, o observe.Observer, method, rawURL string, attempt int) (context.Context, Call) {
	if o == nil {
		return ctx, Call{}
	}
	c := observe.Call{Method: method, Attempt: attempt}
	if u, err := url.Parse(rawURL); err == nil {
		c.API, c.Host = u.Path, u.Host
	}
	return StartCall(ctx, o, c)
}

// End reports the attempt's HTTP status (0 without an answer), the
// platform's error code as text ("" on success) and its error.
func (c Call) End(status int, code string, err error) {
	if c.end == nil {
		return
	}
	c.end(observe.CallResult{StatusCode: status, Code: code, Duration: time.Since(c.start), Err: err})
}

// ConnState tells o (which may be nil) of a connection's change of state.
func ConnState(ctx context.Context, o observe.Observer, c observe.ConnState) {
	if o != nil {
		o.ConnState(ctx, c)
	}
}

// Set is the body of every package's WithObserver option: o must not be nil.
func Set(pkg string, dst *observe.Observer, o observe.Observer) error {
	if o == nil {
		return fmt.Errorf("%s: WithObserver(nil): the observer must not be nil", pkg)
	}
	*dst = o
	return nil
}
