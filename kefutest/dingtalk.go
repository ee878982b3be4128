package kefutest

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

	"github.com/kefu-go/kefu/dingcallback"
)

// Fixed test credentials for a DingTalk callback subscription: the public
// vector of DingTalk's callback-crypto samples. Use them with
// dingcallback.NewCrypto in tests; never in production.
const (
	DingTalkToken    = "tokenxxxx"
	DingTalkAESKey   = "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus"
	DingTalkOwnerKey = "dingxxxxxx"
)

// NewDingTalkCrypto returns a Crypto for the test credentials above.
func NewDingTalkCrypto() *dingcallback.Crypto {
	c, err := dingcallback.NewCrypto(DingTalkToken, DingTalkAESKey, DingTalkOwnerKey)
	if err != nil {
		panic(err) // the constants are valid
	}
	return c
}

// NewDingTalkRequest builds the POST DingTalk would send to target for
// payload: the plaintext encrypted with c into {"encrypt":"…"}, and the query
// signature, msg_signature, timestamp (now, in milliseconds) and nonce. The
// payload may be []byte, json.RawMessage or string, sent as is, or any other
// value, such as an event payload struct, which is marshalled to JSON.
//
// The request is for a client (http.DefaultClient.Do) when target is an
// absolute URL, and also works with a handler's ServeHTTP directly.
func NewDingTalkRequest(c *dingcallback.Crypto, target string, payload any) (*http.Request, error) {
	plain, err := payloadBytes(payload)
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().UnixMilli(), 10)
	reply, err := c.Encrypt(plain, ts, "")
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]string{"encrypt": reply.Encrypt})
	if err != nil {
		return nil, err
	}
	return newPost(target, body, url.Values{
		"signature":     {reply.MsgSignature},
		"msg_signature": {reply.MsgSignature},
		"timestamp":     {reply.TimeStamp},
		"nonce":         {reply.Nonce},
	})
}

// newPost builds a JSON POST of body to target with query added to the
// target's own: a client request for an absolute URL, a server request (for
// ServeHTTP) otherwise.
func newPost(target string, body []byte, query url.Values) (*http.Request, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("kefutest: bad target URL: %w", err)
	}
	q := u.Query()
	maps.Copy(q, query)
	u.RawQuery = q.Encode()
	var req *http.Request
	if u.IsAbs() {
		var err error
		if req, err = http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body)); err != nil {
			return nil, err
		}
	} else {
		req = httptest.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// OpenDingTalkReply verifies and decrypts a callback handler's reply body
// ({"msg_signature","timeStamp","nonce","encrypt"}) and returns the
// plaintext, "success" when the handler accepted the event.
func OpenDingTalkReply(c *dingcallback.Crypto, body io.Reader) (string, error) {
	var r dingcallback.Reply
	if err := json.NewDecoder(body).Decode(&r); err != nil {
		return "", fmt.Errorf("kefutest: reply is not JSON: %w", err)
	}
	msg, err := c.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt)
	if err != nil {
		return "", err
	}
	return string(msg), nil
}

func payloadBytes(payload any) ([]byte, error) {
	switch p := payload.(type) {
	case []byte:
		return p, nil
	case json.RawMessage:
		return p, nil
	case string:
		return []byte(p), nil
	}
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("kefutest: marshalling the payload: %w", err)
	}
	return b, nil
}
