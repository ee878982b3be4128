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
