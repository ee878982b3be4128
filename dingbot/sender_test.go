package dingbot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/kefutest"
)

// newSender is a Sender on the fake OpenAPI, with a kefu.Client's tokens.
func newSender(t *testing.T) (*dingbot.Sender, *kefutest.DingTalkServer) {
	t.Helper()
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	c, err := kefu.NewClient(kefu.WithBaseURL(dt.URL), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	s, err := dingbot.NewSender(kefutest.RobotCode, c.TokenSource(), dingbot.WithBaseURL(dt.URL))
	require.NoError(t, err)
	return s, dt
}

func parse(t *testing.T, data []byte) *dingbot.Message {
	t.Helper()
	m, err := dingbot.ParseMessage(data)
	require.NoError(t, err)
	return m
}

func TestReplyThroughTheWebhook(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	m := parse(t, dt.RobotMessage("你好", false))
	require.NoError(t, s.Reply(context.Background(), m, dingbot.Text("您好，有什么可以帮您？")))
	require.NoError(t, s.Reply(context.Background(), m, dingbot.Markdown("退款", "**已受理**")))
	calls := dt.RobotCalls()
	require.Len(t, calls, 2)
	assert.Equal(t, "webhook", calls[0].API)
	assert.JSONEq(t, `{"msgtype":"text","text":{"content":"您好，有什么可以帮您？"}}`, string(calls[0].Body))
	assert.JSONEq(t, `{"msgtype":"markdown","markdown":{"title":"退款","text":"**已受理**"}}`, string(calls[1].Body))
	assert.Zero(t, dt.TokenFetches(), "the webhook takes no access token")
}

// An expired webhook, or one the server says is gone, falls back to the
// send APIs: the sender of a single chat, the group of a group message.
func TestReplyFallsBackToTheSendAPIs(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	single := parse(t, dt.RobotMessage("你好", false))
	single.SessionWebhookExpiredTime = 1 // long expired
	require.NoError(t, s.Reply(context.Background(), single, dingbot.Text("迟到的回复")))

	group := parse(t, dt.RobotMessage("在吗", true))
	dt.ExpireRobotSessions() // 300001 session 不存在
	require.NoError(t, s.Reply(context.Background(), group, dingbot.Text("在的")))

	calls := dt.RobotCalls()
	require.Len(t, calls, 2)
	assert.Equal(t, "batchSend", calls[0].API)
	assert.JSONEq(t, `{"robotCode":"dingtestrobot","userIds":["customer01"],"msgKey":"sampleText","msgParam":"{\"content\":\"迟到的回复\"}"}`, string(calls[0].Body))
	assert.Equal(t, "groupSend", calls[1].API)
	assert.JSONEq(t, `{"robotCode":"dingtestrobot","openConversationId":"cidGroup==","msgKey":"sampleText","msgParam":"{\"content\":\"在的\"}"}`, string(calls[1].Body))
}

// A forged message whose sessionWebhook points elsewhere is never dialled,
// and no proactive send replaces it.
func TestReplyRefusesAForeignWebhook(t *testing.T) {
	t.Parallel()
	var dialled atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { dialled.Add(1) }))
	defer evil.Close()
	s, dt := newSender(t)
	for _, hook := range []string{evil.URL + "/robot/sendBySession?session=x", "https://oapi.dingtalk.com.evil.example/x",
		"http://oapi.dingtalk.com/robot/sendBySession", "https://oapi.dingtalk.com:8443/x", "not a url"} {
		m := parse(t, dt.RobotMessage("hi", false))
		m.SessionWebhook = hook
		err := s.Reply(context.Background(), m, dingbot.Text("x"))
		require.ErrorIs(t, err, dingbot.ErrUntrustedWebhook, hook)
	}
	assert.Zero(t, dialled.Load())
	assert.Empty(t, dt.RobotCalls())
}

func TestSendToUsersInChunksAndNamesTheRefused(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	var ids []string
	for i := range 45 {
		ids = append(ids, fmt.Sprintf("user%02d", i))
	}
	dt.RefuseRobotUsers("user07", "user44")
	err := s.SendToUsers(context.Background(), ids, dingbot.Text("通知"))
	var se *dingbot.SendError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []string{"user07", "user44"}, se.InvalidUserIDs)
	assert.Contains(t, err.Error(), "user07")
	calls := dt.RobotCalls()
	require.Len(t, calls, 3, "45 users in calls of at most 20")
	var sizes []int
	for _, c := range calls {
		var b struct {
			UserIDs []string `json:"userIds"`
		}
		require.NoError(t, json.Unmarshal(c.Body, &b))
		sizes = append(sizes, len(b.UserIDs))
	}
	assert.Equal(t, []int{20, 20, 5}, sizes)
}

func TestDownloadURL(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	m := parse(t, readFile(t, "audio.json"))
	u, err := s.DownloadURL(context.Background(), m.DownloadCode())
	require.NoError(t, err)
	assert.Equal(t, dt.URL+"/robot/files/dlCodeAudio", u)
	_, err = s.DownloadURL(context.Background(), "")
	assert.Error(t, err)
}

// A token the OpenAPI refuses (401) is invalidated and fetched again once;
// no token appears in any error.
func TestSenderRefreshesARefusedToken(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	require.NoError(t, s.SendToGroup(context.Background(), "cidGroup==", dingbot.Text("1")))
	dt.ExpireTokens()
	require.NoError(t, s.SendToGroup(context.Background(), "cidGroup==", dingbot.Text("2")))
	assert.Equal(t, 2, dt.TokenFetches())

	bad, err := dingbot.NewSender(kefutest.RobotCode, staticTokens("not-a-token-1234567890"), dingbot.WithBaseURL(dt.URL))
	require.NoError(t, err)
	err = bad.SendToGroup(context.Background(), "cidGroup==", dingbot.Text("3"))
	var apiErr *dingbot.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
	assert.Equal(t, "InvalidAuthentication", apiErr.Code)
	assert.NotContains(t, err.Error(), "not-a-token-1234567890")
	assert.False(t, strings.Contains(fmt.Sprint(err), kefutest.AppSecret))
}

func TestEmptyReplyIsRefused(t *testing.T) {
	t.Parallel()
	s, dt := newSender(t)
	require.ErrorIs(t, s.Reply(context.Background(), parse(t, dt.RobotMessage("hi", false)), dingbot.Reply{}), dingbot.ErrEmptyReply)
	require.ErrorIs(t, s.SendToUsers(context.Background(), []string{"u"}, dingbot.Reply{}), dingbot.ErrEmptyReply)
}

// A webhook that fails, echoing its URL, leaves no session key in the
// error; neither does a webhook that cannot be reached.
func TestNoWebhookSessionInErrors(t *testing.T) {
	t.Parallel()
	const session = "s3ss10n-k3y-0123456789abcdef"
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = fmt.Fprintf(w, `{"code":"Bad","message":"upstream %s failed"}`, r.URL.String())
	}))
	defer hook.Close()
	s, err := dingbot.NewSender(kefutest.RobotCode, staticTokens("tok-0123456789abcdef"), dingbot.WithBaseURL(hook.URL))
	require.NoError(t, err)
	m := &dingbot.Message{MsgID: "m", SessionWebhook: hook.URL + "/robot/sendBySession?session=" + session}
	err = s.Reply(context.Background(), m, dingbot.Text("x"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), session)
	hook.Close()
	err = s.Reply(context.Background(), m, dingbot.Text("x"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), session)
}
