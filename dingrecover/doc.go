// Package dingrecover fetches the HTTP callbacks DingTalk gave up on and
// dispatches them like live ones.
//
// DingTalk retries a failed HTTP push twice (about 10 s and 30 s later),
// then keeps it in a list of failed pushes, listable 3–5 minutes later
// (https://open.dingtalk.com/document/development/obtain-the-event-list-of-failed-push-messages);
// a service that was down must fetch it through the OpenAPI or lose it.
// A Recoverer polls that list (and, for third-party apps, the fail records
// of their tags), turns each item into the event the live callback would
// have delivered, and runs it through the same dispatch stage as the live
// receiver: the dedup claim with the same key rule, panic recovery, the
// handler timeout.
//
//	rec, err := dingrecover.New(client.TokenSource(), router,
//		dingrecover.WithDeduplicator(store)) // the live handler's store
//	go rec.Run(ctx)
//
// Fetching consumes the legacy list: an item fetched is the only copy. An
// event whose handler fails is held and retried on the next round (at most
// WithMaxHeld of them, in memory); a crash between the fetch and the
// handling loses what was fetched and not yet handled. With the live
// handler's store, an event that carries an eventId or a bizId and was
// handled live is not run again; a legacy body without them is keyed by a
// hash of its normalised payload, which differs from the live one's, so
// such an event may run twice (at least once, never lost).
package dingrecover
