// Package dedup makes each event reach a handler once, across concurrent
// redeliveries and, with a shared backend, across replicas.
//
// DingTalk delivers an event again when its reply is late (it waits 1.5 s)
// or lost, and a service often runs several replicas behind one callback
// URL. A receiver given a Store (dingcallback.WithDeduplicator) handles each
// delivery so:
//
//   - it claims the event's key (its EventID, else its BizID, else a hash of
//     the payload) for a lease: the handler timeout plus a margin;
//   - Claimed: it dispatches; when the handler accepts the event it
//     completes the claim and acknowledges; when the handler fails (error,
//     panic, timeout) it releases the claim and asks for redelivery, which
//     is then dispatched;
//   - Done: a delivery of this key was accepted within the store's TTL; it
//     acknowledges without dispatching;
//   - Busy: another delivery still holds the key; it does not dispatch and
//     asks for redelivery (DingTalk HTTP: no "success"; Stream mode: LATER);
//   - a claim whose process crashed frees the key when its lease ends, and
//     the next delivery is dispatched; a handler that outran its timeout
//     keeps the key until it returns or its lease ends;
//   - when the store itself fails, the receiver logs it and dispatches:
//     delivery falls back to at least once, never to zero.
//
// Memory is the in-process Store; github.com/kefu-go/kefu/redisdedup (a
// module of its own, so that only its users download go-redis) shares claims
// between replicas through Redis. Implement Store for any other backend.
package dedup
