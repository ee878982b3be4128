package event_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// Every spelling of the change time DingTalk's samples use fills
// TimeStamp: the legacy body's TimeStamp, the current one's timeStamp, and
// the all-lower-case timestamp of the Stream protocol page's sample.
func TestTimeStampSpellings(t *testing.T) {
	t.Parallel()
	h := event.Header{EventType: event.TypeUserAddOrg, EventID: "e1"}
	for _, key := range []string{"TimeStamp", "timeStamp", "timestamp"} {
		ev, err := event.Decode(h, []byte(`{"`+key+`":"1690362102000","userId":["u1"]}`))
		require.NoError(t, err, key)
		e, ok := ev.(*event.OrgUserAdd)
		require.True(t, ok, "%s: %T", key, ev)
		assert.Equal(t, event.Millis(1690362102000), e.TimeStamp, key)
		assert.Equal(t, []string{"u1"}, e.UserIDs, key)
	}
}

// Third-party samples pad the event type with spaces: the padding is
// dropped, in the body and in a Stream header, so the type is the type.
func TestPaddedEventType(t *testing.T) {
	t.Parallel()
	ev, err := event.Parse([]byte(`{"EventType":" user_add_org ","UserId":["u1"],"TimeStamp":"1"}`))
	require.NoError(t, err)
	e, ok := ev.(*event.OrgUserAdd)
	require.True(t, ok, "%T", ev)
	assert.Equal(t, event.TypeUserAddOrg, e.EventType)
	assert.Equal(t, []string{"u1"}, e.UserIDs)

	ev, err = event.Parse([]byte(`{"EventType":"  org_suite_auth\t","SuiteKey":"s"}`))
	require.NoError(t, err)
	assert.Equal(t, event.Type("org_suite_auth"), ev.EventHeader().EventType)

	ev, err = event.Decode(event.Header{EventType: " user_leave_org "}, []byte(`{"userId":["u2"]}`))
	require.NoError(t, err)
	l, ok := ev.(*event.OrgUserLeave)
	require.True(t, ok, "%T", ev)
	assert.Equal(t, event.TypeUserLeaveOrg, l.EventType)
	assert.Equal(t, []string{"u2"}, l.UserIDs)

	_, err = event.Parse([]byte(`{"EventType":"   "}`))
	require.ErrorIs(t, err, event.ErrMissingType)
}
