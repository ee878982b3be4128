package streamwire

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The frame of the Stream protocol page §3.
const eventFrame = `{"specVersion":"1.0","type":"EVENT",
 "headers":{"appId":"a1","connectionId":"c1","contentType":"application/json","messageId":"m-1","time":"1690362102194",
            "topic":"*","eventType":"user_add_org","eventId":"e-1","eventBornTime":"1690362102000",
            "eventCorpId":"ding1","eventUnifiedAppId":"u1"},
 "data":"{\"timeStamp\":\"1690362102000\",\"userId\":[\"u\\\"1\"]}"}`

func TestParseFrame(t *testing.T) {
	t.Parallel()
	f, err := ParseFrame([]byte(eventFrame))
	require.NoError(t, err)
	assert.Equal(t, "1.0", f.SpecVersion)
	assert.Equal(t, TypeEvent, f.Type)
	assert.Equal(t, "m-1", f.MessageID())
	assert.Equal(t, "*", f.Topic())
	assert.Equal(t, "user_add_org", f.Headers["eventType"])
	assert.JSONEq(t, `{"timeStamp":"1690362102000","userId":["u\"1"]}`, string(f.Data))

	// A ping, numbers as header values, data as an object.
	f, err = ParseFrame([]byte(`{"type":"SYSTEM","headers":{"topic":"ping","messageId":"m-2","time":1690362102194},"data":{"opaque":"x"}}`))
	require.NoError(t, err)
	assert.Equal(t, "1690362102194", f.Headers[HeaderTime])
	assert.JSONEq(t, `{"opaque":"x"}`, string(f.Data))

	f, err = ParseFrame([]byte(`{"type":"SYSTEM","headers":{"topic":"disconnect","messageId":"m-3"},"data":null}`))
	require.NoError(t, err)
	assert.Empty(t, f.Data)
}

func TestParseFrameErrors(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`[]`: "not a JSON object",
		`{"type":"EVENT","headers":{"messageId":"m"},"data":"x"`:     "not a JSON object",
		`{"headers":{"messageId":"m"}}`:                              "no type",
		`{"type":"EVENT","headers":{}}`:                              "no messageId",
		`{"type":"EVENT","headers":{"messageId":"m"},"data":[1]}`:    "neither a JSON string nor an object",
		`{"type":"EVENT","headers":{"messageId":{}},"data":"{}"}`:    "header messageId",
		`{"type":"EVENT","headers":{"messageId":"m"},"data":{"a":}}`: "data is not valid JSON",
		`{"type":"EVENT","headers":{"messageId":"m"`:                 "not a JSON object",
		`{"type":"EVENT","headers":{"messageId":"m"},"data":"\x"}`:   "invalid character",
	} {
		f, err := ParseFrame([]byte(in))
		require.ErrorIs(t, err, ErrBadFrame, in)
		assert.ErrorContains(t, err, want, in)
		if f != nil && f.Type == TypeEvent && want != "no messageId" && want != "header messageId" {
			assert.Equal(t, "m", f.MessageID(), "a partial frame keeps its messageId to be answered: %s", in)
		}
	}
}

func TestFrameRoundTrip(t *testing.T) {
	t.Parallel()
	in := &Frame{SpecVersion: "1.0", Type: TypeCallback, Headers: map[string]string{"messageId": "m", "topic": "/v1.0/im/bot/messages/get"}, Data: []byte(`{"text":{"content":"hi"}}`)}
	b, err := AppendFrame(nil, in)
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(b, &raw))
	assert.IsType(t, "", raw["data"], "data travels as a JSON string")
	out, err := ParseFrame(b)
	require.NoError(t, err)
	assert.Equal(t, in, out)
}

func TestAnswerRoundTrip(t *testing.T) {
	t.Parallel()
	b := AppendAnswer(nil, Answer{Code: 200, MessageID: "m-1", Message: "OK", Data: []byte(`{"status":"SUCCESS"}`)})
	assert.JSONEq(t, `{"code":200,"headers":{"contentType":"application/json","messageId":"m-1"},"message":"OK","data":"{\"status\":\"SUCCESS\"}"}`, string(b))
	a, err := ParseAnswer(b)
	require.NoError(t, err)
	assert.Equal(t, Answer{Code: 200, MessageID: "m-1", Message: "OK", Data: []byte(`{"status":"SUCCESS"}`)}, a)
	_, err = ParseAnswer([]byte(`{"code":"x"}`))
	assert.ErrorContains(t, err, "streamwire: bad answer")
}

// Header keys and values share one copy of the headers' text; escaped and
// numeric ones decode on their own.
func TestHeadersShareOneCopy(t *testing.T) { // not parallel: it counts allocations
	msg := []byte(`{"type":"EVENT","headers":{"messageId":"m-1","time":1690362102194,"topic":"a\"b","x\u0041":"v"},"data":"{}"}`)
	f, err := ParseFrame(msg)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"messageId": "m-1", "time": "1690362102194", "topic": `a"b`, "xA": "v"}, f.Headers)
	msg[30] = 'X' // the frame does not alias the message
	assert.Equal(t, "m-1", f.MessageID())
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = ParseFrame([]byte(`{"type":"EVENT","headers":{"messageId":"m-1","topic":"*","eventType":"org_change","eventId":"e","contentType":"application/json","time":"1","eventBornTime":"1","eventCorpId":"c","appId":"a","connectionId":"x"},"data":"{}"}`))
	})
	assert.LessOrEqual(t, allocs, 8.0, "one copy for ten headers, not twenty strings")
}
