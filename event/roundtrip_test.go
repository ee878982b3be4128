package event_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/fixtures"
)

// A typed event survives encoding/json: json.Marshal writes the wire shape
// Parse reads, so Parse(json.Marshal(e)) is e for every HTTP fixture, and
// Decode(h, json.Marshal(e)) is e for every Stream one.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	http := append(loadFixtures(t, "testdata/*.json"), loadFixtures(t, "testdata/pages/*http.json")...)
	for _, f := range http {
		t.Run(f.name+"."+f.shape, func(t *testing.T) {
			t.Parallel()
			ev, err := event.Parse(f.data)
			require.NoError(t, err)
			b, err := json.Marshal(ev)
			require.NoError(t, err)
			again, err := event.Parse(b)
			require.NoError(t, err, "%s", b)
			assert.Equal(t, compactRaw(t, ev), compactRaw(t, again), "marshalled: %s", b)
		})
	}
	for _, f := range loadFixtures(t, "testdata/pages/*.json") {
		if strings.HasSuffix(f.shape, "http") {
			continue
		}
		t.Run(f.name+"."+f.shape, func(t *testing.T) {
			t.Parallel()
			var s pageSample
			require.NoError(t, json.Unmarshal(f.data, &s))
			h := event.Header{EventType: s.EventType, CorpID: s.EventCorpID, EventID: s.EventID, EventTime: s.EventBornTime}
			roundTripStream(t, h, s.Data)
		})
	}
	for _, s := range fixtures.Streams(t) {
		t.Run("stream/"+s.Name, func(t *testing.T) {
			t.Parallel()
			h, err := event.StreamHeader(s.Headers)
			require.NoError(t, err)
			roundTripStream(t, h, []byte(s.Data))
		})
	}
}

func roundTripStream(t *testing.T, h event.Header, data []byte) {
	t.Helper()
	ev, err := event.Decode(h, data)
	require.NoError(t, err)
	b, err := json.Marshal(ev)
	require.NoError(t, err)
	again, err := event.Decode(h, b)
	require.NoError(t, err, "%s", b)
	assert.Equal(t, compactRaw(t, ev), compactRaw(t, again), "marshalled: %s", b)
}

// compactRaw compacts and HTML-escapes every payload kept as received: the
// Raw of an Unknown or Undocumented event and each json.RawMessage field
// (FormInstance.FormData, Label's Extra). encoding/json does both to what a
// MarshalJSON method writes, so only the spelling of such a payload can
// change in a round trip, never its meaning.
func compactRaw(t *testing.T, ev event.Event) event.Event {
	t.Helper()
	compactRawValue(t, reflect.ValueOf(ev).Elem())
	return ev
}

var rawMessage = reflect.TypeFor[json.RawMessage]()

func compactRawValue(t *testing.T, v reflect.Value) {
	switch {
	case v.Type() == rawMessage:
		if v.Len() == 0 {
			return
		}
		var compact, escaped bytes.Buffer
		require.NoError(t, json.Compact(&compact, v.Bytes()))
		json.HTMLEscape(&escaped, compact.Bytes())
		v.SetBytes(escaped.Bytes())
	case v.Kind() == reflect.Pointer && !v.IsNil():
		compactRawValue(t, v.Elem())
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				compactRawValue(t, v.Field(i))
			}
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct:
		for i := range v.Len() {
			compactRawValue(t, v.Index(i))
		}
	}
}

// Events built by hand, without the payload as received: an Unknown
// writes its Header, an undocumented type an empty object.
func TestMarshalWithoutRaw(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(&event.Unknown{Header: event.Header{EventType: "x_new", EventID: "e1"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"EventType":"x_new","eventId":"e1"}`, string(b))
	b, err = json.Marshal(&event.AttendanceScheduleChange{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
	b, err = json.Marshal(&event.OrgUserAdd{Header: event.Header{EventType: event.TypeUserAddOrg},
		ThirdParty: &event.ThirdPartyUser{UserID: "u1", Name: "张三"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"EventType":"user_add_org","UserId":null,"userid":"u1","name":"张三"}`, string(b))
}
