package kefu_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/kefutest"
)

// echoToken is the access token of the echo server: a literal that must
// never leave the client.
const echoToken = "tok-5ecret-4ccess-t0ken"

// echoServer answers gettoken with echoToken unless told otherwise, and
// answers the event change with reply, which echoes the full request URL
// (token or app secret in the query) the way proxies and errmsgs do.
func echoServer(t *testing.T, gettoken, change func(w http.ResponseWriter, url string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		url := "http://" + r.Host + r.URL.RequestURI()
		switch r.URL.Path {
		case "/gettoken":
			if gettoken != nil {
				gettoken(w, url)
				return
			}
			_, _ = fmt.Fprintf(w, `{"errcode":0,"access_token":%q,"expires_in":7200}`, echoToken)
		case kefu.EventChangePath:
			change(w, url)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func html502(w http.ResponseWriter, url string) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = fmt.Fprintf(w, "<html><body>502 Bad Gateway: upstream %s failed</body></html>", url)
}

// TestNoSecretInErrorsOrLogs: whatever DingTalk or a proxy echoes — the
// request URL in an HTML page, in errmsg, in sub_msg, in a gettoken error,
// the bare token or secret — no error string, error field or log line
// carries the access token or the app secret.
func TestNoSecretInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	jsonErr := func(format string) func(w http.ResponseWriter, url string) {
		return func(w http.ResponseWriter, url string) {
			_, _ = fmt.Fprintf(w, format, url, url)
		}
	}
	cases := map[string]struct {
		gettoken, change func(http.ResponseWriter, string)
	}{
		"HTML 502 on the call":     {change: html502},
		"HTML 502 on gettoken":     {gettoken: html502},
		"errmsg echoes the URL":    {change: jsonErr(`{"errcode":88,"errmsg":"bad request %s","sub_code":"x","sub_msg":"at %s"}`)},
		"busy errmsg, retried":     {change: jsonErr(`{"errcode":-1,"errmsg":"busy %s","sub_msg":"%s"}`)},
		"gettoken errmsg echoes":   {gettoken: jsonErr(`{"errcode":40089,"errmsg":"invalid credentials %s %s"}`)},
		"JSON-looking non-JSON":    {change: jsonErr(`not json {"access_token":"` + echoToken + `","url":"%s %s"}`)},
		"bare literals in errmsg":  {change: jsonErr(`{"errcode":88,"errmsg":"token ` + echoToken + ` and secret ` + kefutest.AppSecret + ` %.0s%.0s"}`)},
		"escaped token in a query": {change: jsonErr(`{"errcode":88,"errmsg":"%s","sub_msg":"access_token%%3D` + echoToken + ` %.0s"}`)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := echoServer(t, tc.gettoken, tc.change)
			logs := &kefutest.LogBuffer{}
			c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
				kefu.WithLogger(logs.Logger()), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
			require.NoError(t, err)
			err = c.ChangeEvent(context.Background(), sampleEvent())
			require.Error(t, err)

			texts := []string{err.Error(), logs.String()}
			var apiErr *kefu.APIError
			if errors.As(err, &apiErr) {
				texts = append(texts, apiErr.Message, apiErr.SubMessage, apiErr.SubCode)
			}
			var httpErr *kefu.HTTPError
			if errors.As(err, &httpErr) {
				texts = append(texts, httpErr.Snippet)
			}
			all := strings.Join(texts, "\n")
			assert.NotContains(t, all, echoToken)
			assert.NotContains(t, all, kefutest.AppSecret)
			assert.Contains(t, all, "REDACTED", "the echo was there, redacted")
		})
	}
}

// The access-token fetch obeys the client's timeout: with WithTimeout and a
// /gettoken that never answers, ChangeEvent fails with the attempts' own
// timeouts, retried, long before the caller's context ends (it used to wait
// a fixed 30 s).
func TestTokenFetchObeysClientTimeout(t *testing.T) {
	t.Parallel()
	var fetches atomic.Int32
	srv := echoServer(t, func(http.ResponseWriter, string) {
		fetches.Add(1)
		time.Sleep(2 * time.Second) // hung, as far as a 50 ms timeout is concerned
	}, nil)
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
		kefu.WithTimeout(50*time.Millisecond), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	err = c.ChangeEvent(ctx, sampleEvent())
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, ctx.Err(), "the call ended on the client's timeout, not the caller's")
	assert.Contains(t, err.Error(), "fetching the access token")
	assert.NotContains(t, err.Error(), kefutest.AppSecret)
	assert.Equal(t, int32(fastRetry.MaxAttempts), fetches.Load(), "a timed-out fetch is retried")
}

// An attempt that runs out of the client's timeout is a transport error:
// it is retried within MaxAttempts.
func TestAttemptTimeoutIsRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := echoServer(t, nil, func(w http.ResponseWriter, _ string) {
		if calls.Add(1) == 1 {
			time.Sleep(time.Second) // the first attempt times out
			return
		}
		_, _ = fmt.Fprint(w, `{"errcode":0,"success":true}`)
	})
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
		kefu.WithTimeout(100*time.Millisecond), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))
	assert.Equal(t, int32(2), calls.Load())
}

// The caller's own cancelled context stops at once, without a retry.
func TestCallerContextStopsRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	srv := echoServer(t, nil, func(w http.ResponseWriter, _ string) {
		calls.Add(1)
		cancel()
		_, _ = fmt.Fprint(w, `{"errcode":-1,"errmsg":"busy"}`)
	})
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
		kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	err = c.ChangeEvent(ctx, sampleEvent())
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, int32(1), calls.Load())
}

// Answers over the size limit are not read: a clear *HTTPError, for the
// call and for gettoken (a 256 MiB answer used to allocate 573 MiB).
func TestAnswerSizeLimit(t *testing.T) {
	t.Parallel()
	big := func(w http.ResponseWriter, _ string) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"errmsg":"` + strings.Repeat("x", 64<<10) + `"}`))
	}
	for name, srv := range map[string]*httptest.Server{
		"call":     echoServer(t, nil, big),
		"gettoken": echoServer(t, big, nil),
	} {
		c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
			kefu.WithMaxResponseSize(32<<10), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
		require.NoError(t, err)
		err = c.ChangeEvent(context.Background(), sampleEvent())
		require.ErrorIs(t, err, kefu.ErrResponseTooLarge, name)
		var httpErr *kefu.HTTPError
		require.ErrorAs(t, err, &httpErr, name)
		assert.Equal(t, 32<<10, httpErr.BodyLimit, name)
		assert.Equal(t, http.StatusOK, httpErr.StatusCode, name)
		assert.Contains(t, err.Error(), "over the 32768-byte limit", name)
	}
	_, err := kefu.NewClient(kefu.WithMaxResponseSize(0), kefu.WithAccessToken("t"))
	require.Error(t, err)
}

// assertNoPiece fails when text holds any 8 bytes of secret in a row.
func assertNoPiece(t *testing.T, text, secret, msg string) {
	t.Helper()
	for i := 0; i+8 <= len(secret); i++ {
		if strings.Contains(text, secret[i:i+8]) {
			t.Errorf("%s: holds %q, a piece of a secret:\n%s", msg, secret[i:i+8], text)
			return
		}
	}
}

// A secret echoed across the 200-byte cut of an HTTPError's snippet is
// redacted whole: the text is redacted before it is cut.
func TestNoSecretPieceAcrossTheCut(t *testing.T) {
	t.Parallel()
	for pad := 160; pad <= 200; pad += 4 {
		srv := echoServer(t, nil, func(w http.ResponseWriter, _ string) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = fmt.Fprintf(w, "%s%s %s", strings.Repeat("x", pad), echoToken, kefutest.AppSecret)
		})
		logs := &kefutest.LogBuffer{}
		c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithRetry(fastRetry),
			kefu.WithLogger(logs.Logger()), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
		require.NoError(t, err)
		err = c.ChangeEvent(context.Background(), sampleEvent())
		var httpErr *kefu.HTTPError
		require.ErrorAs(t, err, &httpErr)
		for _, text := range []string{err.Error(), httpErr.Snippet, logs.String()} {
			assertNoPiece(t, text, echoToken, fmt.Sprintf("pad %d", pad))
			assertNoPiece(t, text, kefutest.AppSecret, fmt.Sprintf("pad %d", pad))
		}
	}
}
