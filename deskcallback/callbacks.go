package deskcallback

import (
	"errors"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// Callback commands (CallbackCommand) the handler routes.
const (
	CommandSessionEventNotify = "Desk.SessionEventNotify"
	CommandOnAssignHuman      = "ChatBot.OnAssignHuman"
	// CommandOnAssignAgent is the name Tencent's Chat documentation gives
	// the same callback (https://www.tencentcloud.com/document/product/1047/63270);
	// the handler routes it to Config.OnAssignHuman too.
	CommandOnAssignAgent       = "ChatBot.OnAssignAgent"
	CommandInterfaceInvocation = "Chatbot.InterfaceInvocation"
)

// SessionEvent is the body of a Desk.SessionEventNotify callback: something
// happened in a customer-service session.
//
//	{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"2baf4d84-…","Event":"ChatBot.UserSendMsg",
//	 "EventTime":1725540020017,"ChannelType":"SDK","ClientUserId":"your_user_id",
//	 "CustomerServiceId":"@customer_service_account","AgentId":"test@qq.com","MsgKey":"152_1600012345_abcdefg",
//	 "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"请问如何申请退费?"}}],
//	 "CloudCustomData":"your cloud custom data","IsContactUser":false,"SatisfactionSelected":5}
type SessionEvent struct {
	// CallbackCommand is Desk.SessionEventNotify.
	CallbackCommand string `json:"CallbackCommand"`
	// SessionID identifies the session.
	SessionID string `json:"SessionId"`
	// Event is what happened.
	Event EventType `json:"Event"`
	// EventTime is when it happened.
	EventTime Millis `json:"EventTime"`
	// ChannelType is how the user is connected: "SDK" or the web/H5
	// integration.
	ChannelType string `json:"ChannelType"`
	// ClientUserID is the end user's IM UserID.
	ClientUserID string `json:"ClientUserId"`
	// CustomerServiceID is the IM UserID of the customer-service account.
	CustomerServiceID string `json:"CustomerServiceId"`
	// AgentID is the human agent, once there is one.
	AgentID string `json:"AgentId"`
	// MsgKey identifies the message, for message events.
	MsgKey string `json:"MsgKey"`
	// MsgBody is the message, for message events.
	MsgBody []MsgElement `json:"MsgBody"`
	// CloudCustomData is the message's custom data.
	CloudCustomData string `json:"CloudCustomData"`
	// IsContactUser is true when an agent contacted the user first.
	IsContactUser bool `json:"IsContactUser"`
	// SatisfactionSelected is the rating, 1 to 5, for SatisfactionSelected.
	SatisfactionSelected int64 `json:"SatisfactionSelected"`
}

// ParseSessionEvent decodes the body of a Desk.SessionEventNotify callback.
// Elements of unknown MsgType are kept as json.RawMessage; malformed input
// returns a *DecodeError naming the field.
func ParseSessionEvent(body []byte) (*SessionEvent, error) {
	if !jsonx.IsObject(body) {
		return nil, decode(CommandSessionEventNotify, body, nil)
	}
	ev := new(SessionEvent)
	if err := decodeSessionEvent(body, ev); err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			de.Command = CommandSessionEventNotify
		}
		return nil, err
	}
	return ev, nil
}

// AssignHumanRequest is the body of a ChatBot.OnAssignHuman callback
// (ChatBot.OnAssignAgent in the Chat documentation): a session is about to
// go to a human agent, and the receiver may choose who.
// https://cloud.tencent.com/document/product/679/116643,
// https://www.tencentcloud.com/document/product/1047/63270
//
//	{"CallbackCommand":"ChatBot.OnAssignHuman","SessionId":"aa-bb-cc-dd","ClientUserId":"123",
//	 "CustomerServiceId":"@customer_service_account","EventTime":1670574414123}
type AssignHumanRequest struct {
	// CallbackCommand is ChatBot.OnAssignHuman or ChatBot.OnAssignAgent.
	CallbackCommand string `json:"CallbackCommand"`
	// SessionID identifies the session.
	SessionID string `json:"SessionId"`
	// ClientUserID is the end user's IM UserID.
	ClientUserID string `json:"ClientUserId"`
	// CustomerServiceID is the UserID of the customer-service account (客服号)
	// the user wrote to; the Chinese page says only the SDK light
	// integration (SDK 轻量集成) sends it.
	CustomerServiceID string `json:"CustomerServiceId,omitempty"`
	// EventTime is when the transfer was asked for.
	EventTime Millis `json:"EventTime"`
}

// AssignHumanResult is what an OnAssignHuman handler answers: an agent group,
// a list of agents (their e-mail addresses), both, or neither to let Desk
// decide.
type AssignHumanResult struct {
	// AgentGroupID is the agent group to route to.
	AgentGroupID int64 `json:"AgentGroupId,omitempty"`
	// AgentIDs are the agents (e-mail addresses) to route to.
	AgentIDs []string `json:"AgentIdList,omitempty"`
}

// ParseAssignHuman decodes the body of a ChatBot.OnAssignHuman callback.
func ParseAssignHuman(body []byte) (*AssignHumanRequest, error) {
	req := new(AssignHumanRequest)
	if err := decode(CommandOnAssignHuman, body, req); err != nil {
		return nil, err
	}
	return req, nil
}

// InterfaceInvocationRequest is the body of a Chatbot.InterfaceInvocation
// callback: the bot calls the receiver with the session's variables.
type InterfaceInvocationRequest struct {
	// CallbackCommand is Chatbot.InterfaceInvocation.
	CallbackCommand string `json:"CallbackCommand"`
	// Body maps session variable names to their values.
	Body map[string]any `json:"Body"`
	// EventTime is when the bot made the call.
	EventTime Millis `json:"EventTime"`
}

// InterfaceInvocationResult is what an InterfaceInvocation handler answers:
// session variables to set.
type InterfaceInvocationResult struct {
	// Body maps session variable names to the values to set.
	Body map[string]any `json:"Body,omitempty"`
}

// ParseInterfaceInvocation decodes the body of a Chatbot.InterfaceInvocation
// callback.
func ParseInterfaceInvocation(body []byte) (*InterfaceInvocationRequest, error) {
	req := new(InterfaceInvocationRequest)
	if err := decode(CommandInterfaceInvocation, body, req); err != nil {
		return nil, err
	}
	return req, nil
}
