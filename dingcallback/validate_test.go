package dingcallback_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// ValidateRequest is the handler's verification for users of other routers:
// it returns the plaintext of a good request and a matchable error for each
// way a request is bad.
func TestValidateRequest(t *testing.T) {
	t.Parallel()
	c := kefutest.NewDingTalkCrypto()
	payload := `{"EventType":"user_add_org","UserId":["u1"]}`
	req, err := kefutest.NewDingTalkRequest(c, "http://example.com/callback", payload)
	require.NoError(t, err)
	plain, err := c.ValidateRequest(req)
	require.NoError(t, err)
	assert.JSONEq(t, payload, string(plain))

	other, err := dingcallback.NewCrypto("another-token", kefutest.DingTalkAESKey, kefutest.DingTalkOwnerKey)
	require.NoError(t, err)
	req, err = kefutest.NewDingTalkRequest(c, "http://example.com/callback", payload)
	require.NoError(t, err)
	_, err = other.ValidateRequest(req)
	require.ErrorIs(t, err, dingcallback.ErrSignatureMismatch)
	assert.NotContains(t, err.Error(), kefutest.DingTalkToken)

	get := httptest.NewRequest(http.MethodGet, "/callback", nil)
	_, err = c.ValidateRequest(get)
	assert.ErrorContains(t, err, "method not allowed")

	_, err = c.ValidateRequest(httptest.NewRequest(http.MethodPost, "/callback?timestamp=1", strings.NewReader("{}")))
	assert.ErrorIs(t, err, dingcallback.ErrMissingParams)

	q := "/callback?signature=x&timestamp=1&nonce=n"
	_, err = c.ValidateRequest(httptest.NewRequest(http.MethodPost, q, strings.NewReader(`{"other":1}`)))
	assert.ErrorIs(t, err, dingcallback.ErrBadBody)

	big := bytes.Repeat([]byte("x"), dingcallback.DefaultMaxBodySize+1)
	_, err = c.ValidateRequest(httptest.NewRequest(http.MethodPost, q, bytes.NewReader(big)))
	var tooBig *http.MaxBytesError
	assert.True(t, errors.As(err, &tooBig), "%v", err)
}

// statusOf is what a gin or echo user does with a ValidateRequest error.
func statusOf(err error) int {
	var sc interface{ StatusCode() int }
	if errors.As(err, &sc) {
		return sc.StatusCode()
	}
	return 0
}

// A Validator is the Handler's whole verify stage: the replay window and
// body limit it is given apply, each error says the status the Handler
// answers, and each message names the package once.
func TestValidatorIsTheVerifyStage(t *testing.T) {
	t.Parallel()
	c := kefutest.NewDingTalkCrypto()
	clock := kefutest.NewClock(time.Now())
	v, err := dingcallback.NewValidator(c, dingcallback.WithReplayWindow(time.Minute), dingcallback.WithClock(clock.Now),
		dingcallback.WithMaxBodySize(4096))
	require.NoError(t, err)
	payload := `{"EventType":"org_change","eventId":"e1"}`
	newReq := func() *http.Request {
		req, err := kefutest.NewDingTalkRequest(c, "/callback", payload)
		require.NoError(t, err)
		return req
	}
	plain, err := v.ValidateRequest(newReq())
	require.NoError(t, err)
	assert.JSONEq(t, payload, string(plain))

	// The same request an hour later: the Handler and the Validator refuse it.
	req := newReq()
	clock.Advance(time.Hour)
	_, err = v.ValidateRequest(req)
	require.ErrorIs(t, err, dingcallback.ErrReplayWindow)
	assert.Equal(t, http.StatusBadRequest, statusOf(err))
	assert.Equal(t, "dingcallback: timestamp outside the replay window", err.Error())
	clock = kefutest.NewClock(time.Now())
	h, err := dingcallback.New(c, event.NewRouter(), dingcallback.WithReplayWindow(time.Minute), dingcallback.WithClock(clock.Now))
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, newReq())
	assert.Equal(t, http.StatusOK, w.Code, "a fresh request passes the Handler")
	req = newReq()
	clock.Advance(time.Hour)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	_, err = h.Validator().ValidateRequest(newReq())
	require.ErrorIs(t, err, dingcallback.ErrReplayWindow, "the Handler's Validator verifies as it does")

	for _, tc := range []struct {
		req    *http.Request
		status int
		msg    string
	}{
		{httptest.NewRequest(http.MethodGet, "/callback", nil), http.StatusMethodNotAllowed,
			"dingcallback: method not allowed: callbacks are POST"},
		{httptest.NewRequest(http.MethodPost, "/callback?timestamp=1", strings.NewReader("{}")), http.StatusBadRequest,
			"dingcallback: missing msg_signature, timestamp or nonce"},
		{httptest.NewRequest(http.MethodPost, "/callback?signature=x&timestamp=1&nonce=n", bytes.NewReader(make([]byte, 5000))),
			http.StatusRequestEntityTooLarge, "dingcallback: body too large: http: request body too large"},
	} {
		v, err := dingcallback.NewValidator(c, dingcallback.WithMaxBodySize(4096))
		require.NoError(t, err)
		_, err = v.ValidateRequest(tc.req)
		require.Error(t, err)
		assert.Equal(t, tc.status, statusOf(err), tc.msg)
		assert.Equal(t, tc.msg, err.Error())
		assert.Equal(t, 1, strings.Count(err.Error(), "dingcallback:"), tc.msg)
	}
	other, err := dingcallback.NewCrypto("another-token", kefutest.DingTalkAESKey, kefutest.DingTalkOwnerKey)
	require.NoError(t, err)
	_, err = other.ValidateRequest(newReq())
	assert.Equal(t, http.StatusForbidden, statusOf(err))
	assert.Equal(t, "dingcallback: signature mismatch", err.Error())

	// Options of the Handler mean nothing to a Validator.
	_, err = dingcallback.NewValidator(c, dingcallback.WithHandlerTimeout(time.Second))
	assert.ErrorContains(t, err, "dingcallback: WithHandlerTimeout is an option of the Handler")
	_, err = dingcallback.NewValidator(nil)
	assert.Error(t, err)
}
