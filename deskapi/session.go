package deskapi

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"

	"github.com/kefu-go/kefu/deskcallback"
)

// SendMsgRequest is the body of send_msg: a message from the bot (or an
// administrator) to the user of a session, seen by the agent after a
// transfer (https://cloud.tencent.com/document/product/679/116635):
//
//	{"SessionId":"fd8a2e30-…","MsgRandom":8436874,
//	 "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"欢迎使用智能客服"}}],
//	 "CloudCustomData":"…"}
//
// Name the session with SessionID, or, for the SDK integration only, the
// customer-service account FromAccount and the user ToAccount. The elements
// are deskcallback's, the types the callbacks decode.
type SendMsgRequest struct {
	// SessionID is the session.
	SessionID string `json:"SessionId,omitempty"`
	// FromAccount is the customer-service account that sends (SDK
	// integration, without SessionID).
	FromAccount string `json:"FromAccount,omitempty"`
	// ToAccount is the user it goes to (with FromAccount).
	ToAccount string `json:"ToAccount,omitempty"`
	// MsgRandom de-duplicates the message on Desk's side; 0 takes a random
	// one.
	MsgRandom uint32 `json:"MsgRandom"`
	// MsgBody is the message's elements; Text makes one of text.
	MsgBody []deskcallback.MsgElement `json:"MsgBody"`
	// CloudCustomData travels with the message, for the receiving clients.
	CloudCustomData string `json:"CloudCustomData,omitempty"`
}

// Text is a message body of one TIMTextElem.
func Text(text string) []deskcallback.MsgElement {
	return []deskcallback.MsgElement{{MsgType: deskcallback.MsgTypeText, Content: &deskcallback.TextElem{Text: text}}}
}

// ErrInvalidRequest matches, through errors.Is, a request the client refuses
// to send: a required field is missing.
var ErrInvalidRequest = errors.New("deskapi: invalid request")

// SendMsg sends a message into a session (send_msg).
func (c *Client) SendMsg(ctx context.Context, req *SendMsgRequest) error {
	switch {
	case req == nil:
		return errors.Join(ErrInvalidRequest, errors.New("deskapi: SendMsg: nil request"))
	case req.SessionID == "" && (req.FromAccount == "" || req.ToAccount == ""):
		return errors.Join(ErrInvalidRequest, errors.New("deskapi: SendMsg: set SessionID, or FromAccount and ToAccount"))
	case len(req.MsgBody) == 0:
		return errors.Join(ErrInvalidRequest, errors.New("deskapi: SendMsg: empty MsgBody"))
	}
	r := *req
	if r.MsgRandom == 0 {
		r.MsgRandom = rand.Uint32() | 1 //nolint:gosec // a de-duplication number, not a secret
	}
	return c.call(ctx, "send_msg", &r, nil)
}

// TransferRequest is the body of transfer_to_human: hand the session to a
// person, chosen among AgentIDs or in AgentGroupID, or by Desk's routing
// when both are empty (https://cloud.tencent.com/document/product/269/110581).
type TransferRequest struct {
	// SessionID is the session.
	SessionID string `json:"SessionId"`
	// AgentIDs are the agents (their e-mails) who may take it.
	AgentIDs []string `json:"AgentIdList,omitempty"`
	// AgentGroupID is the agent group that may take it.
	AgentGroupID int64 `json:"AgentGroupId,omitempty"`
	// SendTipIfNoAgentOnline sends Desk's "no agent online" tip to the user
	// when nobody can take the session.
	SendTipIfNoAgentOnline bool `json:"-"`
}

// MarshalJSON writes SendTipIfNoAgentOnline as Desk's 0 or 1.
func (r TransferRequest) MarshalJSON() ([]byte, error) {
	type plain TransferRequest
	tip := 0
	if r.SendTipIfNoAgentOnline {
		tip = 1
	}
	return json.Marshal(struct {
		plain
		Tip int `json:"SendTipIfNoAgentOnline"`
	}{plain(r), tip})
}

// TransferResult is what transfer_to_human answers: the agent who took the
// session, or that it waits in a queue.
type TransferResult struct {
	// AgentID is the agent who took the session; empty while it queues.
	AgentID string `json:"AgentId"`
	// IsInQueue reports a session waiting for an agent.
	IsInQueue bool `json:"-"`
}

// UnmarshalJSON reads IsInQueue from Desk's 0 or 1.
func (r *TransferResult) UnmarshalJSON(data []byte) error {
	var w struct {
		AgentID   string `json:"AgentId"`
		IsInQueue int    `json:"IsInQueue"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	r.AgentID, r.IsInQueue = w.AgentID, w.IsInQueue == 1
	return nil
}

// TransferToHuman hands a session to a person (transfer_to_human).
func (c *Client) TransferToHuman(ctx context.Context, req *TransferRequest) (*TransferResult, error) {
	if req == nil || req.SessionID == "" {
		return nil, errors.Join(ErrInvalidRequest, errors.New("deskapi: TransferToHuman: empty SessionID"))
	}
	res := new(TransferResult)
	if err := c.call(ctx, "transfer_to_human", req, res); err != nil {
		return nil, err
	}
	return res, nil
}

// EndSession ends a session that was transferred to a person (end_session,
// https://www.tencentcloud.com/document/product/1229/68948).
func (c *Client) EndSession(ctx context.Context, sessionID string) error {
	if sessionID == "" {
		return errors.Join(ErrInvalidRequest, errors.New("deskapi: EndSession: empty session id"))
	}
	return c.call(ctx, "end_session", struct {
		SessionID string `json:"SessionId"`
	}{sessionID}, nil)
}

// SessionStateRequest is the body of get_session_state: the session, by
// SessionID or by the user and the customer-service account
// (https://cloud.tencent.com/document/product/679/116639).
type SessionStateRequest struct {
	// SessionID is the session.
	SessionID string `json:"SessionId,omitempty"`
	// ClientUserID is the user, without SessionID.
	ClientUserID string `json:"ClientUserId,omitempty"`
	// CustomerServiceID is the customer-service account, with
	// ClientUserID.
	CustomerServiceID string `json:"CustomerServiceId,omitempty"`
}

// State is a session's CurrentState.
type State string

// The states of get_session_state.
const (
	StateNotInSession             State = "NotInSession"
	StateChatbot                  State = "Chatbot"
	StateWaitingForAgentAnswering State = "WaitingForAgentAnswering"
	StateQueueing                 State = "Queueing"
	StateAgent                    State = "Agent"
)

// SessionState is what get_session_state answers.
type SessionState struct {
	// SessionID is the session.
	SessionID string `json:"SessionId"`
	// CurrentState is where it stands: one of the State constants.
	CurrentState State `json:"CurrentState"`
	// AgentID is the agent who has it, in StateAgent.
	AgentID string `json:"AgentId"`
}

// SessionState looks a session up (get_session_state).
func (c *Client) SessionState(ctx context.Context, req *SessionStateRequest) (*SessionState, error) {
	if req == nil || (req.SessionID == "" && (req.ClientUserID == "" || req.CustomerServiceID == "")) {
		return nil, errors.Join(ErrInvalidRequest, errors.New("deskapi: SessionState: set SessionID, or ClientUserID and CustomerServiceID"))
	}
	res := new(SessionState)
	if err := c.call(ctx, "get_session_state", req, res); err != nil {
		return nil, err
	}
	return res, nil
}

// ChatMessagesRequest is the body of describe_chat_messages: a page of a
// session's messages (https://cloud.tencent.com/document/product/269/113672).
type ChatMessagesRequest struct {
	// SessionID is the session.
	SessionID string `json:"SessionId"`
	// Limit is the page size, at most 100 (Desk's default 20 when 0).
	Limit int `json:"Limit,omitempty"`
	// Offset skips that many messages.
	Offset int `json:"Offset,omitempty"`
	// Order is OrderAscending or OrderDescending (Desk's default when 0).
	Order int `json:"Order,omitempty"`
}

// Orders of ChatMessagesRequest.
const (
	OrderAscending  = 1
	OrderDescending = 2
)

// Roles of a ChatMessage's sender.
const (
	RoleUser   = 1
	RoleAgent  = 2
	RoleSystem = 3
)

// ChatMessages is a page of a session's messages.
type ChatMessages struct {
	// TotalCount is how many messages the session has.
	TotalCount int `json:"TotalCount"`
	// Messages is this page of them.
	Messages []ChatMessage `json:"Messages"`
}

// ChatMessage is one message of a session.
type ChatMessage struct {
	// FromAccount is who sent it.
	FromAccount string `json:"FromAccount"`
	// FromAccountRole is RoleUser, RoleAgent or RoleSystem.
	FromAccountRole int `json:"FromAccountRole"`
	// MsgBody is the message's elements.
	MsgBody []deskcallback.MsgElement `json:"MsgBody"`
	// Timestamp is when it was sent, in milliseconds.
	Timestamp deskcallback.Millis `json:"Timestamp"`
}

// MaxChatMessages is the largest page describe_chat_messages gives.
const MaxChatMessages = 100

// ChatMessages reads a page of a session's messages (describe_chat_messages).
func (c *Client) ChatMessages(ctx context.Context, req *ChatMessagesRequest) (*ChatMessages, error) {
	switch {
	case req == nil || req.SessionID == "":
		return nil, errors.Join(ErrInvalidRequest, errors.New("deskapi: ChatMessages: empty SessionID"))
	case req.Limit < 0 || req.Limit > MaxChatMessages:
		return nil, errors.Join(ErrInvalidRequest, errors.New("deskapi: ChatMessages: Limit is 0 to 100"))
	}
	res := new(ChatMessages)
	if err := c.call(ctx, "describe_chat_messages", req, res); err != nil {
		return nil, err
	}
	return res, nil
}
