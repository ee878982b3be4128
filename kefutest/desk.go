package kefutest

import (
	"fmt"
	"net/http"

	"github.com/kefu-go/kefu/internal/callbackreq"
)

// Test values for a Tencent IM Desk application. Never use them in
// production.
const (
	DeskSdkAppID = "1400000001"
	DeskToken    = "desk-callback-token-for-tests"
)

// NewDeskRequest builds the POST Tencent IM Desk would send to target: the
// query SdkAppid, CallbackCommand, contenttype=json, ClientIP and
// OptPlatform, and, when token is not empty, RequestTime (now, in seconds)
// and Sign. body may be []byte, json.RawMessage or string, sent as is, or
// any other value, such as a *deskcallback.SessionEvent, which is
// marshalled to JSON.
//
// The request is for a client when target is an absolute URL, and also works
// with a handler's ServeHTTP directly.
func NewDeskRequest(target, sdkAppID, token, command string, body any) (*http.Request, error) {
	data, err := payloadBytes(body)
	if err != nil {
		return nil, err
	}
	req, err := callbackreq.Desk(target, sdkAppID, token, command, data)
	if err != nil {
		return nil, fmt.Errorf("kefutest: %w", err)
	}
	return req, nil
}
