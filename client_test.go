package kefu_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/kefutest"
)

// fastRetry keeps the retry rules but not the waits.
var fastRetry = kefu.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
	RateLimitDelay: 2 * time.Millisecond, MaxElapsed: 10 * time.Second}

// newClient returns a client with app credentials against a fresh fake
// server, and checks at the end that no secret reached the log.
func newClient(t *testing.T, opts ...kefu.Option) (*kefu.Client, *kefutest.DingTalkServer, *kefutest.LogBuffer) {
	t.Helper()
	srv := kefutest.NewDingTalkServer()
	t.Cleanup(srv.Close)
	logs := &kefutest.LogBuffer{}
	base := []kefu.Option{
		kefu.WithBaseURL(srv.URL),
		kefu.WithRetry(fastRetry),
		kefu.WithLogger(logs.Logger()),
	}
	if len(opts) == 0 {
		opts = []kefu.Option{kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret)}
	}
	c, err := kefu.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() {
		out := logs.String()
		assert.NotContains(t, out, kefutest.AppSecret)
		for _, r := range srv.Received() {
			if r.AccessToken != "" {
				assert.NotContains(t, out, r.AccessToken)
			}
		}
	})
	return c, srv, logs
}

func sampleEvent() *kefu.EventDTO {
	return &kefu.EventDTO{
		EventCode: kefu.EventCodeCaseTaskStatusChange,
		EventID:   "12345",
		BizType:   kefu.BizTypeCase,
		BuID:      "100",
		Source:    kefu.SourceXSpace,
		EventBody: kefu.CaseTaskStatusChange{CaseID: 123, TaskID: 321, CaseName: "工单名称", TaskName: "任务名称", ServiceID: "testServiceId"},
	}
}

func TestChangeEventWireFormat(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))

	got := srv.Received()
	require.Len(t, got, 1)
	assert.Equal(t, map[string]any{
		"event_code": "caseTaskStatusChange",
		"event_id":   "12345",
		"biz_type":   "case",
		"bu_id":      "100",
		"source":     "XSpace",
		"event_body": `{"caseId":123,"taskId":321,"caseName":"工单名称","taskName":"任务名称","serviceId":"testServiceId"}`,
	}, got[0].EventDTO, "production_type and open_instance_id are omitted when unset")
	assert.NotEmpty(t, got[0].AccessToken)

	ev := sampleEvent()
	ev.ProductionType = kefu.ProductionTypeEconomy
	ev.DingCorpID = "dingxxx"
	ev.OpenInstanceID = "shop001"
	require.NoError(t, c.ChangeEvent(context.Background(), ev))
	dto := srv.Received()[1].EventDTO
	assert.Equal(t, float64(1001), dto["production_type"])
	assert.Equal(t, "dingxxx", dto["ding_corp_id"])
	assert.Equal(t, "shop001", dto["open_instance_id"])
	assert.Equal(t, 1, srv.TokenFetches(), "the token is cached")
}

func TestChangeEventBodyKinds(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	want := `{"caseId":123,"taskId":321}`
	for _, body := range []any{
		want,
		json.RawMessage(want),
		[]byte(want),
		map[string]int{"caseId": 123, "taskId": 321},
		struct {
			CaseID int `json:"caseId"`
			TaskID int `json:"taskId"`
		}{123, 321},
	} {
		ev := sampleEvent()
		ev.EventBody = body
		require.NoError(t, c.ChangeEvent(context.Background(), ev))
		got := srv.Received()
		sent, ok := got[len(got)-1].EventDTO["event_body"].(string)
		require.True(t, ok, "event_body is a JSON string, not an object")
		assert.JSONEq(t, want, sent)
	}
}

func TestChangeEventValidation(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	tests := []struct {
		name  string
		mod   func(*kefu.EventDTO)
		field string
	}{
		{"event code", func(e *kefu.EventDTO) { e.EventCode = "" }, "EventCode"},
		{"event id", func(e *kefu.EventDTO) { e.EventID = "" }, "EventID"},
		{"biz type", func(e *kefu.EventDTO) { e.BizType = "" }, "BizType"},
		{"bu id", func(e *kefu.EventDTO) { e.BuID = "" }, "BuID"},
		{"source", func(e *kefu.EventDTO) { e.Source = "" }, "Source"},
		{"nil body", func(e *kefu.EventDTO) { e.EventBody = nil }, "EventBody"},
		{"empty body", func(e *kefu.EventDTO) { e.EventBody = "" }, "EventBody"},
		{"body not JSON", func(e *kefu.EventDTO) { e.EventBody = "caseId=1" }, "EventBody"},
		{"body not marshalable", func(e *kefu.EventDTO) { e.EventBody = make(chan int) }, "EventBody"},
		{"negative production type", func(e *kefu.EventDTO) { e.ProductionType = -1 }, "ProductionType"},
	}
	for _, tt := range tests {
		ev := sampleEvent()
		tt.mod(ev)
		err := c.ChangeEvent(context.Background(), ev)
		require.ErrorIs(t, err, kefu.ErrValidation, tt.name)
		var ve *kefu.ValidationError
		require.ErrorAs(t, err, &ve, tt.name)
		assert.Equal(t, tt.field, ve.Field, tt.name)
		assert.Contains(t, err.Error(), tt.field, tt.name)
	}
	assert.ErrorIs(t, c.ChangeEvent(context.Background(), nil), kefu.ErrValidation)
	assert.Empty(t, srv.Received(), "validation happens before any network call")
	assert.Zero(t, srv.TokenFetches())
}

func TestChangeEventRetryRules(t *testing.T) {
	t.Parallel()
	ban := kefutest.Reply{Raw: "<html><body>访问过于频繁, 已被封禁 5 分钟</body></html>"}
	bad502 := kefutest.Reply{Status: http.StatusBadGateway, Raw: "<html>502 Bad Gateway</html>"}
	tests := []struct {
		name     string
		script   []kefutest.Reply
		calls    int
		wantCode int // 0: success; -999: *HTTPError
	}{
		{"busy then ok", []kefutest.Reply{{ErrCode: -1, ErrMsg: "系统繁忙"}}, 2, 0},
		{"busy three times", []kefutest.Reply{{ErrCode: -1}, {ErrCode: -1}, {ErrCode: -1}}, 3, -1},
		{"app qps then ok", []kefutest.Reply{{ErrCode: 90018}}, 2, 0},
		{"global qps then ok", []kefutest.Reply{{ErrCode: 90002}}, 2, 0},
		{"5xx then ok", []kefutest.Reply{bad502}, 2, 0},
		{"5xx with JSON then ok", []kefutest.Reply{{Status: 503, ErrCode: -1}}, 2, 0},
		{"auth failure", []kefutest.Reply{{ErrCode: 88, ErrMsg: "ding talk error", SubCode: "60011", SubMsg: "no permission"}}, 1, 88},
		{"monthly quota", []kefutest.Reply{{ErrCode: 90020}}, 1, 90020},
		{"minute limit", []kefutest.Reply{{ErrCode: 90005}}, 1, 90005},
		{"other 4xxxx", []kefutest.Reply{{ErrCode: 40035, ErrMsg: "缺少参数"}}, 1, 40035},
		{"ban page", []kefutest.Reply{ban}, 1, -999},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, srv, _ := newClient(t)
			srv.Script(tt.script...)
			err := c.ChangeEvent(context.Background(), sampleEvent())
			got := srv.Received()
			assert.Len(t, got, tt.calls)
			for _, r := range got[1:] {
				assert.Equal(t, got[0].Body, r.Body, "every retry sends the same body")
			}
			switch tt.wantCode {
			case 0:
				assert.NoError(t, err)
			case -999:
				var he *kefu.HTTPError
				require.ErrorAs(t, err, &he)
				assert.Equal(t, http.StatusOK, he.StatusCode)
				assert.Contains(t, err.Error(), "non-JSON")
				assert.Contains(t, err.Error(), "封禁")
			default:
				var ae *kefu.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tt.wantCode, ae.Code)
				assert.NotEmpty(t, ae.RequestID)
			}
		})
	}
}

func TestAPIErrorDetails(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	srv.Script(kefutest.Reply{ErrCode: 88, ErrMsg: "ding talk error", SubCode: "60011", SubMsg: "no permission"})
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 88, ae.Code)
	assert.Equal(t, "ding talk error", ae.Message)
	assert.Equal(t, "60011", ae.SubCode)
	assert.Equal(t, "no permission", ae.SubMessage)
	assert.False(t, ae.Retryable())
	assert.Contains(t, err.Error(), "60011")

	for code, retryable := range map[int]bool{-1: true, 90018: true, 90002: true, 90005: true, 42001: true, 88: false, 90020: false, 40035: false} {
		assert.Equal(t, retryable, (&kefu.APIError{Code: code}).Retryable(), code)
	}
}

func TestTokenRefreshOnRejectedToken(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))
	srv.ExpireTokens()
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))

	got := srv.Received()
	require.Len(t, got, 3)
	assert.Equal(t, got[0].AccessToken, got[1].AccessToken, "the expired token was tried")
	assert.NotEqual(t, got[1].AccessToken, got[2].AccessToken, "then a new one")
	assert.Equal(t, 2, srv.TokenFetches())
}

func TestTokenRefreshedOnlyOnce(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	srv.Script(kefutest.Reply{ErrCode: 40014}, kefutest.Reply{ErrCode: 40014})
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40014, ae.Code)
	assert.Len(t, srv.Received(), 2)
	assert.Equal(t, 2, srv.TokenFetches())
}

func TestStaticTokenIsNotRefreshed(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t, kefu.WithAccessToken("not-issued-by-the-server"))
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40014, ae.Code)
	assert.Len(t, srv.Received(), 1)
	assert.NotContains(t, err.Error(), "not-issued-by-the-server")

	token := srv.IssueToken()
	c2, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithAccessToken(token))
	require.NoError(t, err)
	require.NoError(t, c2.ChangeEvent(context.Background(), sampleEvent()))
}

type countingSource struct {
	mu          sync.Mutex
	token       string
	calls       int
	invalidated []string
}

func (s *countingSource) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	return s.token, nil
}

func (s *countingSource) InvalidateToken(t string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, t)
}

func TestCustomTokenSource(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	ts := &countingSource{token: srv.IssueToken()}
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithTokenSource(ts), kefu.WithRetry(fastRetry))
	require.NoError(t, err)
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))
	srv.ExpireTokens()
	err = c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 42001, ae.Code)
	assert.Equal(t, []string{ts.token}, ts.invalidated, "the source is told about the rejected token")
}

func TestConcurrentCallsFetchTheTokenOnce(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			ev := sampleEvent()
			ev.EventID = "e-" + string(rune('A'+i%26)) + strings.Repeat("x", i)
			errs <- c.ChangeEvent(context.Background(), ev)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.TokenFetches())
	assert.Len(t, srv.Received(), 64)
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	t.Parallel()
	slow := kefu.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Minute, MaxDelay: time.Minute, RateLimitDelay: time.Minute, MaxElapsed: time.Hour}
	c, srv, logs := newClient(t, kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithRetry(slow))
	srv.Script(kefutest.Reply{ErrCode: -1}, kefutest.Reply{ErrCode: -1})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// The client logs the retry just before it starts waiting.
		for !strings.Contains(logs.String(), "retrying") {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	err := c.ChangeEvent(ctx, sampleEvent())
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "-1", "the last DingTalk error is kept in the message")
	assert.Less(t, time.Since(start), 30*time.Second, "did not sit out the minute-long backoff")
	assert.Len(t, srv.Received(), 1)
}

func TestMaxElapsedBoundsRetries(t *testing.T) {
	t.Parallel()
	p := kefu.RetryPolicy{MaxAttempts: 10, BaseDelay: time.Hour, MaxDelay: time.Hour, RateLimitDelay: time.Second, MaxElapsed: time.Second}
	c, srv, _ := newClient(t, kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithRetry(p))
	srv.Script(kefutest.Reply{ErrCode: -1})
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Len(t, srv.Received(), 1, "a wait past MaxElapsed is not started")
}

func TestTransportErrorsAreRedactedAndRetried(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	url := srv.URL
	srv.Close() // nothing listens there any more

	logs := &kefutest.LogBuffer{}
	logger := logs.Logger()
	secretToken := "secret-token-5f3a9c"
	for name, cred := range map[string]kefu.Option{
		"static token":    kefu.WithAccessToken(secretToken),
		"app credentials": kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret),
	} {
		c, err := kefu.NewClient(kefu.WithBaseURL(url), cred, kefu.WithRetry(fastRetry), kefu.WithLogger(logger))
		require.NoError(t, err)
		err = c.ChangeEvent(context.Background(), sampleEvent())
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), secretToken, name)
		assert.NotContains(t, err.Error(), kefutest.AppSecret, name)
		assert.Contains(t, err.Error(), "connect", name)
	}
	out := logs.String()
	assert.NotContains(t, out, secretToken)
	assert.NotContains(t, out, kefutest.AppSecret)
	assert.Contains(t, out, "retrying", "transport errors are retried")
	assert.Contains(t, out, "REDACTED")
}

func TestGettokenErrors(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t, kefu.WithAppCredentials(kefutest.AppKey, "wrong-secret"))
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 40089, ae.Code)
	assert.NotContains(t, err.Error(), "wrong-secret")
	assert.Empty(t, srv.Received())
}

func TestNewClientValidates(t *testing.T) {
	t.Parallel()
	ok := kefu.WithAccessToken("t")
	for name, opts := range map[string][]kefu.Option{
		"no credentials":       nil,
		"two credentials":      {ok, kefu.WithAppCredentials("k", "s")},
		"empty app secret":     {kefu.WithAppCredentials("k", "")},
		"empty app key":        {kefu.WithAppCredentials("", "s")},
		"empty token":          {kefu.WithAccessToken("")},
		"nil token source":     {kefu.WithTokenSource(nil)},
		"relative base URL":    {ok, kefu.WithBaseURL("oapi.dingtalk.com")},
		"ftp base URL":         {ok, kefu.WithBaseURL("ftp://oapi.dingtalk.com")},
		"nil http client":      {ok, kefu.WithHTTPClient(nil)},
		"zero timeout":         {ok, kefu.WithTimeout(0)},
		"zero attempts":        {ok, kefu.WithRetry(kefu.RetryPolicy{})},
		"empty user agent":     {ok, kefu.WithUserAgent("")},
		"max below base delay": {ok, kefu.WithRetry(kefu.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Second, MaxDelay: time.Millisecond, RateLimitDelay: time.Second, MaxElapsed: time.Second})},
	} {
		c, err := kefu.NewClient(opts...)
		assert.Nil(t, c, name)
		assert.Error(t, err, name)
	}
	c, err := kefu.NewClient(ok, kefu.WithHTTPClient(&http.Client{}), kefu.WithTimeout(time.Second), kefu.WithUserAgent("x/1"))
	require.NoError(t, err)
	assert.NotNil(t, c)
}

func TestHTTPClientAndUserAgentAreUsed(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	var seen []string
	var mu sync.Mutex
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.Header.Get("User-Agent"))
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithAccessToken(srv.IssueToken()),
		kefu.WithHTTPClient(hc), kefu.WithUserAgent("crm-sync/2.1"))
	require.NoError(t, err)
	require.NoError(t, c.ChangeEvent(context.Background(), sampleEvent()))
	assert.Equal(t, []string{"crm-sync/2.1"}, seen)
	assert.Zero(t, hc.Timeout, "the given client is not modified")
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestSuccessFalseIsAnError(t *testing.T) {
	t.Parallel()
	c, srv, _ := newClient(t)
	srv.Script(kefutest.Reply{Raw: `{"errcode":0,"errmsg":"ok","success":false}`, ContentType: "application/json"})
	err := c.ChangeEvent(context.Background(), sampleEvent())
	var ae *kefu.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, 0, ae.Code)
	assert.False(t, errors.Is(err, kefu.ErrValidation))
}

// A library is silent by default: without a logger, neither resty's default
// logger (which writes to stderr) nor the client's own logging prints
// anything, even on failures.
func TestSilentWithoutLogger(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = w
	defer func() { os.Stderr = stderr }()

	srv := kefutest.NewDingTalkServer()
	url := srv.URL
	srv.Close()
	c, err := kefu.NewClient(kefu.WithBaseURL(url), kefu.WithAccessToken("tok"), kefu.WithRetry(fastRetry))
	require.NoError(t, err)
	require.Error(t, c.ChangeEvent(context.Background(), sampleEvent()))

	os.Stderr = stderr
	require.NoError(t, w.Close())
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Empty(t, string(out))
}
