package dingcallback_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

type fixture struct {
	crypto *dingcallback.Crypto
	srv    *httptest.Server
	logs   *kefutest.LogBuffer
}

func newServer(t *testing.T, r *event.Router, opts ...dingcallback.Option) fixture {
	t.Helper()
	c := kefutest.NewDingTalkCrypto()
	logs := &kefutest.LogBuffer{}
	h, err := dingcallback.New(c, r, append([]dingcallback.Option{dingcallback.WithLogger(logs.Logger())}, opts...)...)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		// No secret in any log line of any test.
		out := logs.String()
		assert.NotContains(t, out, kefutest.DingTalkToken)
		assert.NotContains(t, out, kefutest.DingTalkAESKey)
	})
	return fixture{crypto: c, srv: srv, logs: logs}
}

func (f fixture) post(t *testing.T, payload any) *http.Response {
	t.Helper()
	req, err := kefutest.NewDingTalkRequest(f.crypto, f.srv.URL+"/callback", payload)
	require.NoError(t, err)
	resp, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

func replyOf(t *testing.T, f fixture, resp *http.Response) string {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var r dingcallback.Reply
	require.NoError(t, json.Unmarshal(body, &r))
	assert.Equal(t, refSign(kefutest.DingTalkToken, r.TimeStamp, r.Nonce, r.Encrypt), r.MsgSignature)
	msg, err := f.crypto.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt)
	require.NoError(t, err)
	return string(msg)
}

func errorOf(t *testing.T, resp *http.Response, status int) string {
	t.Helper()
	assert.Equal(t, status, resp.StatusCode)
	var e struct{ Error string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	assert.NotContains(t, e.Error, "success")
	return e.Error
}

func TestHandlerCheckURL(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { return errors.New("must not be called") })
	f := newServer(t, r)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"check_url"}`)))
}

func TestHandlerSuiteChecksAnswerRandom(t *testing.T) {
	t.Parallel()
	f := newServer(t, event.NewRouter())
	assert.Equal(t, "Ta8mR3d1", replyOf(t, f, f.post(t, `{"EventType":"check_create_suite_url","Random":"Ta8mR3d1","TestSuiteKey":"suite4x"}`)))
	assert.Equal(t, "Ta8mR3d2", replyOf(t, f, f.post(t, `{"EventType":"check_update_suite_url","Random":"Ta8mR3d2"}`)))
}

func TestHandlerDispatchesTypedEvent(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	got := make(chan *event.OrgUserAdd, 1)
	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
		require.NoError(t, ctx.Err())
		got <- e
		return nil
	})
	f := newServer(t, r)
	resp := f.post(t, `{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"user_add_org","UserId":["184919295227658120"],"OptStaffId":"manager164","TimeStamp":"1640921671286"}`)
	assert.Equal(t, "success", replyOf(t, f, resp))
	e := <-got
	assert.Equal(t, []string{"184919295227658120"}, e.UserIDs)
	assert.Equal(t, event.Millis(1640921671286), e.TimeStamp)
}

func TestHandlerReplyTimestampUsesClock(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.UnixMilli(1700000000123) }
	f := newServer(t, event.NewRouter(), dingcallback.WithClock(clock))
	resp := f.post(t, `{"EventType":"org_change"}`)
	var r dingcallback.Reply
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&r))
	assert.Equal(t, "1700000000123", r.TimeStamp)
}

func TestHandlerFailureIsNotAcknowledged(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	event.Handle(r, func(context.Context, *event.OrgUserAdd) error { return errors.New("database down") })
	event.Handle(r, func(context.Context, *event.OrgUserLeave) error { panic("nil map") })
	event.Handle(r, func(ctx context.Context, _ *event.OrgChange) error {
		<-ctx.Done()
		return nil // even a late nil is not an acknowledgement after the timeout
	})
	event.Handle(r, func(context.Context, *event.OrgRemove) error {
		time.Sleep(time.Second) // ignores its context entirely
		return nil
	})
	f := newServer(t, r, dingcallback.WithHandlerTimeout(50*time.Millisecond))

	for _, body := range []string{
		`{"EventType":"user_add_org","UserId":["u1"]}`,
		`{"EventType":"user_leave_org","UserId":["u1"]}`,
		`{"EventType":"org_change"}`,
		`{"EventType":"org_remove"}`,
	} {
		resp := f.post(t, body)
		assert.Equal(t, "event handler failed", errorOf(t, resp, http.StatusInternalServerError), body)
	}
	logs := f.logs.String()
	assert.Contains(t, logs, "database down")
	assert.Contains(t, logs, "panicked")
	assert.Contains(t, logs, "did not finish")
}

func TestHandlerRejectsBadRequests(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { calls.Add(1); return nil })
	f := newServer(t, r, dingcallback.WithMaxBodySize(4096))

	good, err := kefutest.NewDingTalkRequest(f.crypto, f.srv.URL, `{"EventType":"org_change"}`)
	require.NoError(t, err)
	goodBody, err := io.ReadAll(good.Body)
	require.NoError(t, err)
	q := good.URL.Query()

	other, err := dingcallback.NewCrypto(kefutest.DingTalkToken, kefutest.DingTalkAESKey, "dingother")
	require.NoError(t, err)
	wrongOwner, err := kefutest.NewDingTalkRequest(other, f.srv.URL, `{"EventType":"org_change"}`)
	require.NoError(t, err)

	signed := func(plain string) *http.Request {
		req, err := kefutest.NewDingTalkRequest(f.crypto, f.srv.URL, plain)
		require.NoError(t, err)
		return req
	}
	withQuery := func(mod func(url.Values)) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = append([]string(nil), vs...)
		}
		mod(v)
		return f.srv.URL + "?" + v.Encode()
	}
	post := func(target string, body []byte) *http.Request {
		req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
		require.NoError(t, err)
		return req
	}

	tests := []struct {
		name   string
		req    *http.Request
		status int
		msg    string
	}{
		{"GET", func() *http.Request {
			req, _ := http.NewRequest(http.MethodGet, withQuery(func(url.Values) {}), nil)
			return req
		}(), http.StatusMethodNotAllowed, "method not allowed"},
		{"forged signature", post(withQuery(func(v url.Values) {
			v.Set("signature", strings.Repeat("0", 40))
			v.Set("msg_signature", strings.Repeat("0", 40))
		}), goodBody), http.StatusForbidden, "signature mismatch"},
		{"wrong owner", wrongOwner, http.StatusForbidden, "owner key mismatch"},
		{"missing nonce", post(withQuery(func(v url.Values) { v.Del("nonce") }), goodBody), http.StatusBadRequest, "missing"},
		{"oversized body", post(withQuery(func(url.Values) {}), bytes.Repeat([]byte("a"), 5000)), http.StatusRequestEntityTooLarge, "too large"},
		{"empty body", post(withQuery(func(url.Values) {}), nil), http.StatusBadRequest, "not {"},
		{"non-JSON body", post(withQuery(func(url.Values) {}), []byte("encrypt=abc")), http.StatusBadRequest, "not {"},
		{"empty encrypt", post(withQuery(func(url.Values) {}), []byte(`{"encrypt":""}`)), http.StatusBadRequest, "empty encrypt"},
		{"plaintext not JSON", signed("success"), http.StatusBadRequest, "invalid event payload"},
		{"plaintext without type", signed(`{"CorpId":"ding1"}`), http.StatusBadRequest, "invalid event payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.srv.Client().Do(tt.req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Contains(t, errorOf(t, resp, tt.status), tt.msg)
			if tt.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, resp.Header.Get("Allow"))
			}
		})
	}
	assert.Zero(t, calls.Load(), "nothing is dispatched for a bad request")
	assert.Contains(t, f.logs.String(), "request rejected")
}

func TestHandlerReplayWindow(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Now().Add(-time.Hour) }
	f := newServer(t, event.NewRouter(), dingcallback.WithClock(clock), dingcallback.WithReplayWindow(5*time.Minute))
	assert.Contains(t, errorOf(t, f.post(t, `{"EventType":"org_change"}`), http.StatusBadRequest), "replay window")

	f = newServer(t, event.NewRouter(), dingcallback.WithReplayWindow(5*time.Minute))
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"org_change"}`)))
}

func TestHandlerDeduplicates(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	fail := atomic.Bool{}
	fail.Store(true)
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error {
		calls.Add(1)
		if fail.Load() {
			return errors.New("first attempt fails")
		}
		return nil
	})
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	f := newServer(t, r, dingcallback.WithDeduplicator(store))

	body := `{"EventType":"user_add_org","eventId":"e-42","UserId":["u1"]}`
	errorOf(t, f.post(t, body), http.StatusInternalServerError) // failed: not remembered
	fail.Store(false)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body)))
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body))) // redelivery: acknowledged, not dispatched
	assert.Equal(t, int32(2), calls.Load())

	// Without an EventID the plaintext's hash is the key.
	legacy := `{"EventType":"org_change","TimeStamp":"1640672244103"}`
	assert.Equal(t, "success", replyOf(t, f, f.post(t, legacy)))
	assert.Equal(t, "success", replyOf(t, f, f.post(t, legacy)))
	assert.Equal(t, int32(3), calls.Load())
	assert.Equal(t, 2, store.Len())
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	c := kefutest.NewDingTalkCrypto()
	r := event.NewRouter()
	for name, opt := range map[string]dingcallback.Option{
		"body size":    dingcallback.WithMaxBodySize(0),
		"clock":        dingcallback.WithClock(nil),
		"window":       dingcallback.WithReplayWindow(-time.Second),
		"timeout":      dingcallback.WithHandlerTimeout(0),
		"deduplicator": dingcallback.WithDeduplicator(nil),
	} {
		h, err := dingcallback.New(c, r, opt)
		assert.Nil(t, h, name)
		assert.Error(t, err, name)
	}
	_, err := dingcallback.New(nil, r)
	assert.Error(t, err)
	_, err = dingcallback.New(c, nil)
	assert.Error(t, err)
	assert.Panics(t, func() { dingcallback.NewHandler(c, r, dingcallback.WithMaxBodySize(-1)) })
}

// failingDedup fails every call: the handler must still dispatch and answer.
type failingDedup struct{}

func (failingDedup) Claim(context.Context, string, time.Duration) (dedup.Claim, error) {
	return dedup.Claim{}, errors.New("redis down")
}
func (failingDedup) Complete(context.Context, dedup.Claim) error { return errors.New("redis down") }
func (failingDedup) Release(context.Context, dedup.Claim) error  { return errors.New("redis down") }

func TestHandlerDeduplicatorFailureStillDispatches(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { calls.Add(1); return nil })
	f := newServer(t, r, dingcallback.WithDeduplicator(failingDedup{}))
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"org_change","eventId":"e1"}`)))
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"org_change","eventId":"e1"}`)))
	assert.Equal(t, int32(2), calls.Load(), "without a working deduplicator, delivery is at least once")
	assert.Contains(t, f.logs.String(), "redis down")
}

func TestHandlerReplayWindowNeedsNumericTimestamp(t *testing.T) {
	t.Parallel()
	f := newServer(t, event.NewRouter(), dingcallback.WithReplayWindow(time.Minute))
	req, err := kefutest.NewDingTalkRequest(f.crypto, f.srv.URL, `{"EventType":"org_change"}`)
	require.NoError(t, err)
	q := req.URL.Query()
	q.Set("timestamp", "yesterday")
	req.URL.RawQuery = q.Encode()
	resp, err := f.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "timestamp is not a number", errorOf(t, resp, http.StatusBadRequest))
}

// A payload of a known type that does not decode (a field of an unexpected
// type) still reaches the Router as *event.Unknown with Err set; with no
// handler able to take it, the receiver does not acknowledge it and logs it
// at error level with its type and id, so DingTalk delivers it again.
func TestHandlerDeliversUndecodablePayloads(t *testing.T) {
	t.Parallel()
	body := `{"EventType":"user_add_org","eventId":"e-undecodable","UserId":{"unexpected":true}}`

	f := newServer(t, event.NewRouter())
	errorOf(t, f.post(t, body), http.StatusInternalServerError)
	logs := f.logs.String()
	assert.Contains(t, logs, "level=ERROR")
	assert.Contains(t, logs, "event_type=user_add_org")
	assert.Contains(t, logs, "event_id=e-undecodable")

	var got *event.Unknown
	r := event.NewRouter()
	event.Handle(r, func(context.Context, *event.OrgUserAdd) error { t.Error("typed handler called"); return nil })
	r.HandleDefault(func(_ context.Context, ev event.Event) error {
		got, _ = ev.(*event.Unknown)
		return nil
	})
	f = newServer(t, r)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, body)))
	require.NotNil(t, got)
	assert.Equal(t, "e-undecodable", got.EventID)
	var de *event.DecodeError
	require.ErrorAs(t, got.Err, &de)
	assert.Equal(t, "UserId", de.Field)
	assert.JSONEq(t, body, string(got.Raw))
}

// An event no handler takes is accepted, and said so at debug level.
func TestHandlerLogsEventsNoHandlerTook(t *testing.T) {
	t.Parallel()
	r := event.NewRouter()
	event.Handle(r, func(context.Context, *event.OrgUserAdd) error { return nil })
	f := newServer(t, r)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"org_change","eventId":"e-nobody"}`)))
	assert.Contains(t, f.logs.String(), `level=DEBUG msg="dingcallback: no handler for the event" event_type=org_change event_id=e-nobody`)
	assert.Equal(t, "success", replyOf(t, f, f.post(t, `{"EventType":"user_add_org","eventId":"e-taken"}`)))
	assert.NotContains(t, f.logs.String(), `no handler for the event" event_type=user_add_org event_id=e-taken`)
	assert.Contains(t, f.logs.String(), `level=DEBUG msg="dingcallback: event accepted" event_type=user_add_org event_id=e-taken outcome=accepted`)
}
