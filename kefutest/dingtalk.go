package kefutest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/internal/callbackreq"
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
	req, err := callbackreq.DingTalk(c, target, plain)
	if err != nil {
		return nil, fmt.Errorf("kefutest: %w", err)
	}
	return req, nil
}

// OpenDingTalkReply verifies and decrypts a callback handler's reply body
// ({"msg_signature","timeStamp","nonce","encrypt"}) and returns the
// plaintext, "success" when the handler accepted the event.
func OpenDingTalkReply(c *dingcallback.Crypto, body io.Reader) (string, error) {
	return callbackreq.OpenDingTalkReply(c, body)
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
