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

// Router dispatches events to handlers registered by type. The zero Router
// is ready to use, and a Router is safe for concurrent use; register
// handlers before serving.
//
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error { … })
//	err := r.Dispatch(ctx, ev)
type Router struct {
	mu       sync.RWMutex
	handlers map[Type]route
	fallback HandlerFunc
}

// route is a registered handler; typed ones (Handle) take only their payload
// type, so an undecodable *Unknown of their type goes to the default.
type route struct {
	fn    HandlerFunc
	typed bool
}

// NewRouter returns an empty Router. Events of types with no handler go to
// the default handler (see HandleDefault) or, without one, are accepted and
// dropped.
func NewRouter() *Router {
	return &Router{}
}

// Handle registers fn for the event type whose payload is E, such as
// *OrgUserAdd. Like http.ServeMux, it panics if the type already has a
// handler, or if E is not a payload type of this package (use HandleDefault
// or HandleType for *Unknown): programming errors found at start-up.
func Handle[E Event](r *Router, fn func(context.Context, E) error) {
	rt := reflect.TypeFor[E]()
	t, ok := theIndex().typeFor[rt]
	if !ok {
		panic(fmt.Sprintf("event.Handle: %s is not a registered payload type", rt))
	}
	r.register(t, route{typed: true, fn: func(ctx context.Context, ev Event) error {
		e, ok := ev.(E)
		if !ok {
			return fmt.Errorf("event: %s handler got %T", t, ev)
		}
		return fn(ctx, e)
	}})
}

// HandleType registers fn for events of type t, including types this
// package does not know and payloads that did not decode (both arrive as
// *Unknown). It panics if t already has a handler or fn is nil.
func (r *Router) HandleType(t Type, fn HandlerFunc) {
	r.register(t, route{fn: fn})
}

func (r *Router) register(t Type, rt route) {
	if rt.fn == nil {
		panic(fmt.Sprintf("event: nil handler for %s", t))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.handlers[t]; dup {
		panic(fmt.Sprintf("event: a second handler for %s", t))
	}
	if r.handlers == nil {
		r.handlers = make(map[Type]route)
	}
	r.handlers[t] = rt
}

// HandleDefault registers fn for events of every type that has no handler
// of its own. It panics if a default handler is already set or fn is nil.
func (r *Router) HandleDefault(fn HandlerFunc) {
	if fn == nil {
		panic("event: nil default handler")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fallback != nil {
		panic("event: a second default handler")
	}
	r.fallback = fn
}

// ErrUnhandled matches, through errors.Is, the error Dispatch returns for a
// payload that did not decode (an *Unknown with Err set) when no handler
// could take it: the event is not acknowledged, so the platform delivers it
// again.
var ErrUnhandled = errors.New("event: no handler took the undecodable event")

// Dispatch calls the handler registered for ev's type, or the default
// handler, and returns its error. With neither, it returns nil: the event is
// accepted, so DingTalk does not deliver it again — except an *Unknown with
// Err set (its payload did not decode), for which it returns an error that
// matches ErrUnhandled and wraps Err.
func (r *Router) Dispatch(ctx context.Context, ev Event) error {
	if isNil(ev) {
		return ErrNilEvent
	}
	fn, undecoded := r.lookup(ev)
	if fn == nil {
		if undecoded != nil {
			return fmt.Errorf("%w %s (event id %q): %w", ErrUnhandled, undecoded.EventType, undecoded.EventID, undecoded.Err)
		}
		return nil
	}
	return fn(ctx, ev)
}

// Handles reports whether Dispatch would call a handler for ev, rather than
// accept it unhandled (or refuse an undecodable one). The receivers use it
// to log, at debug level, the events that no handler took.
func (r *Router) Handles(ev Event) bool {
	if isNil(ev) {
		return false
	}
	fn, _ := r.lookup(ev)
	return fn != nil
}

// isNil reports whether ev is nil or a nil pointer.
func isNil(ev Event) bool {
	if ev == nil {
		return true
	}
	v := reflect.ValueOf(ev)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// lookup returns the handler for ev, and ev as an undecodable *Unknown
// when it is one.
func (r *Router) lookup(ev Event) (HandlerFunc, *Unknown) {
	t := ev.EventHeader().EventType
	if t == "" {
		t = theIndex().typeFor[reflect.TypeOf(ev)]
	}
	u, _ := ev.(*Unknown)
	if u != nil && u.Err == nil {
		u = nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	rt, ok := r.handlers[t]
	if ok && (u == nil || !rt.typed) {
		return rt.fn, u
	}
	return r.fallback, u
}
