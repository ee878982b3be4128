package kefu

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTokenSource is the token source NewClient builds, for app key "k" and
// secret "s" at base.
func newTokenSource(base string) *appTokenSource {
	return &appTokenSource{rc: resty.New().SetBaseURL(base), appKey: "k", appSecret: "s", now: time.Now,
		timeout: defaultTimeout, redact: &redactor{appSecret: "s"}}
}

// gettokenServer answers /gettoken with body and counts the calls.
func gettokenServer(t *testing.T, contentType, body string) (*appTokenSource, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return newTokenSource(srv.URL), &calls
}

func TestTokenCachedUntilShortlyBeforeExpiry(t *testing.T) {
	t.Parallel()
	ts, calls := gettokenServer(t, "application/json", `{"errcode":0,"errmsg":"ok","access_token":"tok","expires_in":7200}`)
	now := time.Unix(1700000000, 0)
	ts.now = func() time.Time { return now }
	ctx := context.Background()

	for range 3 {
		tok, err := ts.Token(ctx)
		require.NoError(t, err)
		assert.Equal(t, "tok", tok)
	}
	assert.Equal(t, int32(1), calls.Load(), "cached")

	now = now.Add(2*time.Hour - 5*time.Minute - time.Second)
	_, err := ts.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load(), "still cached just before the margin")

	now = now.Add(2 * time.Second)
	_, err = ts.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(2), calls.Load(), "renewed within 5 minutes of expires_in")

	ts.InvalidateToken("another")
	_, _ = ts.Token(ctx)
	assert.Equal(t, int32(2), calls.Load(), "invalidating a token that is not cached changes nothing")
	ts.InvalidateToken("tok")
	_, _ = ts.Token(ctx)
	assert.Equal(t, int32(3), calls.Load())
}

func TestTokenAnswersThatAreNotTokens(t *testing.T) {
	t.Parallel()
	ts, _ := gettokenServer(t, "text/html", "<html>banned</html>")
	_, err := ts.Token(context.Background())
	var he *HTTPError
	require.ErrorAs(t, err, &he)
	assert.Contains(t, err.Error(), "banned")

	ts, _ = gettokenServer(t, "application/json", `{"errcode":0,"errmsg":"ok"}`)
	_, err = ts.Token(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no access_token")

	ts, _ = gettokenServer(t, "application/json", `{"errcode":-1,"errmsg":"busy"}`)
	_, err = ts.Token(context.Background())
	var ae *APIError
	require.ErrorAs(t, err, &ae)
	assert.True(t, ae.Retryable())
}

func TestTokenWaitHonoursContext(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		<-release
		_, _ = w.Write([]byte(`{"errcode":0,"access_token":"tok","expires_in":7200}`))
	}))
	defer srv.Close()
	defer close(release)
	ts := newTokenSource(srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := ts.Token(ctx)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
}
