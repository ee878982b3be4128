package dingstream_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
)

// A Router handler gets the frame's data exactly as sent, keys the typed
// event does not model included; outside a handler there is none.
func TestEventDataIsTheFrameAsSent(t *testing.T) {
	t.Parallel()
	_, ok := dingstream.EventData(context.Background())
	assert.False(t, ok)

	g := newGateway(t)
	got := make(chan []byte, 1)
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, _ *event.OrgUserAdd) error {
		raw, ok := dingstream.EventData(ctx)
		require.True(t, ok)
		got <- append([]byte(nil), raw...)
		return nil
	})
	run := start(t, g, r, fast(g)...)
	data := `{"userId": ["u1"], "notModelled": {"a": [1, 2.50]}, "timeStamp": "1690362102000"}`
	id := g.PushEvent(event.TypeUserAddOrg, "raw-1", []byte(data))
	assert.Equal(t, "SUCCESS", waitAcked(t, g, id).Status)
	assert.Equal(t, data, string(<-got))
	require.NoError(t, run.stop(t))
}
