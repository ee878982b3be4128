package httpx_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/httpx"
)

func TestCheckOptions(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"https://api.dingtalk.com", "http://127.0.0.1:8080/base"} {
		assert.NoError(t, httpx.CheckBaseURL("pkg", ok), ok)
	}
	for _, bad := range []string{"api.dingtalk.com", "ftp://x", "https://", "://x", ""} {
		assert.ErrorContains(t, httpx.CheckBaseURL("pkg", bad), "pkg: WithBaseURL(", bad)
	}
	err := httpx.CheckBaseURL("pkg", "https//user:pw@x?access_token=secret-token")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-token")
	assert.EqualError(t, httpx.CheckHTTPClient("pkg", nil), "pkg: WithHTTPClient(nil)")
	assert.NoError(t, httpx.CheckHTTPClient("pkg", http.DefaultClient))
}
