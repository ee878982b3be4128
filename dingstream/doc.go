// Package dingstream receives DingTalk events in Stream mode: the app opens
// an outbound WebSocket to DingTalk's gateway, so it needs no public
// callback URL, no callback token and no AES key. Events are dispatched on
// the same event.Router as the HTTP receiver (package dingcallback), so one
// set of handlers serves both.
//
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
//		return hr.Onboard(ctx, e.UserIDs)
//	})
//	c, err := dingstream.New(appKey, appSecret, r,
//		dingstream.WithDeduplicator(store), dingstream.WithLogger(logger))
//	if err != nil { … }
//	err = c.Run(ctx) // until ctx ends
//
// The protocol (https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description):
// POST /v1.0/gateway/connections/open with the app's credentials returns a
// WebSocket endpoint and a one-use ticket; the gateway pushes JSON frames
// of type SYSTEM (ping, disconnect), EVENT and CALLBACK, and the client
// answers each one, echoing its messageId. An EVENT answered LATER, or not
// answered, is pushed again.
//
// What the Client guarantees:
//   - An event is answered SUCCESS only after its handler returned nil;
//     an error, a panic, a timeout, an undecodable payload nobody handled
//     and a duplicate still in flight are answered LATER.
//   - At most WithMaxInFlight frames are handled at once; beyond that the
//     client stops reading, so no frame is dropped or left unanswered.
//   - A dead connection is found by a keepalive ping and replaced; every
//     reconnect takes a fresh ticket, after exponential backoff with jitter.
//   - When ctx ends, Run stops taking frames, waits (up to the shutdown
//     timeout) for the handlers in flight, answers them and returns.
//   - Neither the client secret nor a ticket appears in an error or a log
//     line.
//
// DingTalk may push an event again even after a SUCCESS; use
// WithDeduplicator to handle each event once. Tests can run a Client against
// kefutest.NewStreamGateway, a fake gateway on loopback.
package dingstream
