package kefu_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// elsewhere is another origin that records every request it gets, with
// its query and body, where a credential would show.
type elsewhere struct {
	*httptest.Server
	got atomic.Int32
	saw atomic.Value // string: the last request's URL and body
}

func newElsewhere(t *testing.T) *elsewhere {
	e := &elsewhere{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		e.got.Add(1)
		e.saw.Store(r.URL.String() + " " + string(body) + " " + r.Header.Get("x-acs-dingtalk-access-token"))
		_, _ = w.Write([]byte(`{"errcode":0,"access_token":"x","expires_in":7200}`))
	}))
	t.Cleanup(e.Close)
	return e
}

// redirector answers every request with a 307 to target, keeping the path
// and query (as a hostile or misconfigured proxy would).
func redirector(t *testing.T, target string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// No request that carries a credential follows a redirect to another
// origin: the token fetch (app secret in the query), the event change
// (access token in the query), the Stream open call (client secret in the
// body).
func TestNoCredentialFollowsARedirectElsewhere(t *testing.T) {
	t.Parallel()
	t.Run("token fetch", func(t *testing.T) {
		t.Parallel()
		other := newElsewhere(t)
		c, err := kefu.NewClient(kefu.WithBaseURL(redirector(t, other.URL).URL), kefu.WithRetry(fastRetry),
			kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
		require.NoError(t, err)
		err = c.ChangeEvent(context.Background(), sampleEvent())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "redirect to another origin refused")
		assert.Zero(t, other.got.Load(), "the other origin got nothing")
		assert.NotContains(t, err.Error(), kefutest.AppSecret)
	})
	t.Run("event change", func(t *testing.T) {
		t.Parallel()
		other := newElsewhere(t)
		c, err := kefu.NewClient(kefu.WithBaseURL(redirector(t, other.URL).URL), kefu.WithRetry(fastRetry),
			kefu.WithAccessToken("access-token-must-stay"))
		require.NoError(t, err)
		err = c.ChangeEvent(context.Background(), sampleEvent())
		require.Error(t, err)
		assert.Zero(t, other.got.Load(), "the other origin got nothing")
		assert.NotContains(t, err.Error(), "access-token-must-stay")
	})
	t.Run("stream open", func(t *testing.T) {
		t.Parallel()
		other := newElsewhere(t)
		c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(),
			dingstream.WithBaseURL(redirector(t, other.URL).URL))
		require.NoError(t, err)
		err = c.Run(context.Background())
		var oe *dingstream.OpenError
		require.ErrorAs(t, err, &oe, "Run stops: no retry would succeed")
		assert.True(t, oe.Redirect)
		assert.Equal(t, http.StatusTemporaryRedirect, oe.StatusCode)
		assert.Contains(t, err.Error(), "redirect to another origin refused")
		assert.Zero(t, other.got.Load(), "the other origin got nothing")
		assert.NotContains(t, err.Error(), kefutest.AppSecret)
	})
	t.Run("same origin is followed", func(t *testing.T) {
		t.Parallel()
		var calls atomic.Int32
		mux := http.NewServeMux()
		mux.HandleFunc("/old/", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, strings.TrimPrefix(r.URL.RequestURI(), "/old"), http.StatusTemporaryRedirect)
		})
		mux.HandleFunc(kefu.EventChangePath, func(w http.ResponseWriter, _ *http.Request) {
			calls.Add(1)
			_, _ = w.Write([]byte(`{"errcode":0,"success":true}`))
		})
		srv := httptest.NewServer(mux)
		defer srv.Close()
		c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL+"/old"), kefu.WithAccessToken("t"))
		require.NoError(t, err)
		require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))
		assert.Equal(t, int32(1), calls.Load())
	})
}
