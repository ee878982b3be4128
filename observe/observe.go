// Package observe is the hook every kefu receiver and client reports to:
// each delivery of an event, each change of a Stream connection's state and
// each attempt of an outgoing API call. It has no dependencies; the nested
// module github.com/kefu-go/kefu/kefuotel implements Observer with
// OpenTelemetry traces and metrics, and kefutest.Observer records what it is
// told, for tests.
//
// Every receiver and client takes an Observer through its WithObserver
// option. Without one, nothing is measured and nothing is allocated for it.
//
// What an Observer is told never holds a secret, a payload body or a
// personal identifier: event types, event and message ids, API names,
// status and error codes, durations, and errors whose text kefu already
// redacts.
package observe

import (
	"context"
	"time"
)

// Observer is told about deliveries, connection states and API calls. Its
// methods are called from many goroutines at once and must not block: a
// slow Observer slows every delivery.
//
// Embed Nop in an implementation so that it keeps compiling when a later
// version adds a method.
type Observer interface {
	// StartDelivery is called when a receiver dispatches a delivery, before
	// the de-duplication claim. The context it returns is the one the
	// user's handler runs with (a tracing Observer puts its span there, so
	// the handler's spans are its children); the function it returns is
	// called exactly once, when the outcome is known.
	StartDelivery(ctx context.Context, d Delivery) (context.Context, func(DeliveryResult))

	// ConnState is called on each change of a connection's state.
	ConnState(ctx context.Context, c ConnState)

	// StartCall is called before each attempt of an outgoing API call: a
	// retried call is observed once per attempt. The context it returns is
	// the one the request is sent with; the function it returns is called
	// exactly once, when the attempt's answer is read or it failed.
	StartCall(ctx context.Context, c Call) (context.Context, func(CallResult))
}

// Receivers, as Delivery.Receiver names them: the package that received
// the delivery.
const (
	ReceiverDingCallback = "dingcallback" // DingTalk HTTP push (event subscription)
	ReceiverDingStream   = "dingstream"   // DingTalk Stream mode
	ReceiverDingRecover  = "dingrecover"  // DingTalk pushes recovered from the failed list
	ReceiverDingBot      = "dingbot"      // DingTalk robot messages over HTTP
	ReceiverDeskCallback = "deskcallback" // Tencent IM Desk callbacks
)

// Delivery is one delivery of an event to the user's handler.
type Delivery struct {
	// Receiver is the receiving package: one of the Receiver constants.
	Receiver string
	// Type is what was delivered: the DingTalk event type ("user_add_org"),
	// the Stream callback topic ("/v1.0/im/bot/messages/get"), the robot
	// message type over HTTP ("text"), or the Desk callback command
	// ("Desk.SessionEventNotify").
	Type string
	// ID identifies the delivery where the platform gives it an id: the
	// DingTalk event id, the Stream messageId, the robot msgId. It may be
	// empty.
	ID string
}

// Outcome is what became of a delivery. Its values are the same words in
// every receiver, log line, span attribute and metric attribute.
type Outcome string

// The outcomes of a delivery.
const (
	// Accepted: the handler returned nil; the platform was told so.
	Accepted Outcome = "accepted"
	// Failed: the handler returned an error, panicked or timed out; the
	// platform is asked to deliver again.
	Failed Outcome = "failed"
	// Duplicate: a delivery of the same event was accepted before; the
	// handler was not called and the platform was told it was handled.
	Duplicate Outcome = "duplicate"
	// InFlight: another delivery of the same event is being handled; the
	// handler was not called and the platform is asked to deliver again.
	InFlight Outcome = "in_flight"
)

// DeliveryResult is how a delivery ended.
type DeliveryResult struct {
	Outcome Outcome
	// Duration runs from StartDelivery to the outcome: the de-duplication
	// calls and the handler.
	Duration time.Duration
	// Err is the handler's error (or why it did not finish) for Failed;
	// nil otherwise.
	Err error
}

// State is a connection's state.
type State string

// The states of a Stream connection, in the order they usually come.
const (
	// Connecting: an open call is about to be made (ConnState.Attempt says
	// which, counting from 1 since the last healthy connection).
	Connecting State = "connecting"
	// Connected: the WebSocket is up and frames flow.
	Connected State = "connected"
	// DisconnectAnnounced: the gateway announced it will close the
	// connection; the client opens the next one and closes this one after
	// its disconnect grace.
	DisconnectAnnounced State = "disconnect_announced"
	// Reconnecting: an open call failed or a connection was lost; the next
	// open call comes after ConnState.Delay.
	Reconnecting State = "reconnecting"
	// Closed: a connection ended (ConnState.Err says why when it was not a
	// normal closure).
	Closed State = "closed"
)

// ConnState is a change of a connection's state.
type ConnState struct {
	// Receiver is the package holding the connection ("dingstream").
	Receiver string
	State    State
	// ConnID numbers the client's connections from 1; 0 before one is open.
	ConnID int64
	// Attempt counts open calls since the last healthy connection
	// (Connecting, Reconnecting).
	Attempt int
	// Delay is the wait before the next open call (Reconnecting).
	Delay time.Duration
	// Reason says why, in a few words ("open failed", "connection lost",
	// "announced by the gateway", "idle timeout"); it may be empty.
	Reason string
	// Err is the error behind the change, if any; its text is redacted.
	Err error
}

// Call is one attempt of an outgoing API call.
type Call struct {
	// API names the call: the platform's path without its host and
	// query ("/gettoken", "/topapi/customerservice/event/change",
	// "/v1.0/gateway/connections/open", "/v4/desk_http_svc/send_msg").
	API string
	// Method is the HTTP method.
	Method string
	// Host is the host (and port, when not the scheme's) the call goes to.
	Host string
	// Attempt counts from 1; a retry is Attempt 2.
	Attempt int
}

// CallResult is how an attempt ended.
type CallResult struct {
	// StatusCode is the HTTP status; 0 when no answer came.
	StatusCode int
	// Code is the platform's error code in the answer, as text: DingTalk's
	// errcode ("88") or code ("Forbidden.AccessDenied"), Tencent's
	// ErrorCode ("70001"). Empty when the call succeeded or no answer came.
	Code     string
	Duration time.Duration
	// Err is why the attempt failed, nil when it succeeded; its text is
	// redacted.
	Err error
}

// Nop is an Observer that does nothing. Embed it in an Observer that
// implements only some of the methods.
type Nop struct{}

var _ Observer = Nop{}

func nopDelivery(DeliveryResult) {}
func nopCall(CallResult)         {}

// StartDelivery returns ctx and a function that does nothing.
func (Nop) StartDelivery(ctx context.Context, _ Delivery) (context.Context, func(DeliveryResult)) {
	return ctx, nopDelivery
}

// ConnState does nothing.
func (Nop) ConnState(context.Context, ConnState) {}

// StartCall returns ctx and a function that does nothing.
func (Nop) StartCall(ctx context.Context, _ Call) (context.Context, func(CallResult)) {
	return ctx, nopCall
}
