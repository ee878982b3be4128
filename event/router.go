package event

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
)

// HandlerFunc handles one event. A nil error means the event was accepted and
// may be acknowledged to DingTalk; an error makes the receiver ask DingTalk
// to deliver the event again.
type HandlerFunc func(ctx context.Context, ev Event) error

// ErrNilEvent is returned by Dispatch for a nil event.
var ErrNilEvent = errors.New("event: nil event")

// Router dispatches events to handlers registered by type. It is safe for
// concurrent use; register handlers before serving.
//
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error { … })
//	err := r.Dispatch(ctx, ev)
type Router struct {
	mu       sync.RWMutex
	handlers map[Type]HandlerFunc
	fallback HandlerFunc
}

// NewRouter returns an empty Router. Events of types with no handler go to
// the default handler (see HandleDefault) or, without one, are accepted and
// dropped.
func NewRouter() *Router {
	return &Router{handlers: make(map[Type]HandlerFunc)}
}

// Handle registers fn for the event type whose payload is E, such as
// *OrgUserAdd. It replaces an earlier handler for the same type. It panics if
// E is not a payload type of this package (use HandleDefault for *Unknown),
// which is a programming error found at start-up.
func Handle[E Event](r *Router, fn func(context.Context, E) error) {
	rt := reflect.TypeFor[E]()
	t, ok := typeFor[rt]
	if !ok {
		panic(fmt.Sprintf("event.Handle: %s is not a registered payload type", rt))
	}
	r.HandleType(t, func(ctx context.Context, ev Event) error {
		e, ok := ev.(E)
		if !ok {
			return fmt.Errorf("event: %s handler got %T", t, ev)
		}
		return fn(ctx, e)
	})
}

// HandleType registers fn for events of type t, including types this
// package does not know (they arrive as *Unknown).
func (r *Router) HandleType(t Type, fn HandlerFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[t] = fn
}

// HandleDefault registers fn for events of every type that has no handler
// of its own.
func (r *Router) HandleDefault(fn HandlerFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fallback = fn
}

// Dispatch calls the handler registered for ev's type, or the default
// handler, and returns its error. With neither, it returns nil: the event is
// accepted, so DingTalk does not deliver it again.
func (r *Router) Dispatch(ctx context.Context, ev Event) error {
	if ev == nil {
		return ErrNilEvent
	}
	if v := reflect.ValueOf(ev); v.Kind() == reflect.Pointer && v.IsNil() {
		return ErrNilEvent
	}
	t := ev.EventHeader().EventType
	if t == "" {
		t = typeFor[reflect.TypeOf(ev)]
	}
	r.mu.RLock()
	fn, ok := r.handlers[t]
	if !ok {
		fn = r.fallback
	}
	r.mu.RUnlock()
	if fn == nil {
		return nil
	}
	return fn(ctx, ev)
}
