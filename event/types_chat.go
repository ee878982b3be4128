package event

// Group chat (群会话) events.

// Chat is the body shared by the chat_* events. The pages spell its keys in
// camelCase (chatId, openConversationId, operator, operatorUnionId,
// timeStamp), older bodies in PascalCase; the body's corpId goes to
// Header.CorpID. Identifiers decode from a JSON string or a number.
type Chat struct {
	// ChatID is the chatId of the group.
	ChatID string `json:"ChatId"`
	// OpenConversationID is the openConversationId of the group.
	OpenConversationID string `json:"OpenConversationId"`
	// Operator is the userId of who made the change.
	Operator string `json:"Operator"`
	// OperatorUnionID is the unionId of who made the change.
	OperatorUnionID string `json:"OperatorUnionId,omitempty"`
	// TimeStamp is when the change happened (a JSON number for chat events).
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// ChatMembers is the body of chat_add_member and chat_remove_member.
type ChatMembers struct {
	Chat
	// UserIDs are the userIds of the members added or removed.
	UserIDs []string `json:"UserId"`
	// UnionIDs are their unionIds.
	UnionIDs []string `json:"UnionId,omitempty"`
}

// ChatAddMember is chat_add_member (群添加人员).
//
//	{"Operator":"manager164","OpenConversationId":"cidOuTaLz7/D7zkkM/5PlrQQA==","CorpId":"dingc7…",
//	 "EventType":"chat_add_member","UserId":["16399780922588973"],"UnionId":["iSjYiSU5816QIIG0p3h4iP2UQiEiE"],
//	 "OperatorUnionId":"ABNiSWeAolg5OETyYT60wdQiEiE","TimeStamp":1640601921836,"ChatId":"chat691a…"}
//
// Page: https://open.dingtalk.com/document/development/group-session-add-persons
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's, with userId and unionId.
type ChatAddMember struct {
	Header
	ChatMembers
}

// ChatRemoveMember is chat_remove_member (群删除人员).
//
//	{"Operator":"manager164","OpenConversationId":"cidOuTaLz7/D7zkkM/5PlrQQA==",
//	 "CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"chat_remove_member",
//	 "UserId":["011505184066774889"],"UnionId":["oiiRiSE5704kGgOZEHGGYmcQiEiE"],
//	 "OperatorUnionId":"ABNiSWeAolg5OETyYT60wdQiEiE","TimeStamp":1640601958259,
//	 "ChatId":"chat691a41db53b100115bec3603472d78a9"}
//
// Page: https://open.dingtalk.com/document/development/group-session-delete-persons
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's, with userId and unionId.
type ChatRemoveMember struct {
	Header
	ChatMembers
}

// ChatQuit is chat_quit (有人退群): a member left the group.
//
//	{"Operator":"011505184066774889","OpenConversationId":"cidOuTaLz7/D7zkkM/5PlrQQA==",
//	 "CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"chat_quit",
//	 "OperatorUnionId":"oiiRiSE5704kGgOZEHGGYmcQiEiE","TimeStamp":1640602000000,
//	 "ChatId":"chat691a41db53b100115bec3603472d78a9"}
//
// Page: https://open.dingtalk.com/document/development/group-session-users-actively-withdraw-from-the-group
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's.
type ChatQuit struct {
	Header
	Chat
}

// ChatUpdateOwner is chat_update_owner (群主变更).
//
//	{"Operator":"manager164","OpenConversationId":"cidOuTaLz7/D7zkkM/5PlrQQA==",
//	 "CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"chat_update_owner",
//	 "Owner":"011505184066774889","OperatorUnionId":"ABNiSWeAolg5OETyYT60wdQiEiE",
//	 "TimeStamp":1640602100000,"ChatId":"chat691a41db53b100115bec3603472d78a9"}
//
// Page: https://open.dingtalk.com/document/development/group-session-change-group-master
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's, with owner
// (its page lists no chatId or operator).
type ChatUpdateOwner struct {
	Header
	Chat
	// Owner is the userId of the new owner.
	Owner string `json:"Owner,omitempty"`
}

// ChatUpdateTitle is chat_update_title (群名称变更).
//
//	{"Operator":"manager164","OpenConversationId":"cidOuTaLz7/D7zkkM/5PlrQQA==",
//	 "CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"chat_update_title","Title":"项目群",
//	 "OperatorUnionId":"ABNiSWeAolg5OETyYT60wdQiEiE","TimeStamp":1640602200000,
//	 "ChatId":"chat691a41db53b100115bec3603472d78a9"}
//
// Page: https://open.dingtalk.com/document/development/group-session-change-group-name
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's, with title.
type ChatUpdateTitle struct {
	Header
	Chat
	// Title is the new name of the group.
	Title string `json:"Title,omitempty"`
}

// ChatDisband is chat_disband (群会话解散群).
//
//	{"Operator":"manager3060","OpenConversationId":"cid740SMooADFxmWX3DvIyp4g==","CorpId":"ding0761…",
//	 "EventType":"chat_disband","OperatorUnionId":"3bOBVxFv0J8VOu3J4jGhZQiEiE","TimeStamp":1640754514696,"ChatId":"chat6418…"}
//
// Page: https://open.dingtalk.com/document/development/group-session-disband-group
// (internal HTTP and Stream, third-party Stream); compared field by field,
// the fields are the page's.
type ChatDisband struct {
	Header
	Chat
}
