package event

// School contact (家校通讯录) events. The references show no capture of
// these; the fields follow the other contact events, and unknown keys are
// ignored.

// EduChange is the body shared by the edu_* events.
type EduChange struct {
	// UserIDs are the users concerned (edu_user_*).
	UserIDs []string `json:"UserId,omitempty"`
	// DeptIDs are the classes or departments concerned.
	DeptIDs []int64 `json:"DeptId,omitempty"`
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}

// EduUserInsert is edu_user_insert (家校人员新增).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_insert",
//	 "UserId":["edu001"],"DeptId":[6001],"TimeStamp":"1640700000001"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserInsert struct {
	Header
	EduChange
}

// EduUserUpdate is edu_user_update (家校人员修改).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_update",
//	 "UserId":["edu001"],"DeptId":[6001],"TimeStamp":"1640700000002"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserUpdate struct {
	Header
	EduChange
}

// EduUserDelete is edu_user_delete (家校人员删除).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_delete",
//	 "UserId":["edu001"],"DeptId":[6001],"TimeStamp":"1640700000003"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserDelete struct {
	Header
	EduChange
}

// EduUserRelationInsert is edu_user_relation_insert (家校关系新增).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_relation_insert",
//	 "UserId":["edu001","edu002"],"TimeStamp":"1640700000004"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserRelationInsert struct {
	Header
	EduChange
}

// EduUserRelationUpdate is edu_user_relation_update (家校关系修改).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_relation_update",
//	 "UserId":["edu001","edu002"],"TimeStamp":"1640700000005"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserRelationUpdate struct {
	Header
	EduChange
}

// EduUserRelationDelete is edu_user_relation_delete (家校关系删除).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_user_relation_delete",
//	 "UserId":["edu001","edu002"],"TimeStamp":"1640700000006"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduUserRelationDelete struct {
	Header
	EduChange
}

// EduDeptInsert is edu_dept_insert (家校部门新增).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_dept_insert","DeptId":[6001],
//	 "TimeStamp":"1640700000007"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduDeptInsert struct {
	Header
	EduChange
}

// EduDeptUpdate is edu_dept_update (家校部门修改).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_dept_update","DeptId":[6001],
//	 "TimeStamp":"1640700000008"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduDeptUpdate struct {
	Header
	EduChange
}

// EduDeptDelete is edu_dept_delete (家校部门删除).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"edu_dept_delete","DeptId":[6001],
//	 "TimeStamp":"1640700000009"}
//
// Page: https://open.dingtalk.com/document/development/hidden-event-list
// (listed only). The fields come from a capture of this event (DingTalk's
// samples in the references), not from a page; identifiers decode from a JSON
// string or a number.
type EduDeptDelete struct {
	Header
	EduChange
}
