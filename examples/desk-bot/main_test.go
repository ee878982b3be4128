package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
)

// The bot answers a customer's message through Desk's REST API and hands
// the session to a person on request: a signed callback in, the REST call
// out, both against kefutest's fakes.
func TestBotAnswersAndTransfers(t *testing.T) {
	t.Parallel()
	rest := kefutest.NewDeskServer()
	t.Cleanup(rest.Close)
	desk, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithBaseURL(rest.URL))
	require.NoError(t, err)
	h, err := deskcallback.New(deskcallback.Config{SdkAppID: kefutest.DeskSdkAppID, Token: kefutest.DeskToken,
		OnSessionEvent: bot(desk, slog.New(slog.DiscardHandler))})
	require.NoError(t, err)

	for _, text := range []string{"退款多久到账？", "转人工"} {
		body := `{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"s-1","Event":"ChatBot.UserSendMsg",` +
			`"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"` + text + `"}}]}`
		req, err := kefutest.NewDeskRequest("/desk/callback", kefutest.DeskSdkAppID, kefutest.DeskToken, deskcallback.CommandSessionEventNotify, body)
		require.NoError(t, err)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		assert.JSONEq(t, `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`, w.Body.String())
	}
	calls := rest.Calls()
	require.Len(t, calls, 2)
	assert.Equal(t, "send_msg", calls[0].Command)
	var sent deskapi.SendMsgRequest
	require.NoError(t, json.Unmarshal(calls[0].Body, &sent))
	text, _ := sent.MsgBody[0].Text()
	assert.Contains(t, text, "退款多久到账？")
	assert.Equal(t, "transfer_to_human", calls[1].Command)
	assert.JSONEq(t, `{"SessionId":"s-1","SendTipIfNoAgentOnline":1}`, string(calls[1].Body))
	_ = context.Background()
}
