package deskcallback_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskcallback"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func TestParseSessionEventSeed(t *testing.T) {
	t.Parallel()
	ev, err := deskcallback.ParseSessionEvent(readFile(t, "seed_session_event.json"))
	require.NoError(t, err)
	assert.Equal(t, &deskcallback.SessionEvent{
		CallbackCommand:   "Desk.SessionEventNotify",
		SessionID:         "2baf4d84-beb4-4607-a1ea-6ebcaef3e0e6",
		Event:             deskcallback.EventChatBotUserSendMsg,
		EventTime:         1725540020017,
		ChannelType:       "SDK",
		ClientUserID:      "your_user_id",
		CustomerServiceID: "@customer_service_account",
		AgentID:           "test@qq.com",
		MsgKey:            "152_1600012345_abcdefg",
		MsgBody: []deskcallback.MsgElement{{MsgType: deskcallback.MsgTypeText,
			Content: &deskcallback.TextElem{Text: "请问如何申请退费?"}}},
		CloudCustomData:      "your cloud custom data",
		SatisfactionSelected: 5,
	}, ev)
	assert.Equal(t, time.Date(2024, 9, 5, 12, 40, 20, 17e6, time.UTC), ev.EventTime.Time().UTC())
	text, ok := ev.MsgBody[0].Text()
	assert.True(t, ok)
	assert.Equal(t, "请问如何申请退费?", text)
}

func TestParseEveryEventType(t *testing.T) {
	t.Parallel()
	types := deskcallback.EventTypes()
	require.Len(t, types, 17)
	for i, typ := range types {
		t.Run(string(typ), func(t *testing.T) {
			t.Parallel()
			ev, err := deskcallback.ParseSessionEvent(readFile(t, "events/"+string(typ)+".json"))
			require.NoError(t, err)
			assert.Equal(t, typ, ev.Event)
			assert.True(t, typ.IsKnown())
			assert.Equal(t, deskcallback.Millis(1725540020017+int64(i)), ev.EventTime, "number or quoted number")
			assert.Equal(t, "2baf4d84-beb4-4607-a1ea-6ebcaef3e0e6", ev.SessionID)
			if typ.IsMessage() {
				require.Len(t, ev.MsgBody, 1)
				text, ok := ev.MsgBody[0].Text()
				assert.True(t, ok)
				assert.Equal(t, "消息 "+string(typ), text)
				assert.Equal(t, "152_1600012345_abcdefg", ev.MsgKey)
			} else {
				assert.Empty(t, ev.MsgBody)
			}
			if typ == deskcallback.EventSatisfactionSelected {
				assert.Equal(t, int64(4), ev.SatisfactionSelected)
			}
		})
	}
}

func TestEventTypeHelpers(t *testing.T) {
	t.Parallel()
	var messages, ends, fromUser int
	for _, typ := range deskcallback.EventTypes() {
		if typ.IsMessage() {
			messages++
		}
		if typ.IsSessionEnd() {
			ends++
		}
		if typ.IsFromUser() {
			fromUser++
		}
	}
	assert.Equal(t, 4, messages)
	assert.Equal(t, 6, ends)
	assert.Equal(t, 2, fromUser)
	assert.False(t, deskcallback.EventType("Brand.NewEvent").IsKnown())
	assert.False(t, deskcallback.EventType("Brand.NewEvent").IsMessage())
}

func TestParseUnknownEventType(t *testing.T) {
	t.Parallel()
	ev, err := deskcallback.ParseSessionEvent([]byte(`{"CallbackCommand":"Desk.SessionEventNotify","Event":"Brand.NewEvent","EventTime":"1"}`))
	require.NoError(t, err)
	assert.Equal(t, deskcallback.EventType("Brand.NewEvent"), ev.Event)
}

func TestElements(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want any
	}{
		{"TIMTextElem.json", &deskcallback.TextElem{Text: "请问如何申请退费?"}},
		{"TIMLocationElem.json", &deskcallback.LocationElem{Desc: "深圳市南山区", Latitude: 22.54, Longitude: 113.93}},
		{"TIMLocationElem.legacy.json", &deskcallback.LocationElem{Latitude: 22.54, Longitude: 113.93}},
		{"TIMFaceElem.json", &deskcallback.FaceElem{Index: 1, Data: "[微笑]"}},
		{"TIMCustomElem.json", &deskcallback.CustomElem{Data: `{"orderId":"o-1"}`, Desc: "order", Ext: "ext", Sound: "dingdong.aiff"}},
		{"TIMCustomElem.legacy.json", &deskcallback.CustomElem{Data: "only data"}},
		{"TIMSoundElem.json", &deskcallback.SoundElem{URL: "https://cos.example.com/s.m4a", UUID: "1053D4E3", Size: 62351, Second: 1, DownloadFlag: 2}},
		{"TIMSoundElem.legacy.json", &deskcallback.SoundElem{UUID: "1053D4E3", Size: 62351, Second: 1}},
		{"TIMImageElem.json", &deskcallback.ImageElem{UUID: "1853095_D61040894AC3DE44CDFFFB3EC7EB720F", ImageFormat: deskcallback.ImageFormatJPG,
			ImageInfoArray: []deskcallback.ImageInfo{
				{Type: deskcallback.ImageOriginal, Size: 1853095, Width: 2448, Height: 3264, URL: "https://cos.example.com/1.jpg"},
				{Type: deskcallback.ImageLarge, Size: 8192, Width: 720, Height: 960, URL: "https://cos.example.com/2.jpg"},
				{Type: deskcallback.ImageThumbnail, Size: 4096, Width: 198, Height: 264, URL: "https://cos.example.com/3.jpg"},
			}}},
		{"TIMImageElem.legacy.json", &deskcallback.ImageElem{UUID: "I1", ImageFormat: deskcallback.ImageFormatOther,
			ImageInfoArray: []deskcallback.ImageInfo{{Type: 1, Size: 10, Width: 1, Height: 1, URL: "https://cos.example.com/i"}}}},
		{"TIMFileElem.json", &deskcallback.FileElem{URL: "https://cos.example.com/f.pdf", UUID: "F1", FileSize: 1773552, FileName: "退费申请.pdf", DownloadFlag: 2}},
		{"TIMFileElem.legacy.json", &deskcallback.FileElem{UUID: "F1", FileSize: 1773552, FileName: "a.pdf"}},
		{"TIMVideoFileElem.json", &deskcallback.VideoFileElem{VideoURL: "https://cos.example.com/v.mp4", VideoUUID: "V1", VideoSize: 1194603,
			VideoSecond: 5, VideoFormat: "mp4", VideoDownloadFlag: 2, ThumbURL: "https://cos.example.com/t.jpg", ThumbUUID: "T1",
			ThumbSize: 13907, ThumbWidth: 720, ThumbHeight: 1280, ThumbFormat: "jpg", ThumbDownloadFlag: 2}},
		{"TIMVideoFileElem.legacy.json", &deskcallback.VideoFileElem{VideoUUID: "V1", VideoSize: 1, VideoSecond: 5, VideoFormat: "mp4",
			ThumbUUID: "T1", ThumbSize: 2, ThumbWidth: 1, ThumbHeight: 1, ThumbFormat: "jpg"}},
		{"TIMRelayElem.legacy.json", &deskcallback.RelayElem{Title: "聊天记录", MsgNum: 40, CompatibleText: "不支持",
			AbstractList: []string{"a: b"}, JSONMsgKey: "relay-key-12kb"}},
		{"TIMRelayElem.json", &deskcallback.RelayElem{Title: "群聊的聊天记录", MsgNum: 2, CompatibleText: "您的版本不支持此类型消息",
			AbstractList: []string{"user1: hello", "user2: 你好"},
			MsgList: []deskcallback.RelayMsg{
				{FromAccount: "user1", ToAccount: "user2", MsgSeq: 1, MsgRandom: 3221225472, MsgTimeStamp: 1725540000, CloudCustomData: "d1",
					MsgBody: []deskcallback.MsgElement{{MsgType: deskcallback.MsgTypeText, Content: &deskcallback.TextElem{Text: "hello"}}}},
				{FromAccount: "user2", GroupID: "@TGS#1", MsgSeq: 2, MsgRandom: 17, MsgTimeStamp: 1725540001,
					MsgBody: []deskcallback.MsgElement{
						{MsgType: deskcallback.MsgTypeFace, Content: &deskcallback.FaceElem{Index: 2, Data: "x"}},
						{MsgType: "TIMGroupTipElem", Content: json.RawMessage(`{"OpType":1}`)},
					}},
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			data := readFile(t, "elements/"+tt.file)
			body, err := deskcallback.ParseMsgBody(data)
			require.NoError(t, err)
			require.Len(t, body, 1)
			assert.Equal(t, strings.Split(tt.file, ".")[0], body[0].MsgType)
			assert.Equal(t, tt.want, body[0].Content)

			// Marshalled back, the element parses to the same value; the full
			// shapes also give back the same JSON.
			out, err := json.Marshal(body)
			require.NoError(t, err)
			again, err := deskcallback.ParseMsgBody(out)
			require.NoError(t, err)
			assert.Equal(t, body, again)
			if !strings.Contains(tt.file, "legacy") {
				assert.JSONEq(t, string(data), string(out))
			}
		})
	}
}

func TestUnknownElementIsKeptRaw(t *testing.T) {
	t.Parallel()
	body, err := deskcallback.ParseMsgBody(readFile(t, "elements/unknown.json"))
	require.NoError(t, err)
	require.Len(t, body, 2)
	assert.Equal(t, "TIMGroupSystemNoticeElem", body[0].MsgType)
	assert.JSONEq(t, `{"Notice":"系统通知","Ext":{"a":1}}`, string(body[0].Content.(json.RawMessage)))
	assert.Equal(t, &deskcallback.TextElem{Text: "after"}, body[1].Content)
	out, err := json.Marshal(body)
	require.NoError(t, err)
	assert.JSONEq(t, string(readFile(t, "elements/unknown.json")), string(out))
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, field, msg string }{
		{"not json", `Event=SessionBegin`, "", "invalid character"},
		{"event time word", `{"EventTime":"soon"}`, "EventTime", "soon"},
		{"event not string", `{"Event":5}`, "Event", "cannot use value 5 as string"},
		{"msg body object", `{"MsgBody":{}}`, "MsgBody", "cannot use value {} as"},
		{"text not string", `{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":5}}]}`, "Text", "TIMTextElem"},
		{"satisfaction string", `{"SatisfactionSelected":"five"}`, "SatisfactionSelected", "cannot use value \"five\" as int64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := deskcallback.ParseSessionEvent([]byte(tt.body))
			assert.Nil(t, ev)
			require.ErrorIs(t, err, deskcallback.ErrInvalidPayload)
			var de *deskcallback.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, deskcallback.CommandSessionEventNotify, de.Command)
			assert.Equal(t, tt.field, de.Field)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestParseSiblingCallbacks(t *testing.T) {
	t.Parallel()
	ah, err := deskcallback.ParseAssignHuman(readFile(t, "assign_human.json"))
	require.NoError(t, err)
	assert.Equal(t, &deskcallback.AssignHumanRequest{CallbackCommand: deskcallback.CommandOnAssignHuman,
		SessionID: "2baf4d84-beb4-4607-a1ea-6ebcaef3e0e6", ClientUserID: "your_user_id", EventTime: 1725540020017}, ah)

	// The Chinese page's sample (SDK light integration) names the
	// customer-service account; the Chat page's calls the callback
	// ChatBot.OnAssignAgent and types EventTime as a string.
	ah, err = deskcallback.ParseAssignHuman(readFile(t, "assign_human_light.json"))
	require.NoError(t, err)
	assert.Equal(t, &deskcallback.AssignHumanRequest{CallbackCommand: deskcallback.CommandOnAssignHuman,
		SessionID: "aa-bb-cc-dd", ClientUserID: "123", CustomerServiceID: "@customer_service_account",
		EventTime: 1670574414123}, ah)
	ah, err = deskcallback.ParseAssignHuman(readFile(t, "assign_agent.json"))
	require.NoError(t, err)
	assert.Equal(t, &deskcallback.AssignHumanRequest{CallbackCommand: deskcallback.CommandOnAssignAgent,
		SessionID: "aa-bb-cc-dd", ClientUserID: "123", EventTime: 1670574414123}, ah)

	ii, err := deskcallback.ParseInterfaceInvocation(readFile(t, "interface_invocation.json"))
	require.NoError(t, err)
	assert.Equal(t, &deskcallback.InterfaceInvocationRequest{CallbackCommand: deskcallback.CommandInterfaceInvocation,
		Body: map[string]any{"orderId": "o-1", "vip": "true"}, EventTime: 1725540020017}, ii)
}

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	now := time.Unix(1725540020, 0)
	token := "desk-token"
	good := deskcallback.Sign(token, "1725540020")
	// Sign is plain SHA-256 of Token‖RequestTime, checked against a value
	// computed by hand: sha256("desk-token1725540020").
	assert.Len(t, good, 64)
	assert.NoError(t, deskcallback.VerifySignature(token, "1725540020", good, now))
	assert.NoError(t, deskcallback.VerifySignature(token, "1725540020", strings.ToUpper(good), now))
	assert.NoError(t, deskcallback.VerifySignature(token, "1725540020", good, now.Add(60*time.Second)))
	assert.NoError(t, deskcallback.VerifySignature(token, "1725540020", good, now.Add(-60*time.Second)))

	for name, tc := range map[string]struct {
		rt, sign string
		now      time.Time
		want     error
	}{
		"missing sign":    {"1725540020", "", now, deskcallback.ErrMissingSignature},
		"missing time":    {"", good, now, deskcallback.ErrMissingSignature},
		"time not number": {"soon", good, now, deskcallback.ErrBadRequestTime},
		"too old":         {"1725540020", good, now.Add(61 * time.Second), deskcallback.ErrRequestExpired},
		"from the future": {"1725540020", good, now.Add(-61 * time.Second), deskcallback.ErrRequestExpired},
		"other time":      {"1725540021", good, now, deskcallback.ErrSignatureMismatch},
		"forged":          {"1725540020", strings.Repeat("0", 64), now, deskcallback.ErrSignatureMismatch},
		"milliseconds":    {"1725540020000", good, now, deskcallback.ErrRequestExpired},
	} {
		err := deskcallback.VerifySignature(token, tc.rt, tc.sign, tc.now)
		assert.ErrorIs(t, err, tc.want, name)
		if err != nil {
			assert.NotContains(t, err.Error(), token, name)
		}
	}
}

func TestSignKnownValue(t *testing.T) {
	t.Parallel()
	// echo -n "desk-token1725540020" | sha256sum
	assert.Equal(t, "11f4311c8b89d20a659a226498dde7a049cc37710bc02b928d0bc7ddad0e2627", deskcallback.Sign("desk-token", "1725540020"))
}
