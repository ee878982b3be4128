package deskcallback_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

type answer struct {
	ActionStatus string
	ErrorInfo    string
	ErrorCode    int
	AgentGroupID int64          `json:"AgentGroupId"`
	AgentIDList  []string       `json:"AgentIdList"`
	Body         map[string]any `json:"Body"`
}

type server struct {
	srv  *httptest.Server
	logs *kefutest.LogBuffer
}

func newDeskServer(t *testing.T, cfg deskcallback.Config, opts ...deskcallback.Option) server {
	t.Helper()
	if cfg.SdkAppID == "" {
		cfg.SdkAppID = kefutest.DeskSdkAppID
	}
	if cfg.Token == "" {
		cfg.Token = kefutest.DeskToken
	}
	logs := &kefutest.LogBuffer{}
	h, err := deskcallback.New(cfg, append([]deskcallback.Option{deskcallback.WithLogger(logs.Logger())}, opts...)...)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		assert.NotContains(t, logs.String(), kefutest.DeskToken, "the token never reaches a log line")
	})
	return server{srv: srv, logs: logs}
}

func (s server) do(t *testing.T, req *http.Request) (int, answer) {
	t.Helper()
	resp, err := s.srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json; charset=utf-8", resp.Header.Get("Content-Type"))
	var a answer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&a))
	return resp.StatusCode, a
}

func (s server) send(t *testing.T, command string, body any) (int, answer) {
	t.Helper()
	req, err := kefutest.NewDeskRequest(s.srv.URL+"/desk", kefutest.DeskSdkAppID, kefutest.DeskToken, command, body)
	require.NoError(t, err)
	return s.do(t, req)
}

func TestHandlerSessionEvent(t *testing.T) {
	t.Parallel()
	got := make(chan *deskcallback.SessionEvent, 1)
	var query *deskcallback.Query
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(ctx context.Context, q *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			require.NoError(t, ctx.Err())
			query = q
			got <- ev
			return nil
		},
	})
	status, a := s.send(t, deskcallback.CommandSessionEventNotify, readFile(t, "seed_session_event.json"))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0}, a)
	ev := <-got
	assert.Equal(t, deskcallback.EventChatBotUserSendMsg, ev.Event)
	assert.Equal(t, "127.0.0.1", query.ClientIP)
	assert.Equal(t, "RESTAPI", query.OptPlatform)
	assert.Equal(t, kefutest.DeskSdkAppID, query.SdkAppID)
	assert.Equal(t, "json", query.Values.Get("contenttype"))
	assert.WithinDuration(t, time.Now(), query.RequestTime, 5*time.Second)
}

func TestHandlerReplyIsExactlyOK(t *testing.T) {
	t.Parallel()
	h := deskcallback.NewHandler(deskcallback.Config{SdkAppID: kefutest.DeskSdkAppID, Token: kefutest.DeskToken,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }})
	req, err := kefutest.NewDeskRequest("/desk", kefutest.DeskSdkAppID, kefutest.DeskToken, deskcallback.CommandSessionEventNotify, `{"Event":"SessionBegin"}`)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`, rec.Body.String())
}

func TestHandlerSiblingCallbacks(t *testing.T) {
	t.Parallel()
	s := newDeskServer(t, deskcallback.Config{
		OnAssignHuman: func(_ context.Context, _ *deskcallback.Query, req *deskcallback.AssignHumanRequest) (*deskcallback.AssignHumanResult, error) {
			if req.ClientUserID == "vip" {
				return &deskcallback.AssignHumanResult{AgentGroupID: 7, AgentIDs: []string{"a@example.com"}}, nil
			}
			return nil, nil
		},
		OnInterfaceInvocation: func(_ context.Context, _ *deskcallback.Query, req *deskcallback.InterfaceInvocationRequest) (*deskcallback.InterfaceInvocationResult, error) {
			return &deskcallback.InterfaceInvocationResult{Body: map[string]any{"orderStatus": "paid", "orderId": req.Body["orderId"]}}, nil
		},
	})
	_, a := s.send(t, deskcallback.CommandOnAssignHuman, `{"CallbackCommand":"ChatBot.OnAssignHuman","SessionId":"s1","ClientUserId":"vip","EventTime":1}`)
	assert.Equal(t, answer{ActionStatus: "OK", AgentGroupID: 7, AgentIDList: []string{"a@example.com"}}, a)

	_, a = s.send(t, deskcallback.CommandOnAssignHuman, `{"SessionId":"s2","ClientUserId":"normal"}`)
	assert.Equal(t, answer{ActionStatus: "OK"}, a)

	// The Chat documentation's name for the same callback reaches the same
	// handler.
	_, a = s.send(t, deskcallback.CommandOnAssignAgent, `{"CallbackCommand":"ChatBot.OnAssignAgent","SessionId":"s3","ClientUserId":"vip","EventTime":"1"}`)
	assert.Equal(t, answer{ActionStatus: "OK", AgentGroupID: 7, AgentIDList: []string{"a@example.com"}}, a)

	_, a = s.send(t, deskcallback.CommandInterfaceInvocation, readFile(t, "interface_invocation.json"))
	assert.Equal(t, answer{ActionStatus: "OK", Body: map[string]any{"orderStatus": "paid", "orderId": "o-1"}}, a)

	// SessionEventNotify has no handler here: it is an unknown command.
	status, a := s.send(t, deskcallback.CommandSessionEventNotify, `{}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "FAIL", a.ActionStatus)
	assert.Equal(t, deskcallback.CodeUnknownCommand, a.ErrorCode)
}

func TestHandlerFailures(t *testing.T) {
	t.Parallel()
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(_ context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			switch ev.Event {
			case deskcallback.EventSessionBegin:
				return errors.New("queue unavailable: dsn=postgres://secret")
			case deskcallback.EventSessionEnd:
				panic("boom")
			case deskcallback.EventAgentForward:
				return &deskcallback.ReplyError{Code: 70001, Info: "agent group closed"}
			case deskcallback.EventNoAgentOnline:
				// An error of the handler's own work, even a decode error, is
				// a handler failure, not a bad request.
				_, err := deskcallback.ParseSessionEvent([]byte("{"))
				return err
			}
			return nil
		},
	})
	status, a := s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"SessionBegin"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "FAIL", ErrorInfo: "handler failed", ErrorCode: deskcallback.CodeHandlerFailed}, a)

	_, a = s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"SessionEnd"}`)
	assert.Equal(t, answer{ActionStatus: "FAIL", ErrorInfo: "handler failed", ErrorCode: deskcallback.CodeHandlerFailed}, a)

	_, a = s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"AgentForward"}`)
	assert.Equal(t, answer{ActionStatus: "FAIL", ErrorInfo: "agent group closed", ErrorCode: 70001}, a)

	status, a = s.send(t, deskcallback.CommandSessionEventNotify, `{"Event":"NoAgentOnline"}`)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "FAIL", ErrorInfo: "handler failed", ErrorCode: deskcallback.CodeHandlerFailed}, a)

	_, a = s.send(t, "Desk.Brand.New", `{}`)
	assert.Equal(t, answer{ActionStatus: "FAIL", ErrorInfo: `unknown CallbackCommand "Desk.Brand.New"`, ErrorCode: deskcallback.CodeUnknownCommand}, a)

	logs := s.logs.String()
	assert.Contains(t, logs, "queue unavailable")
	assert.Contains(t, logs, "panicked")
}

func TestHandlerRejects(t *testing.T) {
	t.Parallel()
	called := false
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error {
			called = true
			return nil
		},
	}, deskcallback.WithMaxBodySize(1024))
	cmd := deskcallback.CommandSessionEventNotify
	build := func(sdkAppID, token string, body any) *http.Request {
		req, err := kefutest.NewDeskRequest(s.srv.URL, sdkAppID, token, cmd, body)
		require.NoError(t, err)
		return req
	}
	withQuery := func(req *http.Request, key, value string) *http.Request {
		q := req.URL.Query()
		if value == "" {
			q.Del(key)
		} else {
			q.Set(key, value)
		}
		req.URL.RawQuery = q.Encode()
		return req
	}
	good := `{"Event":"SessionBegin"}`
	tests := []struct {
		name   string
		req    *http.Request
		status int
		code   int
		info   string
	}{
		{"GET", func() *http.Request {
			r := build(kefutest.DeskSdkAppID, kefutest.DeskToken, good)
			r.Method = http.MethodGet
			return r
		}(), http.StatusMethodNotAllowed, deskcallback.CodeMethodNotAllowed, "method not allowed"},
		{"wrong SdkAppid", build("1400000002", kefutest.DeskToken, good), http.StatusForbidden, deskcallback.CodeForbidden, "SdkAppid"},
		{"missing Sign", build(kefutest.DeskSdkAppID, "", good), http.StatusForbidden, deskcallback.CodeForbidden, "missing Sign"},
		{"bad Sign", build(kefutest.DeskSdkAppID, "another-token", good), http.StatusForbidden, deskcallback.CodeForbidden, "signature mismatch"},
		{"expired", withQuery(withQuery(build(kefutest.DeskSdkAppID, kefutest.DeskToken, good), "RequestTime", "1600000000"),
			"Sign", deskcallback.Sign(kefutest.DeskToken, "1600000000")), http.StatusForbidden, deskcallback.CodeForbidden, "outside"},
		{"oversized", build(kefutest.DeskSdkAppID, kefutest.DeskToken, `{"Event":"`+strings.Repeat("x", 2000)+`"}`),
			http.StatusRequestEntityTooLarge, deskcallback.CodeTooLarge, "too large"},
		{"malformed JSON", build(kefutest.DeskSdkAppID, kefutest.DeskToken, `{"Event":`), http.StatusBadRequest, deskcallback.CodeBadRequest, "unexpected end"},
		{"wrong field type", build(kefutest.DeskSdkAppID, kefutest.DeskToken, `{"EventTime":"soon"}`), http.StatusBadRequest, deskcallback.CodeBadRequest, "EventTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, a := s.do(t, tt.req)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, "FAIL", a.ActionStatus)
			assert.Equal(t, tt.code, a.ErrorCode)
			assert.Contains(t, a.ErrorInfo, tt.info)
			assert.NotContains(t, a.ErrorInfo, kefutest.DeskToken)
		})
	}
	assert.False(t, called, "no rejected request reaches the handler")
}

func TestHandlerWithoutSignature(t *testing.T) {
	t.Parallel()
	cfg := deskcallback.Config{SdkAppID: kefutest.DeskSdkAppID,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }}
	_, err := deskcallback.New(cfg)
	require.Error(t, err, "an empty Token must be a visible choice")
	assert.Contains(t, err.Error(), "WithoutSignature")

	h, err := deskcallback.New(cfg, deskcallback.WithoutSignature())
	require.NoError(t, err)
	req, err := kefutest.NewDeskRequest("/desk", kefutest.DeskSdkAppID, "", deskcallback.CommandSessionEventNotify, `{}`)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`, rec.Body.String())
}

func TestHandlerSignatureWindowAndClock(t *testing.T) {
	t.Parallel()
	cfg := deskcallback.Config{SdkAppID: kefutest.DeskSdkAppID, Token: kefutest.DeskToken,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }}
	late := func() time.Time { return time.Now().Add(5 * time.Minute) }
	for window, want := range map[time.Duration]string{time.Minute: "FAIL", 10 * time.Minute: "OK"} {
		h := deskcallback.NewHandler(cfg, deskcallback.WithClock(late), deskcallback.WithSignatureWindow(window))
		req, err := kefutest.NewDeskRequest("/desk", kefutest.DeskSdkAppID, kefutest.DeskToken, deskcallback.CommandSessionEventNotify, `{}`)
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Contains(t, rec.Body.String(), `"ActionStatus":"`+want+`"`, window)
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	ok := func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }
	for name, tc := range map[string]struct {
		cfg  deskcallback.Config
		opts []deskcallback.Option
	}{
		"no SdkAppID": {deskcallback.Config{Token: "t", OnSessionEvent: ok}, nil},
		"no handler":  {deskcallback.Config{SdkAppID: "1", Token: "t"}, nil},
		"no token":    {deskcallback.Config{SdkAppID: "1", OnSessionEvent: ok}, nil},
		"body size":   {deskcallback.Config{SdkAppID: "1", Token: "t", OnSessionEvent: ok}, []deskcallback.Option{deskcallback.WithMaxBodySize(0)}},
		"window":      {deskcallback.Config{SdkAppID: "1", Token: "t", OnSessionEvent: ok}, []deskcallback.Option{deskcallback.WithSignatureWindow(0)}},
		"nil clock":   {deskcallback.Config{SdkAppID: "1", Token: "t", OnSessionEvent: ok}, []deskcallback.Option{deskcallback.WithClock(nil)}},
	} {
		h, err := deskcallback.New(tc.cfg, tc.opts...)
		assert.Nil(t, h, name)
		assert.Error(t, err, name)
	}
	assert.Panics(t, func() { deskcallback.NewHandler(deskcallback.Config{}) })
}

func TestHandlerBadRequestTimeWithoutSignature(t *testing.T) {
	t.Parallel()
	h := deskcallback.NewHandler(deskcallback.Config{SdkAppID: kefutest.DeskSdkAppID,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }},
		deskcallback.WithoutSignature())
	req, err := kefutest.NewDeskRequest("/desk?RequestTime=soon", kefutest.DeskSdkAppID, "", deskcallback.CommandSessionEventNotify, `{}`)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.JSONEq(t, `{"ActionStatus":"FAIL","ErrorInfo":"deskcallback: RequestTime is not Unix seconds","ErrorCode":400}`, rec.Body.String())
}

// A body that is valid JSON but not an object (null used to reach the
// handler as an empty event) is a 400 that reaches no handler.
func TestHandlerRejectsNonObjectBodies(t *testing.T) {
	t.Parallel()
	called := 0
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error {
			called++
			return nil
		},
		OnAssignHuman: func(context.Context, *deskcallback.Query, *deskcallback.AssignHumanRequest) (*deskcallback.AssignHumanResult, error) {
			called++
			return nil, nil
		},
	})
	for _, body := range []string{"null", " null ", "[]", "1", `"x"`, "true", ""} {
		for _, cmd := range []string{deskcallback.CommandSessionEventNotify, deskcallback.CommandOnAssignHuman} {
			status, a := s.send(t, cmd, json.RawMessage(body))
			assert.Equal(t, http.StatusBadRequest, status, "%s %q", cmd, body)
			assert.Equal(t, "FAIL", a.ActionStatus)
			assert.Equal(t, deskcallback.CodeBadRequest, a.ErrorCode)
		}
	}
	assert.Zero(t, called)
	_, err := deskcallback.ParseSessionEvent([]byte("null"))
	assert.ErrorIs(t, err, deskcallback.ErrNotObject)
	assert.ErrorIs(t, err, deskcallback.ErrInvalidPayload)
}

// Tencent retries a callback with the same RequestID and body
// (https://cloud.tencent.com/document/product/269/111212): the handler reads
// it into Query.RequestID and the observed delivery's ID, and with a
// store the retry of a handled callback reaches no handler.
func TestHandlerRetryWithRequestID(t *testing.T) {
	t.Parallel()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	obs := kefutest.NewObserver()
	var calls atomic.Int32
	var ids []string
	s := newDeskServer(t, deskcallback.Config{
		OnSessionEvent: func(_ context.Context, q *deskcallback.Query, _ *deskcallback.SessionEvent) error {
			calls.Add(1)
			ids = append(ids, q.RequestID)
			return nil
		},
	}, deskcallback.WithDeduplicator(store), deskcallback.WithObserver(obs))
	body := readFile(t, "seed_session_event.json")
	for range 2 { // the send and Tencent's retry
		req, err := kefutest.NewDeskRequest(s.srv.URL+"/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
			deskcallback.CommandSessionEventNotify, body)
		require.NoError(t, err)
		req.URL.RawQuery += "&RequestID=req-7f3a"
		status, a := s.do(t, req)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "OK", a.ActionStatus)
	}
	assert.Equal(t, int32(1), calls.Load(), "the retry reached no handler")
	assert.Equal(t, []string{"req-7f3a"}, ids)
	ds := obs.Deliveries()
	require.Len(t, ds, 2)
	for _, d := range ds {
		assert.Equal(t, "req-7f3a", d.ID)
	}
	assert.Equal(t, observe.Accepted, ds[0].Outcome)
	assert.Equal(t, observe.Duplicate, ds[1].Outcome)
}
