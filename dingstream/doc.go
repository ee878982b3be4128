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
//   - At most WithMaxInFlight frames are handled at once; more wait in a
//     bounded queue (WithQueueSize, 10× WithMaxInFlight by default). The
//     read loop never waits for a handler, so SYSTEM pings and WebSocket
//     pings are answered at once whatever the handlers do; only a frame that
//     finds the queue full is answered LATER at once. Nothing is dropped or
//     left unanswered.
//   - A dead connection is found by a keepalive ping (WithKeepalive), a
//     connection that delivers no frame at all by the idle timeout
//     (WithIdleTimeout, 60 s), and either is replaced. Every reconnect takes
//     a fresh ticket. Open calls come no faster than the backoff, which
//     starts over only after a connection stayed healthy for a minute; at
//     most two connections are open at once.
//   - A disconnect the gateway announces opens the next connection at once;
//     the client answers what is in flight on the old one and closes it
//     after WithDisconnectGrace (10 s), whether the gateway did or not.
//   - A 401 or 403 of the first open ends Run; on a reconnect it is retried
//     and logged at ERROR, up to WithMaxAuthFailures (default: for ever).
//   - When ctx ends, Run stops taking frames, waits (up to the shutdown
//     timeout) for the handlers in flight, answers them and returns, within
//     the shutdown timeout whatever the peer does with the close handshake.
//   - Neither the client secret nor a ticket appears in an error or a log
//     line, and neither follows a redirect to another origin.
//
// DingTalk may push an event again even after a SUCCESS; use
// WithDeduplicator to handle each event once. Tests can run a Client against
// kefutest.NewStreamGateway, a fake gateway on loopback.
package dingstream
