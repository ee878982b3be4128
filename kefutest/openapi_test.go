package kefutest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/kefutest"
)

type envelope struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	Success     bool   `json:"success"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	SubCode     string `json:"sub_code"`
}

func get(t *testing.T, u string) envelope {
	t.Helper()
	resp, err := http.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	var e envelope
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	return e
}

func post(t *testing.T, u, body string) (int, envelope) {
	t.Helper()
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	var e envelope
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e
}

func TestDingTalkServerWireFormat(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()

	bad := get(t, srv.URL+"/gettoken?appkey="+kefutest.AppKey+"&appsecret=wrong")
	assert.Equal(t, 40089, bad.ErrCode)

	q := url.Values{"appkey": {kefutest.AppKey}, "appsecret": {kefutest.AppSecret}}
	tok := get(t, srv.URL+"/gettoken?"+q.Encode())
	assert.Equal(t, 0, tok.ErrCode)
	assert.Equal(t, 7200, tok.ExpiresIn)
	require.NotEmpty(t, tok.AccessToken)
	again := get(t, srv.URL+"/gettoken?"+q.Encode())
	assert.Equal(t, tok.AccessToken, again.AccessToken, "same token within its lifetime")
	assert.Equal(t, 2, srv.TokenFetches())

	change := srv.URL + "/topapi/customerservice/event/change?access_token="
	_, e := post(t, change+"unknown", `{"event_dto":{}}`)
	assert.Equal(t, 40014, e.ErrCode)

	_, e = post(t, change+tok.AccessToken, `{"event_dto":{"event_id":"1"}}`)
	assert.Equal(t, envelope{ErrMsg: "ok", Success: true}, e)

	_, e = post(t, change+tok.AccessToken, `not json`)
	assert.Equal(t, 40035, e.ErrCode)

	srv.Script(kefutest.Reply{ErrCode: 88, SubCode: "60011"}, kefutest.Reply{Status: 502, Raw: "<html>bad gateway</html>"})
	_, e = post(t, change+tok.AccessToken, `{"event_dto":{}}`)
	assert.Equal(t, 88, e.ErrCode)
	assert.Equal(t, "60011", e.SubCode)
	assert.False(t, e.Success)
	status, _ := post(t, change+tok.AccessToken, `{"event_dto":{}}`)
	assert.Equal(t, http.StatusBadGateway, status)

	srv.ExpireTokens()
	_, e = post(t, change+tok.AccessToken, `{"event_dto":{}}`)
	assert.Equal(t, 42001, e.ErrCode)

	got := srv.Received()
	require.Len(t, got, 6)
	assert.Equal(t, map[string]any{"event_id": "1"}, got[1].EventDTO)
	assert.Equal(t, "not json", string(got[2].Body))
}
