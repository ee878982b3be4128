package kefutest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/kefutest"
)

func openCall(t *testing.T, g *kefutest.StreamGateway, body string, accept bool) (int, map[string]string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, g.URL+"/v1.0/gateway/connections/open", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if accept {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var ans map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ans))
	return resp.StatusCode, ans
}

func TestStreamGatewayWire(t *testing.T) {
	t.Parallel()
	g := kefutest.NewStreamGateway()
	defer g.Close()
	good := `{"clientId":"` + kefutest.AppKey + `","clientSecret":"` + kefutest.AppSecret + `","subscriptions":[{"type":"EVENT","topic":"*"}],"ua":"test"}`

	status, _ := openCall(t, g, good, false)
	assert.Equal(t, http.StatusBadRequest, status, "no Accept: application/json")

	status, ans := openCall(t, g, strings.Replace(good, kefutest.AppSecret, "wrong", 1), true)
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "authFailed", ans["code"])

	status, ans = openCall(t, g, good, true)
	require.Equal(t, http.StatusOK, status)
	require.NotEmpty(t, ans["ticket"])
	assert.True(t, strings.HasPrefix(ans["endpoint"], "ws://127.0.0.1:"), ans["endpoint"])

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, ans["endpoint"]+"?ticket="+ans["ticket"], nil)
	require.NoError(t, err)
	defer ws.CloseNow()
	_, _, err = websocket.Dial(ctx, ans["endpoint"]+"?ticket="+ans["ticket"], nil)
	require.Error(t, err, "a ticket opens one connection")
	require.NoError(t, g.WaitConnections(ctx, 1))

	// The frame of the Stream protocol page §3, its answer recorded.
	id := g.PushEvent("user_add_org", "e1", []byte(`{"userId":["u1"]}`))
	_, msg, err := ws.Read(ctx)
	require.NoError(t, err)
	var f struct {
		SpecVersion, Type string
		Headers           map[string]string
		Data              string
	}
	require.NoError(t, json.Unmarshal(msg, &f))
	assert.Equal(t, "EVENT", f.Type)
	assert.Equal(t, id, f.Headers["messageId"])
	assert.Equal(t, "e1", f.Headers["eventId"])
	assert.Equal(t, "*", f.Headers["topic"])
	assert.JSONEq(t, `{"userId":["u1"]}`, f.Data)
	assert.Equal(t, 1, g.Outstanding())

	require.NoError(t, ws.Write(ctx, websocket.MessageText, []byte(`{"code":200,"headers":{"messageId":"`+id+`"},"message":"OK","data":"{\"status\":\"SUCCESS\"}"}`)))
	a, err := g.WaitAcked(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, kefutest.StreamAck{MessageID: id, FrameType: "EVENT", Code: 200, Message: "OK", Status: "SUCCESS", Data: json.RawMessage(`{"status":"SUCCESS"}`), Conn: 1}, a)
	assert.Zero(t, g.Outstanding())
	assert.Len(t, g.Opens(), 2, "the rejected call is recorded too")
}
