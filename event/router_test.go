package event_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

func TestRouterDispatchesByType(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	var got []string
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		got = append(got, "add:"+e.UserIDs[0])
		return nil
	})
	errBoom := errors.New("boom")
	event.Handle(r, func(_ context.Context, e *event.OrgUserLeave) error {
		got = append(got, "leave:"+e.UserIDs[0])
		return errBoom
	})

	ev, err := event.Parse(readFixture(t, "user_add_org.legacy.json"))
	require.NoError(t, err)
	require.NoError(t, r.Dispatch(context.Background(), ev))

	ev, err = event.Parse(readFixture(t, "user_leave_org.current.json"))
	require.NoError(t, err)
	assert.ErrorIs(t, r.Dispatch(context.Background(), ev), errBoom)

	// No handler and no default: accepted and dropped.
	ev, err = event.Parse(readFixture(t, "org_change.legacy.json"))
	require.NoError(t, err)
	require.NoError(t, r.Dispatch(context.Background(), ev))

	assert.Equal(t, []string{"add:184919295227658120", "leave:16399780922588973"}, got)
}

func TestRouterDefaultAndHandleType(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	var defaults, custom []event.Type
	r.HandleDefault(func(_ context.Context, ev event.Event) error {
		defaults = append(defaults, ev.EventHeader().EventType)
		return nil
	})
	r.HandleType("brand_new", func(_ context.Context, ev event.Event) error {
		u := ev.(*event.Unknown)
		custom = append(custom, u.EventType)
		return nil
	})
	for _, body := range []string{`{"EventType":"brand_new"}`, `{"EventType":"other_new"}`, `{"EventType":"org_change"}`} {
		ev, err := event.Parse([]byte(body))
		require.NoError(t, err)
		require.NoError(t, r.Dispatch(context.Background(), ev))
	}
	assert.Equal(t, []event.Type{"brand_new"}, custom)
	assert.Equal(t, []event.Type{"other_new", event.TypeOrgChange}, defaults)
}

func TestRouterEventWithoutHeaderType(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	called := false
	event.Handle(r, func(context.Context, *event.OrgChange) error { called = true; return nil })
	require.NoError(t, r.Dispatch(context.Background(), &event.OrgChange{}))
	assert.True(t, called)
}

func TestRouterNilEvent(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	assert.ErrorIs(t, r.Dispatch(context.Background(), nil), event.ErrNilEvent)
	assert.ErrorIs(t, r.Dispatch(context.Background(), (*event.OrgChange)(nil)), event.ErrNilEvent)
}

func TestHandleUnregisteredTypePanics(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	assert.PanicsWithValue(t, "event.Handle: *event.Unknown is not a registered payload type", func() {
		event.Handle(r, func(context.Context, *event.Unknown) error { return nil })
	})
}
