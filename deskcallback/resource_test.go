package deskcallback_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/internal/budget"
)

// nestedRelay is a message body of levels TIMRelayElem, each forwarding a
// message that holds the next.
func nestedRelay(levels int) string {
	var b strings.Builder
	for range levels {
		b.WriteString(`{"MsgType":"TIMRelayElem","MsgContent":{"Title":"t","MsgNum":1,"MsgList":[{"From_Account":"a","MsgSeq":1,"MsgBody":[`)
	}
	b.WriteString(`{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}`)
	for range levels {
		b.WriteString(`]}]}}`)
	}
	return b.String()
}

// fill repeats unit, joined by sep, to about size bytes.
func fill(unit, sep string, size int) string {
	return strings.Repeat(unit+sep, size/(len(unit)+len(sep))) + unit
}

func sessionEvent(msgBody string) string {
	return `{"CallbackCommand":"Desk.SessionEventNotify","Event":"ChatBot.UserSendMsg","EventTime":1725540020017,"MsgBody":[` + msgBody + `]}`
}

// worstShapes are hostile bodies up to the handler's body limit.
func worstShapes() map[string]string {
	const size = deskcallback.DefaultMaxBodySize - 1024
	relayLevel := len(nestedRelay(1)) - len(nestedRelay(0))
	return map[string]string{
		"nested relays to the limit":      sessionEvent(nestedRelay(size / relayLevel)),
		"nested relays, 800 levels":       sessionEvent(nestedRelay(800)),
		"many elements":                   sessionEvent(fill(`{"MsgType":"TIMTextElem","MsgContent":{"Text":""}}`, ",", size)),
		"many unknown elements":           sessionEvent(fill(`{"MsgType":"X","MsgContent":[1]}`, ",", size)),
		"many image sizes":                sessionEvent(`{"MsgType":"TIMImageElem","MsgContent":{"ImageInfoArray":[` + fill(`{"Type":1,"Size":1}`, ",", size) + `]}}`),
		"one long string":                 sessionEvent(`{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + strings.Repeat("长", size/3) + `"}}`),
		"long escaped string":             sessionEvent(`{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + strings.Repeat(`\u957f`, size/6) + `"}}`),
		"many keys":                       `{"Event":"x",` + fill(`"k":1`, ",", size) + `}`,
		"deep arrays in unknown content":  sessionEvent(`{"MsgType":"X","MsgContent":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}`),
		"deep arrays past the JSON limit": sessionEvent(`{"MsgType":"X","MsgContent":` + strings.Repeat("[", size/2) + strings.Repeat("]", size/2) + `}`),
		"deep objects in custom data":     `{"Event":"x","Unknown":` + strings.Repeat(`{"a":`, 9000) + "1" + strings.Repeat("}", 9000) + `}`,
	}
}

// TestParseResourceBudget: for every hostile shape up to the body limit,
// each parser allocates at most budget.Factor bytes per input byte (plus a
// constant). Before relays were decoded level by level, 800 nested relays
// (80 KB) allocated 122 MiB.
func TestParseResourceBudget(t *testing.T) { // not parallel: it measures the heap
	for name, body := range worstShapes() {
		data := []byte(body)
		require.LessOrEqual(t, len(data), deskcallback.DefaultMaxBodySize, name)
		for parser, parse := range map[string]func([]byte){
			"ParseSessionEvent":        func(b []byte) { _, _ = deskcallback.ParseSessionEvent(b) },
			"ParseAssignHuman":         func(b []byte) { _, _ = deskcallback.ParseAssignHuman(b) },
			"ParseInterfaceInvocation": func(b []byte) { _, _ = deskcallback.ParseInterfaceInvocation(b) },
		} {
			assert.NoError(t, budget.Check(len(data), func() { parse(data) }), "%s: %s (%d bytes)", parser, name, len(data))
		}
		if i := strings.Index(body, `"MsgBody":[`); i >= 0 {
			arr := data[i+len(`"MsgBody":`) : len(data)-1]
			assert.NoError(t, budget.Check(len(arr), func() { _, _ = deskcallback.ParseMsgBody(arr) }), "ParseMsgBody: %s", name)
		}
	}
}

// Relays nest down to MaxRelayDepth levels; deeper ones stay raw, so no
// content is lost.
func TestRelayDepthCap(t *testing.T) {
	t.Parallel()
	ev, err := deskcallback.ParseSessionEvent([]byte(sessionEvent(nestedRelay(deskcallback.MaxRelayDepth + 2))))
	require.NoError(t, err)
	el := ev.MsgBody[0]
	for level := 1; level <= deskcallback.MaxRelayDepth; level++ {
		require.Equal(t, deskcallback.MsgTypeRelay, el.MsgType)
		relay, ok := el.Content.(*deskcallback.RelayElem)
		require.True(t, ok, "level %d is typed", level)
		require.Len(t, relay.MsgList, 1)
		require.Len(t, relay.MsgList[0].MsgBody, 1)
		el = relay.MsgList[0].MsgBody[0]
	}
	assert.Equal(t, deskcallback.MsgTypeRelay, el.MsgType)
	raw, ok := el.Content.(json.RawMessage)
	require.True(t, ok, "level %d stays raw, got %T", deskcallback.MaxRelayDepth+1, el.Content)
	assert.Contains(t, string(raw), `"Text":"hi"`, "the innermost message is kept")
}
