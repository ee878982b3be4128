package kefu

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A transport error keeps what errors.As and errors.Is need, and loses
// every secret: in the URL, in the cause's text, and in an error that is
// not a *url.Error at all.
func TestRedactorTransport(t *testing.T) {
	t.Parallel()
	r := &redactor{appSecret: "s3cret-app"}
	r.rememberToken("tok-123456")
	r.rememberToken("tok-123456") // known: not added twice
	assert.Len(t, r.tokens, 1)

	cause := fmt.Errorf("dial tcp: lookup tok-123456.example: %w", context.DeadlineExceeded)
	err := r.transport("/x", &url.Error{Op: "Post", URL: "http://h/x?access_token=tok-123456", Err: cause})
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "the cause's sentinel survives")
	assert.NotContains(t, err.Error(), "tok-123456")
	assert.Contains(t, err.Error(), "access_token=REDACTED")
	assert.Equal(t, retryNow, kindOf(err))

	err = r.transport("/x", fmt.Errorf("proxy said appsecret=s3cret-app: %w", context.Canceled))
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotContains(t, err.Error(), "s3cret-app")
	assert.Equal(t, "kefu: /x: proxy said appsecret=REDACTED context canceled", err.Error())

	assert.NoError(t, r.callError("/x", nil, nil, 0))
	refused := errors.New("connection refused")
	err = r.callError("/x", nil, refused, 0)
	assert.ErrorIs(t, err, refused)
	assert.Equal(t, retryNow, kindOf(err), "a failed round trip is retried")
}

// Only the newest tokens are remembered.
func TestRedactorForgetsOldTokens(t *testing.T) {
	t.Parallel()
	r := &redactor{}
	for i := range maxRememberedTokens + 2 {
		r.rememberToken(fmt.Sprintf("token-%d", i))
	}
	assert.Len(t, r.tokens, maxRememberedTokens)
	assert.Equal(t, "token-0 REDACTED", r.text("token-0 token-5"))
}
