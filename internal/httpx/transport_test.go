package httpx_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/httpx"
)

func TestTransport(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-token-value"
	cause := &url.Error{Op: "Post", URL: "https://api.example/x?access_token=" + secret,
		Err: fmt.Errorf("dial: %w (token %s)", context.DeadlineExceeded, secret)}
	err := httpx.Transport("pkg", "send", cause, secret)
	msg := err.Error()
	assert.NotContains(t, msg, secret)
	assert.Contains(t, msg, "pkg: send: Post ")
	var ue *url.Error
	require.ErrorAs(t, err, &ue, "the *url.Error is kept, its URL redacted")
	assert.NotContains(t, ue.URL, secret)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	other := httpx.Transport("pkg", "read", errors.New("reset by peer with "+secret), secret)
	assert.Equal(t, "pkg: read: reset by peer with REDACTED", other.Error())
	assert.ErrorAs(t, error(other), new(*httpx.TransportError))
}
