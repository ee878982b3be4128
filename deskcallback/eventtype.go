package deskcallback

// EventType is the Event of a Desk.SessionEventNotify callback. It is an open
// set: Tencent adds events, and an unknown value decodes as it is.
type EventType string

// The documented session events.
const (
	EventSessionBegin                EventType = "SessionBegin"                // 会话开始
	EventChatBotUserSendMsg          EventType = "ChatBot.UserSendMsg"         // 机器人阶段中用户发送的消息
	EventChatBotRobotSendMsg         EventType = "ChatBot.RobotSendMsg"        // 机器人阶段中机器人回复的消息
	EventHumanUserSendMsg            EventType = "Human.UserSendMsg"           // 人工阶段中用户发送的消息
	EventHumanAgentSendMsg           EventType = "Human.AgentSendMsg"          // 人工阶段中客服发送的消息
	EventTransferringToHuman         EventType = "TransferringToHuman"         // 转人工中
	EventTransferringToHumanWait     EventType = "TransferringToHumanWait"     // 转人工排队中
	EventTransferToHumanSuccess      EventType = "TransferToHumanSuccess"      // 转人工成功
	EventNoAgentOnline               EventType = "NoAgentOnline"               // 无人工客服在线
	EventAgentForward                EventType = "AgentForward"                // 客服转接
	EventSatisfactionSelected        EventType = "SatisfactionSelected"        // 满意度评价
	EventSessionUserEnd              EventType = "SessionUserEnd"              // 用户结束会话
	EventSessionAgentEnd             EventType = "SessionAgentEnd"             // 客服结束会话
	EventSessionUserTimeoutEnd       EventType = "SessionUserTimeoutEnd"       // 用户应答超时结束会话
	EventSessionAgentTimeoutEnd      EventType = "SessionAgentTimeoutEnd"      // 客服应答超时结束会话
	EventSessionPendingAutoFinishEnd EventType = "SessionPendingAutoFinishEnd" // 排队中自动结束(用户离线)
	EventSessionEnd                  EventType = "SessionEnd"                  // 会话结束
)

// EventTypes returns the documented session events.
func EventTypes() []EventType {
	return []EventType{
		EventSessionBegin, EventChatBotUserSendMsg, EventChatBotRobotSendMsg, EventHumanUserSendMsg,
		EventHumanAgentSendMsg, EventTransferringToHuman, EventTransferringToHumanWait,
		EventTransferToHumanSuccess, EventNoAgentOnline, EventAgentForward, EventSatisfactionSelected,
		EventSessionUserEnd, EventSessionAgentEnd, EventSessionUserTimeoutEnd, EventSessionAgentTimeoutEnd,
		EventSessionPendingAutoFinishEnd, EventSessionEnd,
	}
}

// IsMessage reports whether the event carries a message (MsgKey and MsgBody):
// a user, robot or agent sent it.
func (e EventType) IsMessage() bool {
	switch e {
	case EventChatBotUserSendMsg, EventChatBotRobotSendMsg, EventHumanUserSendMsg, EventHumanAgentSendMsg:
		return true
	}
	return false
}

// IsFromUser reports whether the event is a message the end user sent.
func (e EventType) IsFromUser() bool {
	return e == EventChatBotUserSendMsg || e == EventHumanUserSendMsg
}

// IsSessionEnd reports whether the event ends the session, for whatever
// reason.
func (e EventType) IsSessionEnd() bool {
	switch e {
	case EventSessionUserEnd, EventSessionAgentEnd, EventSessionUserTimeoutEnd, EventSessionAgentTimeoutEnd,
		EventSessionPendingAutoFinishEnd, EventSessionEnd:
		return true
	}
	return false
}

// IsKnown reports whether e is one of the documented events.
func (e EventType) IsKnown() bool {
	switch e {
	case EventSessionBegin, EventTransferringToHuman, EventTransferringToHumanWait, EventTransferToHumanSuccess,
		EventNoAgentOnline, EventAgentForward, EventSatisfactionSelected:
		return true
	}
	return e.IsMessage() || e.IsSessionEnd()
}
