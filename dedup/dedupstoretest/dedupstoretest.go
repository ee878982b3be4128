// Package dedupstoretest checks that a dedup.Store keeps the semantics the
// receivers rely on. Run it in the tests of every Store implementation —
// the in-process and Redis stores of this module do — so a new backend
// (SQL, etcd, …) is held to the same table:
//
//	func TestConformance(t *testing.T) {
//		dedupstoretest.Run(t, dedupstoretest.Setup{
//			New:     func(t *testing.T, ttl time.Duration) dedup.Store { return newMyStore(t, ttl) },
//			Advance: func(t *testing.T, d time.Duration) { time.Sleep(d + 50*time.Millisecond) },
//		})
//	}
package dedupstoretest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kefu-go/kefu/dedup"
)

// The durations the suite uses: short, so a store on a real clock (Redis)
// passes in a second or two by sleeping in Advance.
const (
	Lease = 200 * time.Millisecond
	TTL   = 400 * time.Millisecond
)

// Setup says how to make the store under test and move its clock.
type Setup struct {
	// New returns a fresh, empty store that remembers completed keys for
	// ttl. Stores made by one Run must not share keys.
	New func(t *testing.T, ttl time.Duration) dedup.Store
	// Advance moves the clock of the stores made by New forward by at
	// least d: a fake clock's step, or a sleep a little longer than d.
	Advance func(t *testing.T, d time.Duration)
}

// Claim claims key in st for lease and returns the claim, failing t when
// the store errs or answers for another key: the step every row and every
// store's own tests start from.
func Claim(t testing.TB, st dedup.Store, key string, lease time.Duration) dedup.Claim {
	t.Helper()
	c, err := st.Claim(context.Background(), key, lease)
	if err != nil {
		t.Fatalf("Claim(%q): %v", key, err)
	}
	if c.Key != key {
		t.Fatalf("Claim(%q) answered for key %q", key, c.Key)
	}
	return c
}

// Run checks every row of package dedup's semantics, each a subtest.
func Run(t *testing.T, s Setup) {
	t.Helper()
	ctx := context.Background()
	claim := Claim
	want := func(t *testing.T, got dedup.Claim, status dedup.Status, why string) {
		t.Helper()
		if got.Status != status {
			t.Fatalf("%s: got %s, want %s", why, got.Status, status)
		}
	}
	noErr := func(t *testing.T, err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	lost := func(t *testing.T, err error, what string) {
		t.Helper()
		if !errors.Is(err, dedup.ErrLeaseLost) {
			t.Fatalf("%s: got %v, want dedup.ErrLeaseLost", what, err)
		}
	}

	t.Run("the first delivery is claimed, with a token", func(t *testing.T) {
		c := claim(t, s.New(t, TTL), "k", Lease)
		want(t, c, dedup.Claimed, "first claim")
		if c.Token == "" {
			t.Fatal("a claim without a token")
		}
	})
	t.Run("a delivery while one is in flight is busy", func(t *testing.T) {
		st := s.New(t, TTL)
		claim(t, st, "k", Lease)
		want(t, claim(t, st, "k", Lease), dedup.Busy, "second claim")
	})
	t.Run("after completion every delivery is done, until the ttl ends", func(t *testing.T) {
		st := s.New(t, TTL)
		noErr(t, st.Complete(ctx, claim(t, st, "k", Lease)), "Complete")
		want(t, claim(t, st, "k", Lease), dedup.Done, "after Complete")
		want(t, claim(t, st, "k", Lease), dedup.Done, "again after Complete")
		s.Advance(t, TTL)
		want(t, claim(t, st, "k", Lease), dedup.Claimed, "after the ttl")
	})
	t.Run("after release the next delivery is claimed", func(t *testing.T) {
		st := s.New(t, TTL)
		noErr(t, st.Release(ctx, claim(t, st, "k", Lease)), "Release")
		want(t, claim(t, st, "k", Lease), dedup.Claimed, "after Release")
	})
	t.Run("a crashed claim frees the key when its lease ends", func(t *testing.T) {
		st := s.New(t, TTL)
		claim(t, st, "k", Lease) // never completed
		want(t, claim(t, st, "k", Lease), dedup.Busy, "within the lease")
		s.Advance(t, Lease)
		want(t, claim(t, st, "k", Lease), dedup.Claimed, "after the lease")
	})
	t.Run("a claim whose lease ended cannot settle a newer claim", func(t *testing.T) {
		st := s.New(t, TTL)
		old := claim(t, st, "k", Lease)
		s.Advance(t, Lease)
		newer := claim(t, st, "k", Lease)
		want(t, newer, dedup.Claimed, "after the old lease")
		lost(t, st.Complete(ctx, old), "Complete of the old claim")
		lost(t, st.Release(ctx, old), "Release of the old claim")
		want(t, claim(t, st, "k", Lease), dedup.Busy, "the newer claim still holds the key")
		noErr(t, st.Complete(ctx, newer), "Complete of the newer claim")
		want(t, claim(t, st, "k", Lease), dedup.Done, "after the newer claim completed")
	})
	t.Run("an expired claim cannot complete", func(t *testing.T) {
		st := s.New(t, TTL)
		c := claim(t, st, "k", Lease)
		s.Advance(t, Lease)
		lost(t, st.Complete(ctx, c), "Complete after the lease")
	})
	t.Run("keys are independent", func(t *testing.T) {
		st := s.New(t, TTL)
		noErr(t, st.Complete(ctx, claim(t, st, "a", Lease)), "Complete")
		want(t, claim(t, st, "b", Lease), dedup.Claimed, "another key")
	})
	t.Run("of 50 concurrent claims exactly one wins", func(t *testing.T) {
		st := s.New(t, TTL)
		var claimed, busy atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				c, err := st.Claim(ctx, "event:e-50", time.Minute)
				switch {
				case err != nil:
					t.Errorf("Claim: %v", err)
				case c.Status == dedup.Claimed:
					claimed.Add(1)
				case c.Status == dedup.Busy:
					busy.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if claimed.Load() != 1 || busy.Load() != 49 {
			t.Fatalf("%d claimed and %d busy, want 1 and 49", claimed.Load(), busy.Load())
		}
	})
}
