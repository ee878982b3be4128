package event

import "encoding/json"

// Service group (服务群) events: the customer-service groups themselves —
// their tickets (工单), forms, topics and settings. Every page lists internal
// apps (HTTP push and Stream); the ticket create, take and urge pages third-
// party apps too (Stream and SyncHTTP/RDS). HTTP bodies and Stream data
// carry the same keys, except where a type's doc says so.

// Operations on a ticket, the OperateType of a Ticket.
const (
	TicketCreate     = "CREATE"      // servicegroup_ticket_create
	TicketTake       = "TAKE"        // servicegroup_ticket_take
	TicketUrge       = "URGE"        // servicegroup_ticket_urge
	TicketAddMemo    = "ADD_MEMO"    // servicegroup_ticket_memo_add
	TicketRead       = "READ"        // servicegroup_ticket_read
	TicketDealResult = "DEAL_RESULT" // servicegroup_ticket_deal_feedback
)

// ServiceGroupUser is a person named in a service group event: an operator,
// a processor, a taker or a receiver.
//
//	{"unionId":"9dQurQX3VspSKB3lvssfOgiEiE","nickName":"王鸿程"}
type ServiceGroupUser struct {
	// UnionID is their unionId.
	UnionID string `json:"unionId,omitempty"`
	// NickName is their nickname.
	NickName string `json:"nickName,omitempty"`
}

// TicketAttachment is a file attached to a ticket's memo.
//
//	{"fileName":"01d1….jpeg","type":"img","key":"ticket/image/41661019/…/8812….jpeg"}
type TicketAttachment struct {
	// FileName is the file's name.
	FileName string `json:"fileName,omitempty"`
	// Type is the kind of file, such as "img".
	Type string `json:"type,omitempty"`
	// Key is the file's storage key.
	Key string `json:"key,omitempty"`
}

// TicketMemo is the memo (备注) of a ticket operation.
type TicketMemo struct {
	// Memo is the text.
	Memo string `json:"memo,omitempty"`
	// Attachments are the files attached.
	Attachments []TicketAttachment `json:"attachments,omitempty"`
}

// TicketSnapshot is the state of a ticket when it was read.
type TicketSnapshot struct {
	// Stage is the ticket's stage, such as "PROCESSING".
	Stage string `json:"stage,omitempty"`
	// Processor is who is processing it.
	Processor ServiceGroupUser `json:"processor"`
	// Takers are who may take it.
	Takers []ServiceGroupUser `json:"takers,omitempty"`
}

// TicketOperateData is what an operation on a ticket carries; which fields
// are set depends on the operation.
type TicketOperateData struct {
	// Operate is the card operation of a read ticket, such as "CREATE".
	Operate string `json:"operate,omitempty"`
	// TicketSnapshot is the ticket as it was read (servicegroup_ticket_read).
	TicketSnapshot TicketSnapshot `json:"ticketSnapshot"`
	// OriginTakers are who could take the ticket
	// (servicegroup_ticket_take).
	OriginTakers []ServiceGroupUser `json:"originTakers,omitempty"`
	// Receivers are who were urged (servicegroup_ticket_urge).
	Receivers []ServiceGroupUser `json:"receivers,omitempty"`
	// DealResult is the feedback on how the ticket was dealt with, such as
	// "SOLVED" (servicegroup_ticket_deal_feedback).
	DealResult string `json:"dealResult,omitempty"`
}

// Ticket is the spiTicketModel of a servicegroup_ticket_* event: one
// operation on one ticket of a service group.
//
//	{"operateType":"URGE","operatorNickName":"王鸿程","operatorUnionId":"9dQurQX3VspSKB3lvssfOgiEiE",
//	 "openTicketId":"ISeGR7JOP8IiE","operateData":{"receivers":[{"unionId":"1AE3…","nickName":"李航宇"}]},
//	 "operateMemo":{"memo":"测试","attachments":[{"fileName":"01d1….jpeg","type":"img","key":"ticket/…"}]}}
type Ticket struct {
	// OpenTicketID is the ticket's id.
	OpenTicketID string `json:"openTicketId,omitempty"`
	// OperateType is the operation: TicketCreate, TicketTake, TicketUrge,
	// TicketAddMemo, TicketRead or TicketDealResult.
	OperateType string `json:"operateType,omitempty"`
	// OperatorNickName is the nickname of who operated.
	OperatorNickName string `json:"operatorNickName,omitempty"`
	// OperatorUnionID is their unionId.
	OperatorUnionID string `json:"operatorUnionId,omitempty"`
	// OperateData is what the operation carries.
	OperateData TicketOperateData `json:"operateData"`
	// OperateMemo is the memo of a memo, urge or feedback operation.
	OperateMemo TicketMemo `json:"operateMemo"`
}

// TicketChange is the body shared by the servicegroup_ticket_* events.
type TicketChange struct {
	// Ticket is the operation (key "spiTicketModel").
	Ticket Ticket `json:"spiTicketModel"`
}

// ServiceGroupTicketCreate is servicegroup_ticket_create (服务群工单创建): a
// ticket was created.
//
//	{"EventType":"servicegroup_ticket_create","EventTime":1663143335567,"CorpId":"ding9f50b15bxxxx16741",
//	 "BizId":"1663**35567","eventId":"c7c7120f2c07419**ebdba0318c8",
//	 "spiTicketModel":{"operateType":"CREATE","operatorNickName":"王鸿程",
//	 "operatorUnionId":"9dQurQX3VspSKB3lvssfOgiEiE","openTicketId":"ISeGR7JOP8IiE"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-creation
// (internal HTTP and Stream, third-party Stream and SyncHTTP/RDS biz_type
// 115). The fields are the page's.
type ServiceGroupTicketCreate struct {
	Header
	TicketChange
}

// ServiceGroupTicketTake is servicegroup_ticket_take (服务群工单申领): someone
// took a ticket; OperateData.OriginTakers are who could have.
//
//	{"spiTicketModel":{"operateData":{"originTakers":[{"unionId":"9dQu…","nickName":"王鸿程"}]},
//	 "operateType":"TAKE","operatorNickName":"王鸿程","operatorUnionId":"9dQu…","openTicketId":"ISeGR7JOP8IiE"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-application
// (internal HTTP and Stream, third-party Stream and SyncHTTP/RDS biz_type
// 116). The fields are the page's.
type ServiceGroupTicketTake struct {
	Header
	TicketChange
}

// ServiceGroupTicketUrge is servicegroup_ticket_urge (服务群工单催办): someone
// urged the OperateData.Receivers to deal with a ticket, with a memo.
//
//	{"spiTicketModel":{"operateData":{"receivers":[{"unionId":"1AE3…","nickName":"李航宇"}]},
//	 "operateType":"URGE","operatorNickName":"王鸿程","operatorUnionId":"9dQu…","openTicketId":"ISeGR7JOP8IiE",
//	 "operateMemo":{"attachments":[{"fileName":"01d1….jpeg","type":"img","key":"ticket/…"}],"memo":"测试"}}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-reminder
// (internal HTTP and Stream, third-party Stream and SyncHTTP/RDS biz_type
// 122). The fields are the page's.
type ServiceGroupTicketUrge struct {
	Header
	TicketChange
}

// ServiceGroupTicketMemoAdd is servicegroup_ticket_memo_add (服务群工单添加备注):
// someone added a memo to a ticket.
//
//	{"spiTicketModel":{"operateType":"ADD_MEMO","operatorNickName":"张宇航小号","operatorUnionId":"NK0q…",
//	 "openTicketId":"ISeGR7JOP8IiE","operateMemo":{"attachments":[…],"memo":"测试"}}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-add-comment
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupTicketMemoAdd struct {
	Header
	TicketChange
}

// ServiceGroupTicketRead is servicegroup_ticket_read (服务群工单已读): someone
// read a ticket; OperateData.TicketSnapshot is the ticket as they saw it.
//
//	{"spiTicketModel":{"operateData":{"operate":"CREATE","ticketSnapshot":{"takers":[{"unionId":"1111",
//	 "nickName":"张三"}],"stage":"PROCESSING","processor":{"unionId":"1111","nickName":"张三"}}},
//	 "operateType":"READ","operatorNickName":"张三","operatorUnionId":"11111","openTicketId":"ISeGR7JOP8IiE"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-read
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupTicketRead struct {
	Header
	TicketChange
}

// ServiceGroupTicketDealFeedback is servicegroup_ticket_deal_feedback
// (服务群工单处理反馈): the customer said whether the ticket was solved
// (OperateData.DealResult, such as "SOLVED").
//
//	{"corpId":"dingadc88253b4d581bd35c2f4657eb6378f","bizId":"88888","spiTicketModel":{
//	 "operateData":{"dealResult":"SOLVED"},"operateType":"DEAL_RESULT","operatorNickName":"张宇航小号",
//	 "operatorUnionId":"NK0q…","openTicketId":"dkp1jLhLpgMiE","operateMemo":{"memo":"8888"}}}
//
// Page: https://open.dingtalk.com/document/development/service-group-work-order-processing-feedback
// (internal HTTP and Stream). The fields are the page's. The Stream sample's
// data names an organisation (corpId) other than its envelope's
// (eventCorpId): it goes to DataCorpID; its bizId to Header.BizID.
type ServiceGroupTicketDealFeedback struct {
	Header
	DataCorp
	TicketChange
}

// GroupOperateData is what a change of a service group carries: the
// business id bound to the group for a BIZ_ID_BIND_CHANGE.
type GroupOperateData struct {
	// BizID is the business id bound to the group.
	BizID string `json:"bizId,omitempty"`
}

// GroupChange is the spiGroupModel of a servicegroup_group_info_change
// event.
type GroupChange struct {
	// OpenConversationID is the group's openConversationId.
	OpenConversationID string `json:"openConversationId,omitempty"`
	// OpenTeamID is the service team's id.
	OpenTeamID string `json:"openTeamId,omitempty"`
	// OperateType is the change, such as "BIZ_ID_BIND_CHANGE".
	OperateType string `json:"operateType,omitempty"`
	// OperatorNickName is the nickname of who changed it.
	OperatorNickName string `json:"operatorNickName,omitempty"`
	// OperatorUnionID is their unionId.
	OperatorUnionID string `json:"operatorUnionId,omitempty"`
	// OperateData is what the change carries ({} for none).
	OperateData GroupOperateData `json:"operateData"`
}

// ServiceGroupGroupInfoChange is servicegroup_group_info_change
// (服务群群信息变更): a service group's settings changed.
//
//	{"spiGroupModel":{"operateData":{"bizId":"11222"},"openTeamId":"exxxxxxwsKEiE",
//	 "operateType":"BIZ_ID_BIND_CHANGE","operatorNickName":"xxxx","operatorUnionId":"NK0q…",
//	 "openConversationId":"cidcxxxxxad4PB5ziwAOzgZGw=="}}
//
// Page: https://open.dingtalk.com/document/development/event-servicegroup-group-info-change
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupGroupInfoChange struct {
	Header
	// Group is the change (key "spiGroupModel").
	Group GroupChange `json:"spiGroupModel"`
}

// Form scenes, the FormScene of a FormInstance.
const (
	FormSceneCustomer  = "DING_CUSTOMER"   // a customer
	FormSceneContact   = "DING_CONTACT"    // a contact
	FormSceneJoinGroup = "DING_JOIN_GROUP" // a join-group form
)

// Form operations, the OperateType of a FormInstance.
const (
	FormCreate                = "CREATE_CUSTOM"           // servicegroup_custom_object_create
	FormEdit                  = "EDIT_CUSTOM"             // servicegroup_custom_object_edit
	FormDelete                = "DELETE_CUSTOM"           // servicegroup_custom_object_delete
	FormContactRelateCustomer = "CONTACT_RELATE_CUSTOMER" // servicegroup_contact_relate_customer
	FormContactJoinGroup      = "CONTACT_JOIN_GROUP_FORM" // servicegroup_contact_join_group_form
)

// FormInstance is the spiCrmModel of the service group form events: an
// instance of a customer, contact or join-group form was created, edited or
// deleted.
//
//	{"openTeamId":"iPXXXXxxxxxx","externalBizId":"XXxxxxxx","formScene":"DING_CUSTOMER",
//	 "openDataInstanceId":"8Cxxxxxxxxxx","operateType":"EDIT_CUSTOM","operatorNickName":"李四",
//	 "formData":{"belongCustomerId":"eOGxxxxxxxxxxxxx"},"operatorUnionId":"4kxxxxxxxxxx"}
type FormInstance struct {
	// OpenTeamID is the service team's id.
	OpenTeamID string `json:"openTeamId,omitempty"`
	// ExternalBizID is the instance's id in the user's own system.
	ExternalBizID string `json:"externalBizId,omitempty"`
	// FormScene is FormSceneCustomer, FormSceneContact or
	// FormSceneJoinGroup.
	FormScene string `json:"formScene,omitempty"`
	// OpenDataInstanceID is the instance's (encrypted) id.
	OpenDataInstanceID string `json:"openDataInstanceId,omitempty"`
	// OperateType is FormCreate, FormEdit, FormDelete,
	// FormContactRelateCustomer or FormContactJoinGroup.
	OperateType string `json:"operateType,omitempty"`
	// OperatorNickName is the nickname of who operated.
	OperatorNickName string `json:"operatorNickName,omitempty"`
	// OperatorUnionID is their (encrypted) unionId.
	OperatorUnionID string `json:"operatorUnionId,omitempty"`
	// FormData is the form's fields as received: their keys are the codes
	// of the form's items, which the form's configuration decides, and
	// DingTalk's samples spell them in camelCase in Stream data
	// ("belongCustomerId") and in snake_case in HTTP bodies
	// ("belong_customer_id").
	FormData json.RawMessage `json:"formData,omitempty"`
}

// FormChange is the body shared by the service group form events.
type FormChange struct {
	// Form is the instance (key "spiCrmModel").
	Form FormInstance `json:"spiCrmModel"`
}

// ServiceGroupCustomObjectCreate is servicegroup_custom_object_create
// (服务群自定义表单创建实例).
//
//	{"spiCrmModel":{"openTeamId":"iPXXXXXXXXX","externalBizId":"XXXXX","formScene":"DING_CUSTOMER",
//	 "openDataInstanceId":"eOGXXXXXXXXXX","operateType":"CREATE_CUSTOM","operatorNickName":"李四",
//	 "formData":{"customerType":1,"customerName":"testCorpInfo_1"},"operatorUnionId":"Shxxxxxxxxxxxxxxx"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-custom-form-creation-instance
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupCustomObjectCreate struct {
	Header
	FormChange
}

// ServiceGroupCustomObjectEdit is servicegroup_custom_object_edit
// (服务群自定义表单更新实例).
//
//	{"spiCrmModel":{"openTeamId":"iPXXXXxxxxxx","externalBizId":"XXxxxxxx","formScene":"DING_CUSTOMER",
//	 "openDataInstanceId":"8Cxxxxxxxxxx","operateType":"EDIT_CUSTOM","operatorNickName":"李四",
//	 "formData":{"belongCustomerId":"eOGxxxxxxxxxxxxx"},"operatorUnionId":"4kxxxxxxxxxx"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-custom-form-update-instance
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupCustomObjectEdit struct {
	Header
	FormChange
}

// ServiceGroupCustomObjectDelete is servicegroup_custom_object_delete
// (服务群自定义表单删除实例).
//
//	{"spiCrmModel":{"openTeamId":"iPxxxxxxx","externalBizId":"xxxx","formScene":"DING_CUSTOMER",
//	 "openDataInstanceId":"exxxxxxxxxx","operateType":"DELETE_CUSTOM","operatorNickName":"李四",
//	 "operatorUnionId":"4kIxxxxxxxxxxxxxxx"}}
//
// Page: https://open.dingtalk.com/document/development/service-group-custom-form-delete-instance
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupCustomObjectDelete struct {
	Header
	FormChange
}

// ServiceGroupContactRelateCustomer is servicegroup_contact_relate_customer
// (服务群联系人关联客户): a contact was linked to a customer.
//
//	{"spiCrmModel":{"openTeamId":"iPxxxxxxxx","externalBizId":"iPxxxxxxxxxxxx","formScene":"DING_JOIN_GROUP",
//	 "openDataInstanceId":"qsxxxxxxxxxxx","operateType":"CONTACT_JOIN_GROUP_FORM","operatorNickName":"李四",
//	 "formData":{"belongCustomerId":"xxxxxxx"},"operatorUnionId":"4kIxxxxxxxxxxxxxxxxx"}}
//
// Page: https://open.dingtalk.com/document/development/event-servicegroup-contact-relate-customer
// (internal HTTP and Stream). The fields are the page's; its samples give
// the operateType of the join-group form event, not
// FormContactRelateCustomer, and the value is kept as sent.
type ServiceGroupContactRelateCustomer struct {
	Header
	FormChange
}

// ServiceGroupContactJoinGroupForm is servicegroup_contact_join_group_form
// (服务群入群表单保存): someone filled in a service group's join form.
//
//	{"spiCrmModel":{"openTeamId":"iPxxxxxxxx","formScene":"DING_JOIN_GROUP","openDataInstanceId":"qsxxxxxxxxxxx",
//	 "operateType":"CONTACT_JOIN_GROUP_FORM","formData":{"dINGCUSTOMER":{"dingCustomerId":"Oidxxxxxxxx",
//	 "customerName":"李四"}}}}
//
// Page: https://open.dingtalk.com/document/development/event-servicegroup-contact-join-group-form
// (internal HTTP and Stream). The fields are the page's; the HTTP sample
// spells the form's customer key "DING_CUSTOMER", the Stream one
// "dINGCUSTOMER" (FormData keeps either as sent).
type ServiceGroupContactJoinGroupForm struct {
	Header
	FormChange
}

// Topic is the bizData of a servicegroup_voc_topic_detail event: a topic
// the service group's voice-of-customer analysis found in a conversation.
// Every value is a string on the page, counts and times included. Stream
// data spells the keys in camelCase, HTTP bodies in snake_case: both decode.
type Topic struct {
	// UniqueID identifies the topic.
	UniqueID string `json:"uniqueId,omitempty" alias:"unique_id"`
	// Topic is the topic ("返佣标准").
	Topic string `json:"topic,omitempty"`
	// BizTopic is the kind of topic, such as "SG_TOPIC_DETAIL".
	BizTopic string `json:"bizTopic,omitempty" alias:"biz_topic"`
	// Title is the message that opened the topic.
	Title string `json:"title,omitempty"`
	// TitleCreateAt is when, as written ("2021-09-06 20:47:10").
	TitleCreateAt string `json:"titleCreateAt,omitempty" alias:"title_create_at"`
	// TitleSenderNick is the nickname of who sent it.
	TitleSenderNick string `json:"titleSenderNick,omitempty" alias:"title_sender_nick"`
	// TitleSenderRole is their role, such as "SERVER".
	TitleSenderRole string `json:"titleSenderRole,omitempty" alias:"title_sender_role"`
	// TitleSenderUUID is their uid.
	TitleSenderUUID string `json:"titleSenderUuid,omitempty" alias:"title_sender_uuid"`
	// Labels are the topic's labels, joined by "##".
	Labels string `json:"labels,omitempty"`
	// ParticipantsNum is how many took part ("2").
	ParticipantsNum string `json:"participantsNum,omitempty" alias:"participants_num"`
	// MsgCount is how many messages the topic has ("10").
	MsgCount string `json:"msgCount,omitempty" alias:"msg_count"`
	// ChatContext is the conversation around it, as a JSON string ("[]").
	ChatContext string `json:"chatContext,omitempty" alias:"chat_context"`
	// GroupID is the group's id.
	GroupID string `json:"groupId,omitempty" alias:"group_id"`
	// GroupName is the group's name.
	GroupName string `json:"groupName,omitempty" alias:"group_name"`
	// OpenConversationID is the group's openConversationId.
	OpenConversationID string `json:"openConversationId,omitempty" alias:"open_conversation_id"`
	// Channel is the channel, such as "DING_GROUP".
	Channel string `json:"channel,omitempty"`
	// Source is the source, such as "DING_CCM".
	Source string `json:"source,omitempty"`
	// TeamID is the service team's id.
	TeamID string `json:"teamId,omitempty" alias:"team_id"`
	// OpenTeamID is the service team's open id.
	OpenTeamID string `json:"openTeamId,omitempty" alias:"open_team_id"`
	// OrgID is the organisation's id.
	OrgID string `json:"orgId,omitempty" alias:"org_id"`
	// CorpID is the organisation's corpId.
	CorpID string `json:"corpId,omitempty" alias:"corp_id"`
}

// TopicBody is the body of a servicegroup_voc_topic_detail event.
type TopicBody struct {
	// BizData is the topic.
	BizData Topic `json:"bizData"`
}

// ServiceGroupVocTopicDetail is servicegroup_voc_topic_detail
// (服务群话题变更事件): a topic in a service group changed.
//
//	{"body":{"bizData":{"openTeamId":"kiPoxS9ZR9WsiE","titleSenderNick":"花花","groupId":"1111111",
//	 "channel":"DING_GROUP","source":"DING_CCM","title":"返佣政策啥时候公布","topic":"返佣标准",
//	 "labels":"返佣##返佣标准##忽略##返佣政策##公布","msgCount":"10","uniqueId":"b58e…",…}}}
//
// Page: https://open.dingtalk.com/document/development/internal-cloud-service-group-topic-change-event
// (internal HTTP and Stream). The fields are the page's.
type ServiceGroupVocTopicDetail struct {
	Header
	// Body holds the topic (key "body").
	Body TopicBody `json:"body"`
}

// ServiceGroupGroupMessageReadTopicDetail is
// servicegroup_group_message_read_topic_detail (服务群群消息已读未读): who read
// the messages of a service group.
//
// DingTalk lists this event without documenting its payload, and there is no
// capture of it: the payload is kept in Raw, undecoded.
//
// Listed at: https://open.dingtalk.com/document/development/hidden-event-list
type ServiceGroupGroupMessageReadTopicDetail struct {
	Header
	Undocumented
}
