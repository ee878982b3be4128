package dingbot_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/kefutest"
)

func signed(t *testing.T, body []byte) *http.Request {
	t.Helper()
	req, err := kefutest.NewRobotRequest("/robot", kefutest.AppSecret, body)
	require.NoError(t, err)
	return req
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestHandlerVerifiesAndDispatches(t *testing.T) {
	t.Parallel()
	var got []*dingbot.Message
	var mu sync.Mutex
	h, err := dingbot.NewHandler(kefutest.AppSecret, func(_ context.Context, m *dingbot.Message) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, m)
		if m.Text == "fail" {
			return errors.New("cannot answer")
		}
		return nil
	}, dingbot.WithMaxBodySize(64<<10))
	require.NoError(t, err)

	w := serve(h, signed(t, readFile(t, "text.json")))
	assert.Equal(t, http.StatusOK, w.Code)
	require.Len(t, got, 1)
	assert.Equal(t, " 你好", got[0].Text)

	w = serve(h, signed(t, []byte(`{"msgId":"f","msgtype":"text","text":{"content":"fail"}}`)))
	assert.Equal(t, http.StatusInternalServerError, w.Code, "a failed handler is not acknowledged")

	body := readFile(t, "text.json")
	for name, tc := range map[string]struct {
		req  func() *http.Request
		code int
		want error
	}{
		"no sign": {func() *http.Request { r := signed(t, body); r.Header.Del("sign"); return r }, 403, dingbot.ErrMissingSignature},
		"other secret": {func() *http.Request {
			r, _ := kefutest.NewRobotRequest("/robot", "another-secret", body)
			return r
		}, 403, dingbot.ErrSignatureMismatch},
		"an hour old": {func() *http.Request {
			r := signed(t, body)
			ts := strconv.FormatInt(time.Now().Add(-61*time.Minute).UnixMilli(), 10)
			r.Header.Set("timestamp", ts)
			r.Header.Set("sign", dingbot.Sign(kefutest.AppSecret, ts))
			return r
		}, 403, dingbot.ErrStaleTimestamp},
		"GET":      {func() *http.Request { return httptest.NewRequest(http.MethodGet, "/robot", nil) }, 405, nil},
		"too big":  {func() *http.Request { return signed(t, bytes.Repeat([]byte("x"), 65<<10)) }, 413, nil},
		"not JSON": {func() *http.Request { return signed(t, []byte("msg=1")) }, 400, dingbot.ErrInvalidMessage},
	} {
		before := len(got)
		w := serve(h, tc.req())
		assert.Equal(t, tc.code, w.Code, name)
		assert.Len(t, got, before, "%s reached no handler", name)
		assert.NotContains(t, w.Body.String(), kefutest.AppSecret, name)
	}
}

// Fifty concurrent pushes of one message reach the handler once; a failed
// one is dispatched again on the next push.
func TestHandlerHandlesEachMessageOnce(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	var calls atomic.Int32
	release := make(chan struct{})
	h, err := dingbot.NewHandler(kefutest.AppSecret, func(context.Context, *dingbot.Message) error {
		calls.Add(1)
		<-release
		return nil
	}, dingbot.WithDeduplicator(store))
	require.NoError(t, err)
	body := readFile(t, "text.json")
	var wg sync.WaitGroup
	codes := make(chan int, 50)
	for range 50 {
		wg.Go(func() { codes <- serve(h, signed(t, body)).Code })
	}
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 10*time.Second, time.Millisecond)
	close(release)
	wg.Wait()
	close(codes)
	n := map[int]int{}
	for c := range codes {
		n[c]++
	}
	assert.Equal(t, int32(1), calls.Load())
	assert.Equal(t, 50, n[http.StatusOK]+n[http.StatusConflict])
	assert.Equal(t, http.StatusOK, serve(h, signed(t, body)).Code, "after it was handled: acknowledged without dispatch")
	assert.Equal(t, int32(1), calls.Load())
}

// An option of the Sender means nothing to the Handler, and the reverse.
func TestOptionsBelongToOneSide(t *testing.T) {
	t.Parallel()
	fn := func(context.Context, *dingbot.Message) error { return nil }
	_, err := dingbot.NewHandler(kefutest.AppSecret, fn, dingbot.WithBaseURL("https://api.dingtalk.com"))
	assert.ErrorContains(t, err, "WithBaseURL is an option of NewSender")
	store, _ := dedup.NewMemory(time.Minute)
	_, err = dingbot.NewSender(kefutest.RobotCode, staticTokens("t"), dingbot.WithDeduplicator(store))
	assert.ErrorContains(t, err, "WithDeduplicator is an option of NewHandler")
	_, err = dingbot.NewHandler("", fn)
	assert.Error(t, err)
	_, err = dingbot.NewHandler(kefutest.AppSecret, nil)
	assert.Error(t, err)
	_, err = dingbot.NewSender("", staticTokens("t"))
	assert.Error(t, err)
}

type staticTokens string

func (s staticTokens) Token(context.Context) (string, error) { return string(s), nil }
