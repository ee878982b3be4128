package kefutest

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kefu-go/kefu/deskapi"
)

// Test values of a Desk application's REST access. Never use them in
// production.
const (
	DeskAppID     int64 = 1400000001
	DeskAdminID         = "administrator"
	DeskSecretKey       = "desk-secret-key-for-tests-0123456789abcdef"
)

// DeskCall is one call the DeskServer received.
type DeskCall struct {
	// Command is the Desk command, such as "send_msg".
	Command string
	// Random is the random query parameter.
	Random string
	// Body is the request's JSON body.
	Body json.RawMessage
}

// DeskReply is a scripted answer of the DeskServer: Desk's JSON with
// ErrorCode (0 for OK) and ErrorInfo, or an HTTP status (5xx), or a call
// that hangs until the client gives up.
type DeskReply struct {
	ErrorCode int
	ErrorInfo string
	Status    int
	Hang      bool
	// Fields are added to an OK answer.
	Fields map[string]any
}

// DeskServer is a fake Tencent IM Desk REST server on loopback. Like Desk,
// it checks every request's query — sdkappid, identifier, a usersig it
// verifies with deskapi.VerifyUserSig, a random uint32, contenttype=json —
// and each command's body (its required fields), answering
// {"ActionStatus":"FAIL","ErrorCode":…} otherwise; it records the calls it
// accepts. Scripted replies (Script) come first; then each command answers
// a plausible OK. It is safe for concurrent use.
type DeskServer struct {
	// URL is the server's base URL, for deskapi.WithBaseURL.
	URL string

	srv     *httptest.Server
	mu      sync.Mutex
	calls   []DeskCall
	script  []DeskReply
	expireN int // the next calls answer 70001 (UserSig expired)
	sigs    map[string]bool
	hang    chan struct{}
}

// NewDeskServer starts a fake Desk REST server for DeskAppID, DeskAdminID
// and DeskSecretKey. Close it when done.
func NewDeskServer() *DeskServer {
	s := &DeskServer{sigs: map[string]bool{}, hang: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down (a hanging call returns first).
func (s *DeskServer) Close() {
	s.mu.Lock()
	select {
	case <-s.hang:
	default:
		close(s.hang)
	}
	s.mu.Unlock()
	s.srv.Close()
}

// Script makes the next calls answer these replies, in order.
func (s *DeskServer) Script(replies ...DeskReply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, replies...)
}

// ExpireUserSigOnce makes the next call answer 70001, UserSig expired, as
// Desk does when a UserSig outlived its expiry.
func (s *DeskServer) ExpireUserSigOnce() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireN++
}

// Calls returns the calls received and accepted so far.
func (s *DeskServer) Calls() []DeskCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// UserSigs returns how many different UserSigs the server has seen.
func (s *DeskServer) UserSigs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sigs)
}

// required are the body fields each command needs.
var required = map[string][]string{
	"send_msg":               {"MsgBody"},
	"transfer_to_human":      {"SessionId"},
	"end_session":            {"SessionId"},
	"get_session_state":      nil,
	"describe_chat_messages": {"SessionId"},
}

func (s *DeskServer) serve(w http.ResponseWriter, r *http.Request) {
	command, ok := strings.CutPrefix(r.URL.Path, deskapi.Path)
	if r.Method != http.MethodPost || !ok {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		deskFail(w, 60003, "bad body")
		return
	}
	switch {
	case q.Get("sdkappid") != strconv.FormatInt(DeskAppID, 10):
		deskFail(w, 60012, "bad sdkappid")
		return
	case q.Get("contenttype") != "json":
		deskFail(w, 60002, "contenttype must be json")
		return
	case !isUint32(q.Get("random")):
		deskFail(w, 60002, "random must be a 32-bit unsigned integer")
		return
	case q.Get("identifier") != DeskAdminID:
		deskFail(w, 60010, "the request needs an App administrator")
		return
	}
	if err := deskapi.VerifyUserSig(DeskAppID, DeskAdminID, DeskSecretKey, q.Get("usersig"), time.Now()); err != nil {
		deskFail(w, 70009, "UserSig verification failed")
		return
	}
	fields, known := required[command]
	if !known {
		deskFail(w, 60009, "unknown command")
		return
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		deskFail(w, 60003, "bad JSON")
		return
	}
	for _, f := range fields {
		if len(doc[f]) == 0 || string(doc[f]) == `""` || string(doc[f]) == "null" {
			deskFail(w, 141004, f+" is required")
			return
		}
	}
	if command == "send_msg" && len(doc["SessionId"]) == 0 && (len(doc["FromAccount"]) == 0 || len(doc["ToAccount"]) == 0) {
		deskFail(w, 141004, "SessionId, or FromAccount and ToAccount, is required")
		return
	}
	s.mu.Lock()
	s.sigs[q.Get("usersig")] = true
	expired := s.expireN > 0
	if expired {
		s.expireN--
	}
	var reply *DeskReply
	if !expired && len(s.script) > 0 {
		reply = &s.script[0]
		s.script = s.script[1:]
	}
	s.calls = append(s.calls, DeskCall{Command: command, Random: q.Get("random"), Body: body})
	hang := s.hang
	s.mu.Unlock()
	switch {
	case expired:
		deskFail(w, 70001, "UserSig expired")
	case reply == nil:
		writeDesk(w, defaultDeskFields[command])
	case reply.Hang:
		select {
		case <-r.Context().Done():
		case <-hang:
		}
	case reply.Status != 0:
		w.WriteHeader(reply.Status)
		_, _ = w.Write([]byte("<html>upstream error</html>"))
	case reply.ErrorCode != 0:
		deskFail(w, reply.ErrorCode, reply.ErrorInfo)
	default:
		writeDesk(w, reply.Fields)
	}
}

// defaultDeskFields are each command's plausible OK answer.
var defaultDeskFields = map[string]map[string]any{
	"transfer_to_human":      {"AgentId": "agent@example.com", "IsInQueue": 0},
	"get_session_state":      {"SessionId": "session-1", "CurrentState": "Chatbot", "AgentId": ""},
	"describe_chat_messages": {"TotalCount": 0, "Messages": []any{}},
}

func isUint32(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

func writeDesk(w http.ResponseWriter, fields map[string]any) {
	out := map[string]any{"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": ""}
	maps.Copy(out, fields)
	writeJSON(w, out)
}

func deskFail(w http.ResponseWriter, code int, info string) {
	writeJSON(w, map[string]any{"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info})
}
