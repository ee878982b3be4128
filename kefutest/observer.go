package kefutest

import (
	"context"
	"slices"
	"sync"

	"github.com/kefu-go/kefu/observe"
)

// Observer is an observe.Observer that records what it is told, for tests
// of code that passes one to kefu's WithObserver options:
//
//	obs := kefutest.NewObserver()
//	h, _ := dingcallback.New(crypto, router, dingcallback.WithObserver(obs))
//	// … deliver a callback …
//	d := obs.Deliveries()[0] // d.Type == "user_add_org", d.Outcome == observe.Accepted
//
// The context it returns from StartDelivery carries the delivery, so a test
// can check that the handler ran under it (DeliveryFrom).
type Observer struct {
	mu         sync.Mutex
	changed    chan struct{}
	started    int
	deliveries []ObservedDelivery
	states     []observe.ConnState
	calls      []ObservedCall
}

// ObservedDelivery is a finished delivery: what it was and how it ended.
type ObservedDelivery struct {
	observe.Delivery
	observe.DeliveryResult
}

// ObservedCall is a finished attempt of an API call.
type ObservedCall struct {
	observe.Call
	observe.CallResult
}

var _ observe.Observer = (*Observer)(nil)

// NewObserver returns an empty Observer.
func NewObserver() *Observer { return &Observer{changed: make(chan struct{})} }

type deliveryKey struct{}

// DeliveryFrom returns the delivery an Observer's StartDelivery put in
// ctx: the handler of an observed delivery runs under it.
func DeliveryFrom(ctx context.Context) (observe.Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(observe.Delivery)
	return d, ok
}

// StartDelivery implements observe.Observer.
func (o *Observer) StartDelivery(ctx context.Context, d observe.Delivery) (context.Context, func(observe.DeliveryResult)) {
	o.record(func() { o.started++ })
	var once sync.Once
	return context.WithValue(ctx, deliveryKey{}, d), func(r observe.DeliveryResult) {
		once.Do(func() { o.record(func() { o.deliveries = append(o.deliveries, ObservedDelivery{d, r}) }) })
	}
}

// ConnState implements observe.Observer.
func (o *Observer) ConnState(_ context.Context, c observe.ConnState) {
	o.record(func() { o.states = append(o.states, c) })
}

// StartCall implements observe.Observer.
func (o *Observer) StartCall(ctx context.Context, c observe.Call) (context.Context, func(observe.CallResult)) {
	var once sync.Once
	return ctx, func(r observe.CallResult) {
		once.Do(func() { o.record(func() { o.calls = append(o.calls, ObservedCall{c, r}) }) })
	}
}

func (o *Observer) record(f func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f()
	close(o.changed)
	o.changed = make(chan struct{})
}

// Deliveries returns the finished deliveries, in the order they finished.
func (o *Observer) Deliveries() []ObservedDelivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.deliveries)
}

// Unfinished is the number of deliveries started and not finished.
func (o *Observer) Unfinished() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.started - len(o.deliveries)
}

// States returns the connection state changes, in order.
func (o *Observer) States() []observe.ConnState {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.states)
}

// Calls returns the finished API call attempts, in the order they finished.
func (o *Observer) Calls() []ObservedCall {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.calls)
}

// Wait waits until cond holds (it is checked after every report) or ctx
// ends.
func (o *Observer) Wait(ctx context.Context, cond func(o *Observer) bool) error {
	for {
		o.mu.Lock()
		ch := o.changed
		o.mu.Unlock()
		if cond(o) {
			return nil
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-ch:
		}
	}
}
