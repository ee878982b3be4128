package event

// Contact (通讯录) events: users, departments, administrators and the
// organisation itself.

// UserChange is the body shared by the user_*_org events.
type UserChange struct {
	// UserIDs are the userIds of the users concerned.
	UserIDs []string `json:"UserId"`
	// OptStaffID is the userId of the operator; absent for users added by
	// DingTalk's HR app.
	OptStaffID string `json:"OptStaffId,omitempty"`
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}

// OrgUserAdd is user_add_org (通讯录用户增加): users joined the organisation.
//
//	{"CorpId":"dingc7…","EventType":"user_add_org","UserId":["184919295227658120"],
//	 "OptStaffId":"manager164","TimeStamp":"1640921671286"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgUserAdd struct {
	Header
	UserChange
}

// OrgUserModify is user_modify_org (通讯录用户更改): users' profiles changed.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"user_modify_org",
//	 "UserId":["manager164"],"OptStaffId":"manager164","TimeStamp":"1640657432022"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgUserModify struct {
	Header
	UserChange
}

// OrgUserLeave is user_leave_org (通讯录用户离职): users left the organisation.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"user_leave_org",
//	 "UserId":["16399780922588973"],"OptStaffId":"manager164","TimeStamp":"1640658366191"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgUserLeave struct {
	Header
	UserChange
}

// OrgUserActive is user_active_org (加入企业后用户激活): users activated their
// account after joining.
//
//	{"CorpId":"dinge8a5xxxx","EventType":"user_active_org","UserId":["0119296xxx"],
//	 "TimeStamp":"1608017258073"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgUserActive struct {
	Header
	UserChange
}

// AdminChange is the body of org_admin_add and org_admin_remove.
type AdminChange struct {
	// UserIDs are the userIds of the users concerned.
	UserIDs []string `json:"UserId"`
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}

// OrgAdminAdd is org_admin_add (通讯录用户被设为管理员). DingTalk sends a
// label_user_change with it.
//
//	{"CorpId":"dingc7…","EventType":"org_admin_add","UserId":["011505184066774889"],"TimeStamp":"1640670965261"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgAdminAdd struct {
	Header
	AdminChange
}

// OrgAdminRemove is org_admin_remove (通讯录用户被取消设置管理员). DingTalk
// sends a label_user_change with it.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_admin_remove",
//	 "UserId":["011505184066774889"],"TimeStamp":"1640671615174"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgAdminRemove struct {
	Header
	AdminChange
}

// DeptChange is the body of the org_dept_* events.
type DeptChange struct {
	// DeptIDs are the ids of the departments concerned.
	DeptIDs []int64 `json:"DeptId"`
	// TimeStamp is when the change happened; org_dept_create may lack it.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}

// OrgDeptCreate is org_dept_create (通讯录企业部门创建).
//
//	{"CorpId":"dingc7…","EventType":"org_dept_create","DeptId":[581208264],"TimeStamp":"1640669222083"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgDeptCreate struct {
	Header
	DeptChange
}

// OrgDeptModify is org_dept_modify (通讯录企业部门修改).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_dept_modify",
//	 "DeptId":[581208264],"TimeStamp":"1640669396434"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgDeptModify struct {
	Header
	DeptChange
}

// OrgDeptRemove is org_dept_remove (通讯录企业部门删除).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_dept_remove",
//	 "DeptId":[581208264],"TimeStamp":"1640670016319"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgDeptRemove struct {
	Header
	DeptChange
}

// OrgRemove is org_remove (企业被解散): the organisation was dissolved.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_remove",
//	 "TimeStamp":"1640672244199"}
//
// Provenance: no capture of this event; the fields come from DingTalk's
// documentation only, and its identifiers decode from a JSON string or a
// number.
type OrgRemove struct {
	Header
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}

// OrgChange is org_change (企业信息发生变更). DingTalk sends an
// org_dept_modify with it.
//
//	{"CorpId":"dingc7…","EventType":"org_change","TimeStamp":"1640672244103"}
//
// Provenance: the fields come from a capture of this event (DingTalk's
// samples in the references); its identifiers decode from a JSON string or a
// number.
type OrgChange struct {
	Header
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty"`
}
