package kefutest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kefu-go/kefu/internal/callbackreq"
)

// RobotCode is the robot of the fake DingTalk server's robot APIs.
const RobotCode = "dingtestrobot"

// RobotCall is one call the fake DingTalk server's robot side received: a
// webhook reply, a send, a download.
type RobotCall struct {
	// API is "webhook", "batchSend", "groupSend" or "download".
	API string
	// Session is the webhook's session, for a webhook reply.
	Session string
	// Body is the JSON body.
	Body json.RawMessage
}

// robotState is the robot side of DingTalkServer.
type robotState struct {
	sessions map[string]bool // session → alive
	calls    []RobotCall
	invalid  map[string]bool // users batchSend refuses
}

// RobotMessage returns a realistic robot message from a customer — as
// DingTalk pushes it over Stream (TopicMessage's data) or HTTP — with a
// fresh msgId and a sessionWebhook on this server, valid for 90 minutes. A
// group message (group true) comes from conversation "cidGroup==" and
// mentions the robot.
func (s *DingTalkServer) RobotMessage(text string, group bool) []byte {
	session := randomHex(16)
	s.mu.Lock()
	s.robot.sessions[session] = true
	s.mu.Unlock()
	now := time.Now()
	m := map[string]any{
		"msgId": "msg" + randomHex(8) + "==", "msgtype": "text", "text": map[string]string{"content": text},
		"conversationId": "cidSingle==", "conversationType": "1", "senderId": "$:LWCP_v1:$" + randomHex(8),
		"senderStaffId": "customer01", "senderNick": "顾客", "senderCorpId": "dingcorp01", "chatbotCorpId": "dingcorp01",
		"chatbotUserId": "$:LWCP_v1:$robot", "robotCode": RobotCode, "isAdmin": false, "isInAtList": false,
		"createAt": now.UnixMilli(), "sessionWebhook": s.URL + "/robot/sendBySession?session=" + session,
		"sessionWebhookExpiredTime": now.Add(90 * time.Minute).UnixMilli(),
	}
	if group {
		m["conversationId"], m["conversationType"], m["conversationTitle"], m["isInAtList"] = "cidGroup==", "2", "客服群", true
		m["atUsers"] = []map[string]string{{"dingtalkId": "$:LWCP_v1:$robot"}}
	}
	b, _ := json.Marshal(m)
	return b
}

// ExpireRobotSessions makes every session webhook issued so far answer
// errcode 300001 (session 不存在), as an expired one does.
func (s *DingTalkServer) ExpireRobotSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.robot.sessions {
		s.robot.sessions[k] = false
	}
}

// RefuseRobotUsers makes batchSend name these users in invalidStaffIdList.
func (s *DingTalkServer) RefuseRobotUsers(userIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range userIDs {
		s.robot.invalid[u] = true
	}
}

// RobotCalls returns the robot calls received so far.
func (s *DingTalkServer) RobotCalls() []RobotCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.robot.calls)
}

// NewRobotRequest builds the POST DingTalk sends to a robot's message URL
// in HTTP mode: message as the body, signed with appSecret in the
// timestamp and sign headers (dingbot.Sign).
func NewRobotRequest(target, appSecret string, message []byte) (*http.Request, error) {
	return callbackreq.Robot(target, appSecret, message)
}

func (s *DingTalkServer) robotWebhook(w http.ResponseWriter, r *http.Request) {
	session := r.URL.Query().Get("session")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	alive, known := s.robot.sessions[session]
	if known && alive {
		s.robot.calls = append(s.robot.calls, RobotCall{API: "webhook", Session: session, Body: body})
	}
	s.mu.Unlock()
	switch {
	case !known || !alive:
		writeJSON(w, map[string]any{"errcode": 300001, "errmsg": "session 不存在"})
	case !json.Valid(body) || !strings.Contains(string(body), `"msgtype"`):
		writeJSON(w, map[string]any{"errcode": 40035, "errmsg": "缺少参数 msgtype"})
	default:
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
	}
}

// robotAPI serves the OpenAPI robot calls: the access token in
// x-acs-dingtalk-access-token, the robotCode, the call's own fields.
func (s *DingTalkServer) robotAPI(api string, need ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token := r.Header.Get("x-acs-dingtalk-access-token")
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		var doc map[string]any
		_ = json.Unmarshal(body, &doc)
		s.mu.Lock()
		exp, ok := s.tokens[token]
		valid := ok && time.Now().Before(exp)
		s.mu.Unlock()
		if !valid {
			writeStatus(w, http.StatusUnauthorized, map[string]string{"code": "InvalidAuthentication", "message": "不合法的access_token", "requestid": "fake-robot-1"})
			return
		}
		for _, f := range append([]string{"robotCode"}, need...) {
			if doc[f] == nil || doc[f] == "" {
				writeStatus(w, http.StatusBadRequest, map[string]string{"code": "MissingParameter", "message": f + " is required", "requestid": "fake-robot-2"})
				return
			}
		}
		s.mu.Lock()
		s.robot.calls = append(s.robot.calls, RobotCall{API: api, Body: body})
		var invalid []string
		if ids, ok := doc["userIds"].([]any); ok {
			for _, id := range ids {
				if u, _ := id.(string); s.robot.invalid[u] {
					invalid = append(invalid, u)
				}
			}
		}
		s.mu.Unlock()
		switch api {
		case "download":
			code, _ := doc["downloadCode"].(string)
			writeJSON(w, map[string]any{"downloadUrl": s.URL + "/robot/files/" + code})
		case "batchSend":
			writeJSON(w, map[string]any{"processQueryKey": randomHex(8), "invalidStaffIdList": invalid, "flowControlledStaffIdList": []string{}})
		default:
			writeJSON(w, map[string]any{"processQueryKey": randomHex(8)})
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
