package event

// Robot message (机器人消息) events: what became of a message a robot sent.
// The messages themselves reach a robot through package dingbot.

// RobotMessage is the body shared by robot_msg_recall and robot_msg_read.
// Stream data spells its keys in camelCase, HTTP bodies and SyncHTTP
// biz_data in PascalCase; OperatTime is spelt so by DingTalk and comes as a
// number or a quoted number.
//
//	{"unionId":"sdjkqwheda","operatTime":1654641965416,"robotCode":"dingnxkjdhasdw",
//	 "openConversationId":"cidajsddddashqwio","userId":"manager","processQueryKey":"dsadfsafaewsrdefe"}
type RobotMessage struct {
	// ProcessQueryKey identifies the message: the processQueryKey its send
	// returned.
	ProcessQueryKey string `json:"processQueryKey,omitempty"`
	// RobotCode is the robot's code, when the message was sent with one.
	RobotCode string `json:"robotCode,omitempty"`
	// OpenConversationID is the conversation, for a message sent to a group
	// or a one-to-one chat with it named.
	OpenConversationID string `json:"openConversationId,omitempty"`
	// UnionID is the unionId of who recalled or read it.
	UnionID string `json:"unionId,omitempty"`
	// UserID is their userId, when they belong to the organisation.
	UserID string `json:"userId,omitempty"`
	// OperatTime is when (key "operatTime").
	OperatTime Millis `json:"operatTime,omitempty"`
}

// RobotMsgRecall is robot_msg_recall (机器人消息撤回事件): a message a robot
// sent was recalled.
//
//	{"EventType":"robot_msg_recall","EventTime":1663143335567,"CorpId":"ding9f50b15bxxxx16741",
//	 "BizId":"1663**35567","eventId":"c7c7120f2c07419**ebdba0318c8","OpenConversationId":"cidajsddddashqwio",
//	 "UserId":"manager","OperatTime":1654641965416,"UnionId":"sdjkqwheda",
//	 "ProcessQueryKey":"dsadfsafaewsrdefe","RobotCode":"dingnxkjdhasdw"}
//
// Page: https://open.dingtalk.com/document/development/bot-message-withdrawal-event
// (internal HTTP and Stream, third-party Stream and SyncHTTP/RDS biz_type
// 261). The fields are the page's.
type RobotMsgRecall struct {
	Header
	RobotMessage
}

// RobotMsgRead is robot_msg_read (机器人消息已读事件): a message a robot sent
// was read.
//
//	{"unionId":"sdjkqwheda","operatTime":"1654641965416","robotCode":"dingnxkjdhasdw",
//	 "openConversationId":"cidajsdhqwiocid111","userId":"manager","processQueryKey":"dsadfsafaewsrdefe"}
//
// Page: https://open.dingtalk.com/document/development/bot-message-read-event
// (internal HTTP and Stream, third-party Stream and SyncHTTP/RDS biz_type
// 260). The fields are the page's; its samples quote OperatTime.
type RobotMsgRead struct {
	Header
	RobotMessage
}
