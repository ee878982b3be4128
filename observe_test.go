package kefu_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/kefutest"
)

// A retried call is observed per attempt: the token fetch, the failed
// attempt with DingTalk's errcode, the one that worked. No access token or
// secret is in what the Observer is told.
func TestObserverSeesEachAttempt(t *testing.T) {
	t.Parallel()
	obs := kefutest.NewObserver()
	c, srv, _ := newClient(t, kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithObserver(obs))
	srv.Script(kefutest.Reply{ErrCode: -1, ErrMsg: "busy"})
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))

	calls := obs.Calls()
	require.Len(t, calls, 3, "%+v", calls)
	host := strings.TrimPrefix(srv.URL, "http://")
	token := calls[0]
	assert.Equal(t, "/gettoken", token.API)
	assert.Equal(t, http.MethodGet, token.Method)
	assert.Equal(t, http.StatusOK, token.StatusCode)
	assert.NoError(t, token.Err)

	failed, ok := calls[1], calls[2]
	for i, a := range []kefutest.ObservedCall{failed, ok} {
		assert.Equal(t, kefu.EventChangePath, a.API)
		assert.Equal(t, http.MethodPost, a.Method)
		assert.Equal(t, host, a.Host)
		assert.Equal(t, i+1, a.Attempt)
		assert.Positive(t, a.Duration)
	}
	assert.Equal(t, "-1", failed.Code)
	var apiErr *kefu.APIError
	require.ErrorAs(t, failed.Err, &apiErr)
	assert.Equal(t, http.StatusOK, ok.StatusCode)
	assert.Empty(t, ok.Code)
	assert.NoError(t, ok.Err)

	secrets := []string{kefutest.AppSecret}
	for _, r := range srv.Received() {
		secrets = append(secrets, r.AccessToken)
	}
	for _, a := range calls {
		for _, secret := range secrets {
			assert.NotContains(t, a.API+a.Host, secret)
			if a.Err != nil {
				assert.NotContains(t, a.Err.Error(), secret)
			}
		}
	}
}

func TestWithObserverNil(t *testing.T) {
	t.Parallel()
	_, err := kefu.NewClient(kefu.WithAccessToken("t"), kefu.WithObserver(nil))
	require.ErrorContains(t, err, "kefu: WithObserver(nil)")
}
