package deskapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
)

var fastRetry = deskapi.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxElapsed: 10 * time.Second}

func newClient(t *testing.T, opts ...deskapi.Option) (*deskapi.Client, *kefutest.DeskServer) {
	t.Helper()
	srv := kefutest.NewDeskServer()
	t.Cleanup(srv.Close)
	c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey,
		append([]deskapi.Option{deskapi.WithBaseURL(srv.URL), deskapi.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c, srv
}

func TestEveryCall(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newClient(t)

	require.NoError(t, c.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: "s-1", MsgBody: deskapi.Text("您好"), CloudCustomData: "cd"}))
	srv.Script(kefutest.DeskReply{Fields: map[string]any{"AgentId": "a@example.com", "IsInQueue": 1}})
	tr, err := c.TransferToHuman(ctx, &deskapi.TransferRequest{SessionID: "s-1", AgentIDs: []string{"a@example.com"},
		AgentGroupID: 7, SendTipIfNoAgentOnline: true})
	require.NoError(t, err)
	assert.Equal(t, &deskapi.TransferResult{AgentID: "a@example.com", IsInQueue: true}, tr)
	require.NoError(t, c.EndSession(ctx, "s-1"))
	srv.Script(kefutest.DeskReply{Fields: map[string]any{"SessionId": "s-1", "CurrentState": "Agent", "AgentId": "a@example.com"}})
	st, err := c.SessionState(ctx, &deskapi.SessionStateRequest{ClientUserID: "u", CustomerServiceID: "@cs"})
	require.NoError(t, err)
	assert.Equal(t, &deskapi.SessionState{SessionID: "s-1", CurrentState: deskapi.StateAgent, AgentID: "a@example.com"}, st)
	srv.Script(kefutest.DeskReply{Fields: map[string]any{"TotalCount": 1, "Messages": []any{map[string]any{
		"FromAccount": "u", "FromAccountRole": 1, "Timestamp": 1725540020017,
		"MsgBody": []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": "hi"}}}}}}})
	msgs, err := c.ChatMessages(ctx, &deskapi.ChatMessagesRequest{SessionID: "s-1", Limit: 100, Order: deskapi.OrderAscending})
	require.NoError(t, err)
	require.Len(t, msgs.Messages, 1)
	text, _ := msgs.Messages[0].MsgBody[0].Text()
	assert.Equal(t, "hi", text)
	assert.Equal(t, deskcallback.Millis(1725540020017), msgs.Messages[0].Timestamp)

	calls := srv.Calls()
	require.Len(t, calls, 5)
	var commands []string
	for _, c := range calls {
		commands = append(commands, c.Command)
	}
	assert.Equal(t, []string{"send_msg", "transfer_to_human", "end_session", "get_session_state", "describe_chat_messages"}, commands)
	var sent map[string]any
	require.NoError(t, json.Unmarshal(calls[0].Body, &sent))
	assert.Equal(t, "s-1", sent["SessionId"])
	assert.Equal(t, "cd", sent["CloudCustomData"])
	assert.NotZero(t, sent["MsgRandom"], "a random MsgRandom")
	assert.Equal(t, []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]any{"Text": "您好"}}}, sent["MsgBody"])
	assert.JSONEq(t, `{"SessionId":"s-1","AgentIdList":["a@example.com"],"AgentGroupId":7,"SendTipIfNoAgentOnline":1}`, string(calls[1].Body))
	assert.JSONEq(t, `{"SessionId":"s-1"}`, string(calls[2].Body))
	assert.JSONEq(t, `{"ClientUserId":"u","CustomerServiceId":"@cs"}`, string(calls[3].Body))
	assert.JSONEq(t, `{"SessionId":"s-1","Limit":100,"Order":1}`, string(calls[4].Body))
	assert.Equal(t, 1, srv.UserSigs(), "one UserSig for every call")
}

func TestInvalidRequestsAreNotSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, srv := newClient(t)
	for name, err := range map[string]error{
		"send nil":      c.SendMsg(ctx, nil),
		"send nobody":   c.SendMsg(ctx, &deskapi.SendMsgRequest{MsgBody: deskapi.Text("x")}),
		"send empty":    c.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: "s"}),
		"transfer":      errOnly(c.TransferToHuman(ctx, &deskapi.TransferRequest{})),
		"end":           c.EndSession(ctx, ""),
		"state":         errOnly(c.SessionState(ctx, &deskapi.SessionStateRequest{ClientUserID: "u"})),
		"messages over": errOnly(c.ChatMessages(ctx, &deskapi.ChatMessagesRequest{SessionID: "s", Limit: 101})),
	} {
		assert.ErrorIs(t, err, deskapi.ErrInvalidRequest, name)
	}
	assert.Empty(t, srv.Calls())
}

func errOnly[T any](_ T, err error) error { return err }

// Desk answers 70001 once: the client renews the UserSig and calls again,
// once, and the call succeeds.
func TestExpiredUserSigIsRenewedOnce(t *testing.T) {
	t.Parallel()
	// A clock a second further at each reading, so that a renewal is a
	// new UserSig (one generated in the same second is the same string).
	var tick atomic.Int64
	c, srv := newClient(t, deskapi.WithClock(func() time.Time { return time.Now().Add(time.Duration(tick.Add(1)) * time.Second) }))
	srv.ExpireUserSigOnce()
	require.NoError(t, c.EndSession(context.Background(), "s-1"))
	assert.Equal(t, 2, srv.UserSigs(), "a new UserSig for the repeat")
	// Rejected twice: the second rejection is the caller's answer.
	srv.ExpireUserSigOnce()
	srv.ExpireUserSigOnce()
	err := c.EndSession(context.Background(), "s-1")
	var apiErr *deskapi.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 70001, apiErr.ErrorCode)
	assert.True(t, apiErr.UserSigRejected())
	assert.False(t, apiErr.Retryable())
}

// Concurrent callers at the renewal time cause one renewal.
func TestConcurrentCallersRenewOnce(t *testing.T) {
	t.Parallel()
	clock := kefutest.NewClock(time.Now())
	c, srv := newClient(t, deskapi.WithClock(clock.Now), deskapi.WithUserSigExpiry(time.Hour))
	require.NoError(t, c.EndSession(context.Background(), "s-0"))
	clock.Advance(31 * time.Minute) // past half the lifetime
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			assert.NoError(t, c.EndSession(context.Background(), fmt.Sprintf("s-%d", i)))
		})
	}
	wg.Wait()
	assert.Equal(t, 2, srv.UserSigs(), "the first UserSig and one renewal for 50 callers")
	assert.Len(t, srv.Calls(), 51)
}

func TestRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, tc := range map[string]struct {
		replies []kefutest.DeskReply
		ok      bool
		calls   int
	}{
		"5xx then OK":        {[]kefutest.DeskReply{{Status: 502}, {}}, true, 2},
		"busy then OK":       {[]kefutest.DeskReply{{ErrorCode: 141002, ErrorInfo: "internal error, retry"}, {}}, true, 2},
		"rate limit then OK": {[]kefutest.DeskReply{{ErrorCode: 60018}, {}}, true, 2},
		"busy three times":   {[]kefutest.DeskReply{{ErrorCode: 60019}, {ErrorCode: 60019}, {ErrorCode: 60019}}, false, 3},
		"caller's fault":     {[]kefutest.DeskReply{{ErrorCode: 141004, ErrorInfo: "invalid parameter"}}, false, 1},
		"no such session":    {[]kefutest.DeskReply{{ErrorCode: 90002}}, false, 1},
		"not a Desk app":     {[]kefutest.DeskReply{{ErrorCode: 141000}}, false, 1},
		"no administrator":   {[]kefutest.DeskReply{{ErrorCode: 60010}}, false, 1},
	} {
		c, srv := newClient(t)
		srv.Script(tc.replies...)
		err := c.EndSession(ctx, "s-1")
		if tc.ok {
			assert.NoError(t, err, name)
		} else {
			assert.Error(t, err, name)
		}
		assert.Len(t, srv.Calls(), tc.calls, name)
	}
}

func TestHangingCallEndsWithTheContext(t *testing.T) {
	t.Parallel()
	c, srv := newClient(t)
	srv.Script(kefutest.DeskReply{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := c.EndSession(ctx, "s-1")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotContains(t, err.Error(), "usersig=e", "the UserSig is redacted from the URL")
}

// No secret key and no UserSig in an error, whatever Desk or a proxy
// echoes, nor in a printed or logged Client.
func TestNoSecretInErrorsOrPrints(t *testing.T) {
	t.Parallel()
	var seen []string
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sig := r.URL.Query().Get("usersig")
		seen = append(seen, sig)
		if len(seen) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = fmt.Fprintf(w, "<html>bad gateway for %s (usersig %s, key %s)</html>", r.URL.String(), sig, kefutest.DeskSecretKey)
			return
		}
		_, _ = fmt.Fprintf(w, `{"ActionStatus":"FAIL","ErrorCode":60004,"ErrorInfo":"bad sig %s key %s url %s"}`, sig, kefutest.DeskSecretKey, r.URL.String())
	})
	srv := newHTTPServer(t, mux)
	c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithBaseURL(srv),
		deskapi.WithRetry(fastRetry))
	require.NoError(t, err)
	err = c.EndSession(context.Background(), "s-1")
	require.Error(t, err)
	require.NotEmpty(t, seen)
	texts := []string{err.Error(), fmt.Sprintf("%v %+v %#v %s %q", c, c, c, c, c)}
	for _, text := range texts {
		assert.NotContains(t, text, kefutest.DeskSecretKey)
		for _, sig := range seen {
			assert.NotContains(t, text, sig[:40])
		}
	}
	assert.Contains(t, texts[1], "[REDACTED]")
	assert.Contains(t, texts[1], "administrator")
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]deskapi.Option{
		"base":   deskapi.WithBaseURL("ftp://u:pw@h"),
		"http":   deskapi.WithHTTPClient(nil),
		"expiry": deskapi.WithUserSigExpiry(time.Second),
		"retry":  deskapi.WithRetry(deskapi.RetryPolicy{}),
		"size":   deskapi.WithMaxResponseSize(0),
		"clock":  deskapi.WithClock(nil),
	} {
		_, err := deskapi.New(1, "a", "k", opt)
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), "pw", name)
	}
	for name, err := range map[string]error{
		"app":   errOnly(deskapi.New(0, "a", "k")),
		"admin": errOnly(deskapi.New(1, "", "k")),
		"key":   errOnly(deskapi.New(1, "a", "")),
	} {
		assert.Error(t, err, name)
	}
}

func TestOversizedAnswer(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"` + strings.Repeat("x", 64<<10) + `"}`))
	})
	c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey,
		deskapi.WithBaseURL(newHTTPServer(t, mux)), deskapi.WithMaxResponseSize(1024), deskapi.WithRetry(fastRetry))
	require.NoError(t, err)
	err = c.EndSession(context.Background(), "s")
	require.ErrorIs(t, err, deskapi.ErrBadAnswer)
	var ae *deskapi.AnswerError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, 1024, ae.BodyLimit)
}
