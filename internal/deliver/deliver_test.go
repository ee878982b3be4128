package deliver

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/observe"
)

// keyK is the key of every delivery in these tests.
func keyK() string { return "k" }

func newDispatcher(t *testing.T) (*Dispatcher, *dedup.Memory) {
	t.Helper()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	return &Dispatcher{Component: "test", Log: slog.New(slog.DiscardHandler), Store: store}, store
}

func TestDeliverReleasesAfterFailureAndPanic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, _ := newDispatcher(t)
	calls := 0

	o, err := d.Deliver(ctx, observe.Delivery{}, keyK, func(context.Context) error { calls++; return errors.New("boom") })
	assert.Equal(t, Failed, o)
	assert.EqualError(t, err, "boom")

	o, err = d.Deliver(ctx, observe.Delivery{}, keyK, func(context.Context) error { calls++; panic("kaput") })
	assert.Equal(t, Failed, o)
	assert.ErrorContains(t, err, "test: event handler panicked: kaput")

	o, err = d.Deliver(ctx, observe.Delivery{}, keyK, func(context.Context) error { calls++; return nil })
	assert.Equal(t, Accepted, o)
	require.NoError(t, err)

	o, _ = d.Deliver(ctx, observe.Delivery{}, keyK, func(context.Context) error { calls++; return nil })
	assert.Equal(t, Duplicate, o)
	assert.Equal(t, 3, calls)
	assert.True(t, Accepted.Ack())
	assert.True(t, Duplicate.Ack())
	assert.False(t, InFlight.Ack())
	assert.False(t, Failed.Ack())
}

func TestDeliverWithoutStoreDispatchesEveryTime(t *testing.T) {
	t.Parallel()
	d := &Dispatcher{Component: "test", Log: slog.New(slog.DiscardHandler)}
	calls := 0
	for range 3 {
		o, err := d.Deliver(context.Background(), observe.Delivery{}, keyK, func(context.Context) error { calls++; return nil })
		require.NoError(t, err)
		assert.Equal(t, Accepted, o)
	}
	assert.Equal(t, 3, calls)
	assert.Equal(t, DefaultLease, d.Lease())
	d.Timeout = time.Second
	assert.Equal(t, time.Second+LeaseMargin, d.Lease())
}

func TestDeliverTimeout(t *testing.T) {
	t.Parallel()
	d, store := newDispatcher(t)
	d.Timeout = 10 * time.Millisecond
	release, finished := make(chan struct{}), make(chan struct{})
	o, err := d.Deliver(context.Background(), observe.Delivery{}, keyK, func(context.Context) error {
		defer close(finished)
		<-release // ignores its context: it outruns the timeout
		return nil
	})
	assert.Equal(t, Failed, o)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorContains(t, err, "test: event handler did not finish")

	c, err := store.Claim(context.Background(), "k", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, dedup.Busy, c.Status, "the runaway handler still holds its claim")
	close(release)
	<-finished
	require.Eventually(t, func() bool {
		c, err := store.Claim(context.Background(), "k", time.Minute)
		return err == nil && c.Status == dedup.Done
	}, 5*time.Second, time.Millisecond, "it accepted the event when it returned")
}

func TestEventKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "event:e1", EventKey("e1", "org_change", "b1", nil)())
	assert.Equal(t, "biz:crm_customer_track:b1", EventKey("", "crm_customer_track", "b1", nil)())
	k1 := EventKey("", "org_change", "", []byte(`{"a":1}`))()
	k2 := EventKey("", "org_change", "", []byte(`{"a":2}`))()
	assert.NotEqual(t, k1, k2)
	assert.Len(t, k1, len("sha256:")+64)
}

// brokenStore answers claims as told and fails Complete and Release.
type brokenStore struct{ status dedup.Status }

func (s brokenStore) Claim(_ context.Context, key string, _ time.Duration) (dedup.Claim, error) {
	return dedup.Claim{Key: key, Status: s.status, Token: "t"}, nil
}
func (brokenStore) Complete(context.Context, dedup.Claim) error {
	return errors.New("complete: store down")
}
func (brokenStore) Release(context.Context, dedup.Claim) error {
	return errors.New("release: store down")
}

// A store that fails after the handler ran is logged and does not change
// the outcome; a store answering a status it should not is logged and the
// event dispatched (at least once).
func TestDeliverStoreFailuresAreLoggedNotFatal(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	d := &Dispatcher{Component: "test", Log: slog.New(slog.NewTextHandler(&logs, nil)), Store: brokenStore{dedup.Claimed}}
	o, err := d.Deliver(context.Background(), observe.Delivery{}, keyK, func(context.Context) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, Accepted, o)
	o, _ = d.Deliver(context.Background(), observe.Delivery{}, keyK, func(context.Context) error { return errors.New("boom") })
	assert.Equal(t, Failed, o)
	assert.Contains(t, logs.String(), "complete: store down")
	assert.Contains(t, logs.String(), "release: store down")

	d.Store = brokenStore{dedup.Status(0)}
	calls := 0
	o, _ = d.Deliver(context.Background(), observe.Delivery{}, keyK, func(context.Context) error { calls++; return nil })
	assert.Equal(t, Accepted, o)
	assert.Equal(t, 1, calls)
	assert.Contains(t, logs.String(), "deduplicator answered Status(0); dispatching")
}

// Without a Store the key is never computed: no hashing on the hot path.
func TestDeliverWithoutStoreNeverComputesTheKey(t *testing.T) {
	t.Parallel()
	d := &Dispatcher{Component: "test", Log: slog.New(slog.DiscardHandler)}
	_, err := d.Deliver(context.Background(), observe.Delivery{}, func() string { t.Error("key computed"); return "" },
		func(context.Context) error { return nil })
	require.NoError(t, err)
}
