package dingbot_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/event"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// Every documented msgtype decodes to its fields, value by value.
func TestParseEveryMsgtype(t *testing.T) {
	t.Parallel()
	common := func(t *testing.T, m *dingbot.Message) {
		assert.Equal(t, "cidXXXXXXXX==", m.ConversationID)
		assert.Equal(t, dingbot.ConversationGroup, m.ConversationType)
		assert.Equal(t, "客服群", m.ConversationTitle)
		assert.Equal(t, "$:LWCP_v1:$YYYYYYYY", m.SenderID)
		assert.Equal(t, "manager1234", m.SenderStaffID)
		assert.Equal(t, "张三", m.SenderNick)
		assert.Equal(t, "dingXXXXXXXX", m.SenderCorpID)
		assert.Equal(t, "$:LWCP_v1:$XXXXXXXX", m.ChatbotUserID)
		assert.Equal(t, "dingXXXXXXXX", m.ChatbotCorpID)
		assert.Equal(t, "dingRobotXXXX", m.RobotCode)
		assert.True(t, m.IsAdmin)
		assert.True(t, m.IsInAtList)
		assert.Equal(t, []dingbot.AtUser{{DingtalkID: "$:LWCP_v1:$XXXXXXXX"}}, m.AtUsers)
		assert.Equal(t, event.Millis(1690362101000), m.CreateAt)
		assert.Equal(t, "https://oapi.dingtalk.com/robot/sendBySession?session=XXXXXXXX", m.SessionWebhook)
		assert.Equal(t, event.Millis(1690362102194), m.SessionWebhookExpiredTime)
	}
	for file, want := range map[string]struct {
		msgType, msgID, text, download string
		content                        any
	}{
		"text.json":    {"text", "msgText==", " 你好", "", nil},
		"picture.json": {"picture", "msgPicture==", "", "dlCodePicture", &dingbot.PictureContent{DownloadCode: "dlCodePicture", PictureDownloadCode: "picCodeXXXX"}},
		"richText.json": {"richText", "msgRich==", "", "dlCodeRich", &dingbot.RichTextContent{RichText: []dingbot.RichTextItem{
			{Text: "@SDK示例"}, {Type: "picture", DownloadCode: "dlCodeRich", PictureDownloadCode: "picCodeRich"}, {Text: "看这张图"}}}},
		"audio.json": {"audio", "msgAudio==", "", "dlCodeAudio", &dingbot.AudioContent{Duration: 4000, DownloadCode: "dlCodeAudio", Recognition: "钉钉，让进步发生"}},
		"video.json": {"video", "msgVideo==", "", "dlCodeVideo", &dingbot.VideoContent{Duration: 17, DownloadCode: "dlCodeVideo", VideoType: "mp4"}},
		"file.json":  {"file", "msgFile==", "", "dlCodeFile", &dingbot.FileContent{FileName: "退款单.pdf", DownloadCode: "dlCodeFile", SpaceID: "4003XXXX", FileID: "12345XXXX"}},
	} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			data := readFile(t, file)
			m, err := dingbot.ParseMessage(data)
			require.NoError(t, err)
			common(t, m)
			assert.Equal(t, want.msgType, m.MsgType)
			assert.Equal(t, want.msgID, m.MsgID)
			assert.Equal(t, want.text, m.Text)
			assert.Equal(t, want.content, m.Content)
			assert.Equal(t, want.download, m.DownloadCode())
			assert.JSONEq(t, string(data), string(m.Raw))
		})
	}
}

// Numbers quoted or not, flags as text: the same message.
func TestParseTolerant(t *testing.T) {
	t.Parallel()
	m, err := dingbot.ParseMessage(readFile(t, "text.quoted.json"))
	require.NoError(t, err)
	assert.Equal(t, "2", m.ConversationType)
	assert.True(t, m.IsAdmin)
	assert.False(t, m.IsInAtList)
	assert.Equal(t, event.Millis(1690362101000), m.CreateAt)
	assert.Equal(t, "1234", m.SenderStaffID)
	assert.Equal(t, "你好", m.Text)

	// A msgtype this package does not know keeps its content raw; content
	// sent as a JSON string holding the object is accepted.
	m, err = dingbot.ParseMessage([]byte(`{"msgId":"m","msgtype":"interactiveCard","content":{"cardUrl":"x"}}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"cardUrl":"x"}`, string(m.Content.(json.RawMessage)))
	m, err = dingbot.ParseMessage([]byte(`{"msgId":"m","msgtype":"picture","content":"{\"downloadCode\":\"d\"}"}`))
	require.NoError(t, err)
	assert.Equal(t, "d", m.DownloadCode())
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"not json":      `msgId=1`,
		"not an object": `[1]`,
		"null":          `null`,
		"bad flag":      `{"isAdmin":"maybe"}`,
		"bad time":      `{"createAt":"soon"}`,
		"bad content":   `{"msgtype":"picture","content":[1]}`,
		"bad at users":  `{"atUsers":{}}`,
	} {
		m, err := dingbot.ParseMessage([]byte(body))
		assert.Nil(t, m, name)
		require.ErrorIs(t, err, dingbot.ErrInvalidMessage, name)
		var pe *dingbot.ParseError
		assert.ErrorAs(t, err, &pe, name)
	}
}

func TestCardCallbackAndResponse(t *testing.T) {
	t.Parallel()
	c, err := dingbot.ParseCardCallback(readFile(t, "card.json"))
	require.NoError(t, err)
	assert.Equal(t, "track-1", c.OutTrackID)
	assert.Equal(t, "dingXXXXXXXX", c.CorpID)
	assert.Equal(t, "manager1234", c.UserID)
	assert.Equal(t, 1, c.UserIDType)
	assert.Equal(t, "IM", c.SpaceType)
	assert.Equal(t, "cidXXXXXXXX==", c.SpaceID)
	assert.Equal(t, "actionCallback", c.Type)
	assert.Equal(t, "{}", c.Extension)
	assert.Equal(t, []string{"confirm"}, c.ActionIDs)
	assert.Equal(t, map[string]any{"count": float64(1), "comment": "好"}, c.Params)

	_, err = dingbot.ParseCardCallback([]byte(`{"content":"not json"}`))
	require.ErrorIs(t, err, dingbot.ErrInvalidMessage)

	// The answer's JSON is exactly the page's shape, both ways.
	page := `{"cardData":{"cardParamMap":{"count":"2"}},"userPrivateData":{"cardParamMap":{"voted":"true"}},` +
		`"cardUpdateOptions":{"updateCardDataByKey":true,"updatePrivateDataByKey":true}}`
	var r dingbot.CardResponse
	require.NoError(t, json.Unmarshal([]byte(page), &r))
	assert.Equal(t, dingbot.CardResponse{CardData: &dingbot.CardParams{CardParamMap: map[string]string{"count": "2"}},
		UserPrivateData:   &dingbot.CardParams{CardParamMap: map[string]string{"voted": "true"}},
		CardUpdateOptions: &dingbot.CardUpdateOptions{UpdateCardDataByKey: true, UpdatePrivateDataByKey: true}}, r)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, page, string(out))
}
