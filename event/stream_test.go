package event_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/fixtures"
)

func TestDecodeStreamFrames(t *testing.T) {
	t.Parallel()
	for _, f := range fixtures.Streams(t) {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			h, err := event.StreamHeader(f.Headers)
			require.NoError(t, err)
			ev, err := event.Decode(h, []byte(f.Data))
			require.NoError(t, err)
			assert.Equal(t, event.Header{EventType: event.Type(f.Name), EventID: "stream-" + f.Name,
				CorpID: "ding9f50b15bccd16741", EventTime: 1685501863999}, *ev.EventHeader())

			// The body is the current-shape body: both decode to the same payload.
			current, err := event.Parse(readFixture(t, f.Name+".current.json"))
			require.NoError(t, err)
			*current.EventHeader() = event.Header{}
			*ev.EventHeader() = event.Header{}
			clearRaw(t, current, ev)
			assert.Equal(t, compactRaw(t, current), compactRaw(t, ev))
		})
	}
}

func TestDecodeHeaderOverridesBody(t *testing.T) {
	t.Parallel()
	body := []byte(`{"eventType":"user_add_org","corpId":"body-corp","eventId":"body-id","userId":["u1"],"timeStamp":"5"}`)
	ev, err := event.Decode(event.Header{EventType: event.TypeUserAddOrg, CorpID: "frame-corp"}, body)
	require.NoError(t, err)
	assert.Equal(t, &event.OrgUserAdd{
		Header:     event.Header{EventType: event.TypeUserAddOrg, CorpID: "frame-corp", EventID: "body-id"},
		UserChange: event.UserChange{UserIDs: []string{"u1"}, TimeStamp: 5},
	}, ev)

	// Without a type in the frame, the body's type is used.
	ev, err = event.Decode(event.Header{}, body)
	require.NoError(t, err)
	assert.IsType(t, &event.OrgUserAdd{}, ev)
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	_, err := event.Decode(event.Header{}, []byte(`{"userId":["u1"]}`))
	assert.ErrorIs(t, err, event.ErrMissingType)

	_, err = event.Decode(event.Header{EventType: event.TypeUserAddOrg}, []byte(`null`))
	var de *event.DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, event.TypeUserAddOrg, de.Type)

	_, err = event.Decode(event.Header{EventType: event.TypeUserAddOrg}, []byte(`{"userId":{"id":"u1"}}`))
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "userId", de.Field)

	ev, err := event.Decode(event.Header{EventType: "brand_new"}, []byte(`{"x":1}`))
	require.NoError(t, err)
	assert.Equal(t, &event.Unknown{Header: event.Header{EventType: "brand_new"}, Raw: []byte(`{"x":1}`)}, ev)
}

func TestStreamHeaderBadBornTime(t *testing.T) {
	t.Parallel()
	_, err := event.StreamHeader(map[string]string{"eventType": "user_add_org", "eventBornTime": "yesterday"})
	assert.ErrorIs(t, err, event.ErrInvalidPayload)
	assert.Contains(t, err.Error(), "eventBornTime")
}

func TestStreamAck(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "SUCCESS", event.StreamAck(nil))
	assert.Equal(t, "LATER", event.StreamAck(event.ErrNilEvent))
}
