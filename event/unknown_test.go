package event_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// A payload of a known type that does not decode is still an event:
// AsUnknown gives it with its header, its bytes and the *DecodeError.
func TestAsUnknown(t *testing.T) {
	t.Parallel()
	body := []byte(`{"EventType":"user_add_org","eventId":"e-9","CorpId":"ding1","UserId":{"oops":1}}`)
	_, err := event.Parse(body)
	var de *event.DecodeError
	require.ErrorAs(t, err, &de, "Parse itself still fails")
	u, ok := event.AsUnknown(err)
	require.True(t, ok)
	assert.Equal(t, event.TypeUserAddOrg, u.EventType)
	assert.Equal(t, "e-9", u.EventID)
	assert.Equal(t, "ding1", u.CorpID)
	assert.JSONEq(t, string(body), string(u.Raw))
	assert.Same(t, de, u.Err)
	body[2] = 'X' // Raw is a copy
	assert.Contains(t, string(u.Raw), `"EventType"`)

	// Stream mode: the frame headers win.
	_, err = event.Decode(event.Header{EventType: event.TypeBpmsTaskChange, EventID: "frame-1", CorpID: "ding2"},
		[]byte(`{"processInstanceId":"p","taskId":{}}`))
	u, ok = event.AsUnknown(err)
	require.True(t, ok)
	assert.Equal(t, event.Header{EventType: event.TypeBpmsTaskChange, EventID: "frame-1", CorpID: "ding2"}, u.Header)

	for _, bad := range []string{`not json`, `{"CorpId":"ding1"}`, `{"EventType":"user_add_org",`, `[1]`} {
		_, err := event.Parse([]byte(bad))
		require.Error(t, err, bad)
		_, ok := event.AsUnknown(err)
		assert.False(t, ok, "%s is no event at all", bad)
	}
	_, ok = event.AsUnknown(errors.New("other"))
	assert.False(t, ok)
}

func TestRouterUndecodedEvents(t *testing.T) {
	t.Parallel()
	_, err := event.Parse([]byte(`{"EventType":"user_add_org","eventId":"e-1","UserId":{"id":5}}`))
	u, ok := event.AsUnknown(err)
	require.True(t, ok)
	ctx := context.Background()

	t.Run("no handler: not accepted", func(t *testing.T) {
		var r event.Router // the zero Router is usable
		err := r.Dispatch(ctx, u)
		require.ErrorIs(t, err, event.ErrUnhandled)
		require.ErrorIs(t, err, event.ErrInvalidPayload)
		assert.Contains(t, err.Error(), `user_add_org (event id "e-1")`)
	})
	t.Run("a typed handler cannot take it; the default can", func(t *testing.T) {
		r := event.NewRouter()
		event.Handle(r, func(context.Context, *event.OrgUserAdd) error { t.Fatal("typed handler called"); return nil })
		require.ErrorIs(t, r.Dispatch(ctx, u), event.ErrUnhandled)
		var got event.Event
		r.HandleDefault(func(_ context.Context, ev event.Event) error { got = ev; return nil })
		require.NoError(t, r.Dispatch(ctx, u))
		assert.Same(t, u, got)
	})
	t.Run("HandleType takes it", func(t *testing.T) {
		r := event.NewRouter()
		var got *event.Unknown
		r.HandleType(event.TypeUserAddOrg, func(_ context.Context, ev event.Event) error { got = ev.(*event.Unknown); return nil })
		require.NoError(t, r.Dispatch(ctx, u))
		assert.Same(t, u, got)
	})
	t.Run("an unknown type without handler is accepted", func(t *testing.T) {
		var r event.Router
		ev, err := event.Parse([]byte(`{"EventType":"brand_new"}`))
		require.NoError(t, err)
		assert.NoError(t, r.Dispatch(ctx, ev))
	})
}

func TestRouterRegistrationRules(t *testing.T) {
	t.Parallel()
	noop := func(context.Context, event.Event) error { return nil }
	r := event.NewRouter()
	event.Handle(r, func(context.Context, *event.OrgUserAdd) error { return nil })
	assert.Panics(t, func() { event.Handle(r, func(context.Context, *event.OrgUserAdd) error { return nil }) })
	assert.Panics(t, func() { r.HandleType(event.TypeUserAddOrg, noop) })
	r.HandleDefault(noop)
	assert.Panics(t, func() { r.HandleDefault(noop) })
	assert.Panics(t, func() { r.HandleType("x", nil) })
	assert.Panics(t, func() { (&event.Router{}).HandleDefault(nil) })
	var zero event.Router
	assert.NotPanics(t, func() { zero.HandleType("x", noop) })
	assert.False(t, zero.Handles(nil))
	assert.False(t, zero.Handles((*event.OrgUserAdd)(nil)), "a typed nil is no event, and no panic")
	assert.True(t, zero.Handles(&event.Unknown{Header: event.Header{EventType: "x"}}))
}
