// Package callbackreq builds the requests DingTalk and Tencent IM Desk send
// to a callback receiver, and opens a DingTalk receiver's encrypted reply:
// for the CLI's trigger and forward, and for kefutest's builders, which
// wrap it for users' tests.
package callbackreq

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/internal/robotsign"
)

// DingTalk builds the POST DingTalk would send to target for plain: the
// plaintext encrypted with c into {"encrypt":"…"}, and the query signature,
// msg_signature, timestamp (now, in milliseconds) and nonce.
//
// The request is for a client when target is an absolute URL, for a
// handler's ServeHTTP otherwise.
func DingTalk(c *dingcallback.Crypto, target string, plain []byte) (*http.Request, error) {
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	reply, err := c.Encrypt(plain, ts, "")
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]string{"encrypt": reply.Encrypt})
	if err != nil {
		return nil, err
	}
	return post(target, body, url.Values{
		"signature":     {reply.MsgSignature},
		"msg_signature": {reply.MsgSignature},
		"timestamp":     {reply.TimeStamp},
		"nonce":         {reply.Nonce},
	})
}

// Desk builds the POST Tencent IM Desk would send to target: the query
// SdkAppid, CallbackCommand, contenttype=json, ClientIP and OptPlatform,
// and, when token is not empty, RequestTime (now, in seconds) and Sign.
func Desk(target, sdkAppID, token, command string, body []byte) (*http.Request, error) {
	q := url.Values{
		"SdkAppid":        {sdkAppID},
		"CallbackCommand": {command},
		"contenttype":     {"json"},
		"ClientIP":        {"127.0.0.1"},
		"OptPlatform":     {"RESTAPI"},
	}
	if token != "" {
		rt := strconv.FormatInt(time.Now().Unix(), 10)
		q.Set("RequestTime", rt)
		q.Set("Sign", deskcallback.Sign(token, rt))
	}
	return post(target, body, q)
}

// Robot builds the POST DingTalk sends to a robot's message URL (HTTP
// mode): the message as the body, and the headers timestamp (now, in
// milliseconds) and sign (dingbot.Sign with the app secret).
func Robot(target, appSecret string, message []byte) (*http.Request, error) {
	req, err := post(target, message, nil)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	req.Header.Set("timestamp", ts)
	req.Header.Set("sign", robotsign.Sign(appSecret, ts))
	return req, nil
}

// OpenDingTalkReply verifies and decrypts a DingTalk receiver's reply body
// ({"msg_signature","timeStamp","nonce","encrypt"}) and returns the
// plaintext, "success" when the receiver accepted the event.
func OpenDingTalkReply(c *dingcallback.Crypto, body io.Reader) (string, error) {
	var r dingcallback.Reply
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		return "", fmt.Errorf("the reply is not JSON: %w", err)
	}
	msg, err := c.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt)
	if err != nil {
		return "", err
	}
	return string(msg), nil
}

// post builds a JSON POST of body to target with query added to the
// target's own: a client request for an absolute URL, a server request (for
// ServeHTTP) otherwise.
func post(target string, body []byte, query url.Values) (*http.Request, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("bad target URL: %w", err)
	}
	q := u.Query()
	maps.Copy(q, query)
	u.RawQuery = q.Encode()
	var req *http.Request
	if u.IsAbs() {
		if req, err = http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body)); err != nil {
			return nil, err
		}
	} else {
		req = httptest.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}
