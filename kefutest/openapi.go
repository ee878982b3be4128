package kefutest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// Test credentials the fake DingTalk server accepts on /gettoken.
const (
	AppKey    = "dingtestappkey"
	AppSecret = "test-app-secret-never-logged"
)

// Reply scripts one answer of the fake server to an event-change call.
type Reply struct {
	// Status is the HTTP status (default 200).
	Status int
	// ErrCode and ErrMsg build DingTalk's envelope; success is true only when
	// ErrCode is 0.
	ErrCode int
	ErrMsg  string
	// SubCode and SubMsg are added when set.
	SubCode, SubMsg string
	// Raw, when set, is sent instead of the envelope, with ContentType
	// (default text/html), as an HTML ban page or a proxy error would be.
	Raw         string
	ContentType string
}

// Received is one event-change call the fake server received.
type Received struct {
	// AccessToken is the token of the call.
	AccessToken string
	// EventDTO is the decoded event_dto object, so tests can check which keys
	// were sent.
	EventDTO map[string]any
	// Body is the raw request body.
	Body []byte
}

// DingTalkServer is a fake DingTalk OpenAPI on loopback, speaking the wire
// format of /gettoken, /topapi/customerservice/event/change and the robot
// APIs (session webhooks, batchSend, group send, media download): it issues
// tokens for AppKey/AppSecret, answers 40014 for unknown tokens and 42001 for
// expired ones, answers event changes with scripted replies (success when
// none is left), and records what it received. It is safe for concurrent
// use.
type DingTalkServer struct {
	// URL is the server's base URL, for kefu.WithBaseURL.
	URL string

	srv *httptest.Server

	mu           sync.Mutex
	tokens       map[string]time.Time // token → expiry
	current      string
	tokenTTL     time.Duration
	tokenFetches int
	script       []Reply
	received     []Received
	robot        robotState
	failed       failedState
}

// NewDingTalkServer starts a fake DingTalk OpenAPI. Close it when done.
func NewDingTalkServer() *DingTalkServer {
	s := &DingTalkServer{tokens: map[string]time.Time{}, tokenTTL: 2 * time.Hour,
		robot: robotState{sessions: map[string]bool{}, invalid: map[string]bool{}}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /gettoken", s.gettoken)
	mux.HandleFunc("POST /topapi/customerservice/event/change", s.eventChange)
	mux.HandleFunc("POST /robot/sendBySession", s.robotWebhook)
	mux.HandleFunc("GET /call_back/get_call_back_failed_result", s.failedList)
	mux.HandleFunc("POST /topapi/callback/failrecord/list", s.failRecords)
	mux.HandleFunc("POST /v1.0/robot/oToMessages/batchSend", s.robotAPI("batchSend", "userIds", "msgKey", "msgParam"))
	mux.HandleFunc("POST /v1.0/robot/groupMessages/send", s.robotAPI("groupSend", "openConversationId", "msgKey", "msgParam"))
	mux.HandleFunc("POST /v1.0/robot/messageFiles/download", s.robotAPI("download", "downloadCode"))
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down.
func (s *DingTalkServer) Close() { s.srv.Close() }

// Script queues replies for the next event-change calls, in order.
func (s *DingTalkServer) Script(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, replies...)
}

// Received returns the event-change calls received so far, including those
// answered with an error.
func (s *DingTalkServer) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// TokenFetches returns how many tokens /gettoken issued.
func (s *DingTalkServer) TokenFetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenFetches
}

// ExpireTokens makes every issued token expired: calls with them get 42001.
func (s *DingTalkServer) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
	s.current = ""
}

// IssueToken returns a valid token without a /gettoken call, for
// kefu.WithAccessToken.
func (s *DingTalkServer) IssueToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked()
}

func (s *DingTalkServer) issueLocked() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	t := hex.EncodeToString(b[:])
	s.tokens[t] = time.Now().Add(s.tokenTTL)
	s.current = t
	return t
}

func (s *DingTalkServer) gettoken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("appkey") != AppKey || q.Get("appsecret") != AppSecret {
		writeJSON(w, map[string]any{"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"})
		return
	}
	s.mu.Lock()
	// Within its lifetime a repeated request returns the same token.
	t := s.current
	if exp, ok := s.tokens[t]; !ok || !time.Now().Before(exp) {
		t = s.issueLocked()
	}
	s.tokenFetches++
	s.mu.Unlock()
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "access_token": t, "expires_in": int(s.tokenTTL.Seconds())})
}

func (s *DingTalkServer) eventChange(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("access_token")
	var req struct {
		EventDTO map[string]any `json:"event_dto"`
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.received = append(s.received, Received{AccessToken: token, Body: body})
	rec := &s.received[len(s.received)-1]
	exp, known := s.tokens[token]
	var reply Reply
	switch {
	case !known:
		reply = Reply{ErrCode: 40014, ErrMsg: "不合法的access_token"}
	case !time.Now().Before(exp):
		reply = Reply{ErrCode: 42001, ErrMsg: "access_token超时"}
	case json.Unmarshal(body, &req) != nil || req.EventDTO == nil:
		reply = Reply{ErrCode: 40035, ErrMsg: "缺少参数 event_dto"}
	case len(s.script) > 0:
		reply, s.script = s.script[0], s.script[1:]
	default:
		reply = Reply{ErrMsg: "ok"}
	}
	rec.EventDTO = req.EventDTO
	s.mu.Unlock()
	s.write(w, reply)
}

func (s *DingTalkServer) write(w http.ResponseWriter, r Reply) {
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	if r.Raw != "" {
		ct := r.ContentType
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(r.Raw))
		return
	}
	env := map[string]any{"errcode": r.ErrCode, "errmsg": r.ErrMsg, "request_id": "req-" + time.Now().Format("150405.000000")}
	if r.ErrCode == 0 {
		env["success"] = true
	}
	if r.SubCode != "" {
		env["sub_code"], env["sub_msg"] = r.SubCode, r.SubMsg
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(env)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}
