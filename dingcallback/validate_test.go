package dingcallback_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
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
