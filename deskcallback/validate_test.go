package deskcallback_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
)

func TestValidateRequest(t *testing.T) {
	t.Parallel()
	body := `{"CallbackCommand":"Desk.SessionEventNotify","Event":"SessionBegin"}`
	req, err := kefutest.NewDeskRequest("http://example.com/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
		deskcallback.CommandSessionEventNotify, body)
	require.NoError(t, err)
	got, err := deskcallback.ValidateRequest(req, kefutest.DeskSdkAppID, kefutest.DeskToken)
	require.NoError(t, err)
	assert.JSONEq(t, body, string(got))

	req, _ = kefutest.NewDeskRequest("http://example.com/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
		deskcallback.CommandSessionEventNotify, body)
	_, err = deskcallback.ValidateRequest(req, "1400000000", kefutest.DeskToken)
	assert.ErrorIs(t, err, deskcallback.ErrWrongSdkAppID)

	req, _ = kefutest.NewDeskRequest("http://example.com/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
		deskcallback.CommandSessionEventNotify, body)
	_, err = deskcallback.ValidateRequest(req, kefutest.DeskSdkAppID, "another-token")
	assert.ErrorIs(t, err, deskcallback.ErrSignatureMismatch)
	assert.NotContains(t, err.Error(), kefutest.DeskToken)

	req, _ = kefutest.NewDeskRequest("http://example.com/desk", kefutest.DeskSdkAppID, "",
		deskcallback.CommandSessionEventNotify, body)
	_, err = deskcallback.ValidateRequest(req, kefutest.DeskSdkAppID, kefutest.DeskToken)
	assert.ErrorIs(t, err, deskcallback.ErrMissingSignature)
	_, err = deskcallback.ValidateRequest(req, kefutest.DeskSdkAppID, "")
	assert.NoError(t, err, "an empty token skips the signature, as WithoutSignature")

	req, _ = kefutest.NewDeskRequest("http://example.com/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
		deskcallback.CommandSessionEventNotify, bytes.Repeat([]byte(" "), deskcallback.DefaultMaxBodySize+1))
	_, err = deskcallback.ValidateRequest(req, kefutest.DeskSdkAppID, kefutest.DeskToken)
	var tooBig *http.MaxBytesError
	assert.True(t, errors.As(err, &tooBig), "%v", err)
}

// WithHandlerTimeout answers FAIL when the handler outruns it, and cancels
// the handler's context.
func TestHandlerTimeout(t *testing.T) {
	t.Parallel()
	cancelled := make(chan struct{})
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(ctx context.Context, _ *deskcallback.Query, _ *deskcallback.SessionEvent) error {
			<-ctx.Done()
			close(cancelled)
			return nil
		},
	}, deskcallback.WithHandlerTimeout(20*time.Millisecond))
	status, a := s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"SessionBegin"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "FAIL", a.ActionStatus)
	assert.Equal(t, deskcallback.CodeHandlerFailed, a.ErrorCode)
	<-cancelled
	assert.Contains(t, s.logs.String(), "did not finish")
	_, err := deskcallback.New(deskcallback.Config{SdkAppID: "1", Token: "t",
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }},
		deskcallback.WithHandlerTimeout(0))
	assert.Error(t, err)
}

// With a Deduplicator, a callback sent twice reaches its handler once.
func TestHandlerDeduplicates(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	calls := 0
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error {
			calls++
			return nil
		},
	}, deskcallback.WithDeduplicator(store))
	body := `{"Event":"ChatBot.UserSendMsg","SessionId":"s1","MsgKey":"k1"}`
	for range 3 {
		status, a := s.send(t, deskcallback.CommandSessionEventNotify, body)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "OK", a.ActionStatus)
	}
	assert.Equal(t, 1, calls)
	_, a := s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"ChatBot.UserSendMsg","SessionId":"s1","MsgKey":"k2"}`)
	assert.Equal(t, "OK", a.ActionStatus)
	assert.Equal(t, 2, calls)
	_, err = deskcallback.New(deskcallback.Config{SdkAppID: "1", Token: "t",
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }},
		deskcallback.WithDeduplicator(nil))
	assert.Error(t, err)
}

// A second delivery while the first is in flight is answered FAIL with
// CodeInFlight, without reaching the handler.
func TestHandlerInFlightDuplicate(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	entered, release := make(chan struct{}), make(chan struct{})
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error {
			close(entered)
			<-release
			return nil
		},
	}, deskcallback.WithDeduplicator(store))
	body := `{"Event":"SessionBegin","SessionId":"s-inflight"}`
	first := make(chan answer, 1)
	go func() { _, a := s.send(t, deskcallback.CommandSessionEventNotify, body); first <- a }()
	<-entered
	_, a := s.send(t, deskcallback.CommandSessionEventNotify, body)
	assert.Equal(t, "FAIL", a.ActionStatus)
	assert.Equal(t, deskcallback.CodeInFlight, a.ErrorCode)
	close(release)
	assert.Equal(t, "OK", (<-first).ActionStatus)
}

// ValidateRequest's errors carry the status the Handler answers and name
// the package once.
func TestValidateRequestStatusAndMessages(t *testing.T) {
	t.Parallel()
	status := func(err error) int {
		var sc interface{ StatusCode() int }
		if errors.As(err, &sc) {
			return sc.StatusCode()
		}
		return 0
	}
	body := `{"CallbackCommand":"Desk.SessionEventNotify"}`
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		status int
		msg    string
	}{
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/desk", nil) },
			http.StatusMethodNotAllowed, "deskcallback: method not allowed: callbacks are POST"},
		{"other app", func() *http.Request {
			r, _ := kefutest.NewDeskRequest("/desk", "1400000999", kefutest.DeskToken, deskcallback.CommandSessionEventNotify, body)
			return r
		}, http.StatusForbidden, "deskcallback: SdkAppid does not match"},
		{"bad sign", func() *http.Request {
			r, _ := kefutest.NewDeskRequest("/desk", kefutest.DeskSdkAppID, "another-token", deskcallback.CommandSessionEventNotify, body)
			return r
		}, http.StatusForbidden, "deskcallback: signature mismatch"},
	} {
		_, err := deskcallback.ValidateRequest(tc.req(), kefutest.DeskSdkAppID, kefutest.DeskToken)
		require.Error(t, err, tc.name)
		assert.Equal(t, tc.status, status(err), tc.name)
		assert.Equal(t, tc.msg, err.Error(), tc.name)
	}
}
