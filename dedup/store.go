package dedup

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Status is the answer to a Claim.
type Status int

// The answers to a Claim.
const (
	// Claimed: this delivery holds the key until its lease ends. Dispatch the
	// event, then Complete the claim if the handler accepted it or Release it
	// if the handler failed.
	Claimed Status = iota + 1
	// Done: a delivery of this key was accepted within the store's TTL.
	// Acknowledge without dispatching.
	Done
	// Busy: another delivery holds the key and is still in flight. Do not
	// dispatch, and answer so that the platform delivers again (DingTalk
	// HTTP: no "success"; Stream mode: LATER).
	Busy
)

// String returns "claimed", "done" or "busy".
func (s Status) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case Done:
		return "done"
	case Busy:
		return "busy"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Claim is the result of Store.Claim. When Status is Claimed, Token
// identifies this claim: Complete and Release act only while the key is
// still held by the same token, so a delivery whose lease ran out cannot
// overwrite a newer claim.
type Claim struct {
	// Key is the key that was claimed, such as an event id.
	Key string
	// Status is Claimed, Busy or Done.
	Status Status
	// Token identifies a Claimed claim; empty otherwise.
	Token string
}

// ErrLeaseLost is returned by Complete and Release when the key is no longer
// held by the claim's token: its lease ended and another delivery may have
// claimed the key since. The outcome of this delivery was not recorded.
var ErrLeaseLost = errors.New("dedup: the claim's lease ended before it was completed or released")

// Store records which event keys are being handled and which were handled,
// so that each event reaches a handler once across concurrent redeliveries
// and, with a shared backend, across replicas.
//
// Every operation is an atomic claim, never check-then-act: of any number of
// concurrent Claims of one key, exactly one answers Claimed. Implement Store
// for another backend (a SQL table with a unique key, etcd, …) with these
// semantics, which the receivers rely on:
//
//   - Claim(ctx, key, lease) answers Claimed for a key nobody holds, and holds
//     it for lease. It answers Busy while another claim holds it, and Done
//     after a claim of it was completed, for the store's TTL.
//   - Complete(ctx, c) marks c.Key done for the store's TTL, if c still
//     holds it; Release(ctx, c) frees c.Key, if c still holds it, so that the
//     next delivery is dispatched. Either answers ErrLeaseLost otherwise.
//   - A claim never completed nor released (its process crashed) frees the
//     key when its lease ends.
//
// A Store must be safe for concurrent use. An error from any method means
// the store could not answer; the receivers then log it and dispatch
// anyway, so delivery stays at least once.
type Store interface {
	Claim(ctx context.Context, key string, lease time.Duration) (Claim, error)
	Complete(ctx context.Context, c Claim) error
	Release(ctx context.Context, c Claim) error
}
