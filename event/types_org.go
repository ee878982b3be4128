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
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// OrgUserAdd is user_add_org (通讯录用户增加): users joined the organisation.
//
//	{"CorpId":"dingc7…","EventType":"user_add_org","UserId":["184919295227658120"],
//	 "OptStaffId":"manager164","TimeStamp":"1640921671286"}
//
// Pages:
// https://open.dingtalk.com/document/development/enterprise-increases-employee-events
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/event-subscription-enterprises-increase-employee-events
// (third-party Stream), compared field by field: internal apps get the
// page's userId and timeStamp (a string); OptStaffID comes from a capture of
// this event (the references' samples), not from the page. Identifiers
// decode from a JSON string or a number.
type OrgUserAdd struct {
	Header
	UserChange
	// ThirdParty is the user's record, for third-party apps; nil for
	// internal apps.
	ThirdParty *ThirdPartyUser `json:"thirdParty,omitempty" kefu:"inline"`
}

// OrgUserModify is user_modify_org (通讯录用户更改): users' profiles changed.
//
// Internal apps (HTTP push and Stream) get the ids and, on current
// payloads, DiffInfo with the profile before and after:
//
//	{"EventType":"user_modify_org","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "timeStamp":"1608017258073","userId":["user123456"],
//	 "diffInfo":{"prev":{"name":"测试01",…},"curr":{"name":"测试1",…},"userid":"user123456"}}
//
// Third-party apps (Stream) get the user's record instead, as the user
// detail API returns it, in ThirdParty:
//
//	{"unionid":"m8axYHBIiSxxxx","userid":"user123","dingId":"$:LWCP_v1:$LT","name":"张三",
//	 "position":"技术支持","department":[1],"active":true,"isAdmin":true,…}
//
// Pages: https://open.dingtalk.com/document/development/address-book-user-change
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/enterprise-modify-employee-event
// (third-party Stream). Identifiers decode from a JSON string or a number.
type OrgUserModify struct {
	Header
	UserChange
	// DiffInfo is the profile before and after the change; nil on legacy
	// payloads and for third-party apps.
	DiffInfo *UserDiff `json:"diffInfo,omitempty"`
	// ThirdParty is the user's record, for third-party apps; nil for
	// internal apps.
	ThirdParty *ThirdPartyUser `json:"thirdParty,omitempty" kefu:"inline"`
}

// UserDiff is the diffInfo of a user_modify_org event.
type UserDiff struct {
	// UserID is the userId of the user who changed.
	UserID string `json:"userid"`
	// Prev is the profile before the change.
	Prev UserProfile `json:"prev"`
	// Curr is the profile after the change.
	Curr UserProfile `json:"curr"`
}

// UnmarshalJSON accepts both spellings of every key.
func (d *UserDiff) UnmarshalJSON(data []byte) error { return unmarshal(data, d.decodeFields) }

// UserProfile is the part of a user's profile user_modify_org reports. Every
// field is a string on the wire, HiredDate included ("2022-05-01").
type UserProfile struct {
	// Name is the user's name (姓名).
	Name string `json:"name,omitempty"`
	// Email is the user's work e-mail (邮箱).
	Email string `json:"email,omitempty"`
	// JobNumber is the employee number (工号).
	JobNumber string `json:"jobNumber,omitempty"`
	// WorkPlace is where the user works (办公地点).
	WorkPlace string `json:"workPlace,omitempty"`
	// Remark is the administrator's note (备注).
	Remark string `json:"remark,omitempty"`
	// Telephone is the extension number (分机号).
	Telephone string `json:"telephone,omitempty"`
	// ExtFields holds the custom profile fields, as DingTalk writes them.
	ExtFields string `json:"extFields,omitempty"`
	// ManagerUserID is the userId of the user's manager (直属主管).
	ManagerUserID string `json:"managerUserid,omitempty"`
	// HiredDate is the hiring date as written ("2022-05-01").
	HiredDate string `json:"hiredDate,omitempty"`
}

// UnmarshalJSON accepts both spellings of every key.
func (p *UserProfile) UnmarshalJSON(data []byte) error { return unmarshal(data, p.decodeFields) }

// ThirdPartyUser is the user record third-party (ISV) apps receive with
// user_add_org, user_modify_org, user_active_org and user_dept_change in
// Stream mode and by SyncHTTP/RDS, as the user detail API returns it.
// Internal apps never get these fields.
//
// Pages: https://open.dingtalk.com/document/development/enterprise-modify-employee-event,
// https://open.dingtalk.com/document/development/employee-information-event-after-enterprise-modifies-employee-department
// (errcode, errmsg and unionEmpExt, with their field table).
type ThirdPartyUser struct {
	// UserID is the user's userId (the key is "userid", all lower case;
	// internal payloads send the list "userId", decoded into UserIDs).
	UserID string `json:"userid,omitempty"`
	// UnionID is the user's unionId.
	UnionID string `json:"unionid,omitempty"`
	// DingID is the user's dingId.
	DingID string `json:"dingId,omitempty"`
	// Name is the user's name.
	Name string `json:"name,omitempty"`
	// Position is the user's title.
	Position string `json:"position,omitempty"`
	// JobNumber is the user's employee number (key "jobnumber").
	JobNumber string `json:"jobnumber,omitempty"`
	// Avatar is the URL of the user's picture.
	Avatar string `json:"avatar,omitempty"`
	// Departments are the ids of the user's departments (key "department").
	Departments []int64 `json:"department,omitempty"`
	// OrderInDepts is the user's order in each department, as DingTalk
	// writes it: "{1234:12345}".
	OrderInDepts string `json:"orderInDepts,omitempty"`
	// IsLeaderInDepts says, per department, whether the user leads it:
	// "{1:false}".
	IsLeaderInDepts string `json:"isLeaderInDepts,omitempty"`
	// Active reports an activated account.
	Active bool `json:"active,omitempty"`
	// IsAdmin reports an administrator.
	IsAdmin bool `json:"isAdmin,omitempty"`
	// IsBoss reports the organisation's boss.
	IsBoss bool `json:"isBoss,omitempty"`
	// IsHide reports a number hidden from colleagues.
	IsHide bool `json:"isHide,omitempty"`
	// IsSenior reports a senior executive.
	IsSenior bool `json:"isSenior,omitempty"`
	// RealAuthed reports a user whose identity is verified.
	RealAuthed bool `json:"realAuthed,omitempty"`
	// ExclusiveAccount reports a dedicated (专属) account.
	ExclusiveAccount bool `json:"exclusiveAccount,omitempty"`
	// UnionEmpExt links the record to the same person in associated
	// organisations (关联组织), when there are any.
	UnionEmpExt *UnionEmpExt `json:"unionEmpExt,omitempty"`
	// ErrCode is 0 for a record DingTalk could read (with ErrMsg "ok").
	// SyncHTTP and RDS pushes keep records DingTalk refused, with the
	// other fields empty: 50002 for a user and 50004 for a department
	// outside the app's authorised scope (50004 is "请求的部门id不在授权范围内",
	// https://open.dingtalk.com/document/isvapp/common-errors). Such a record
	// still names no user to act on; skip it.
	ErrCode int64 `json:"errcode,omitempty"`
	// ErrMsg describes ErrCode ("ok").
	ErrMsg string `json:"errmsg,omitempty"`
}

// UnionEmpExt is the unionEmpExt of a third-party user record: the person
// as known in associated organisations.
//
//	{"corpId":"ding351234","unionEmpMapList":[{"corpId":"ding351234","staffId":"12345"}],"staffId":"1234"}
type UnionEmpExt struct {
	// CorpID is the organisation whose record of the person this is.
	CorpID string `json:"corpId,omitempty"`
	// StaffID is the person's userId there.
	StaffID string `json:"staffId,omitempty"`
	// UnionEmpMapList maps each associated organisation to the person's
	// userId in it.
	UnionEmpMapList []UnionEmpMap `json:"unionEmpMapList,omitempty"`
}

// UnionEmpMap is one associated organisation of a UnionEmpExt.
type UnionEmpMap struct {
	// CorpID is the organisation.
	CorpID string `json:"corpId,omitempty"`
	// StaffID is the person's userId in it.
	StaffID string `json:"staffId,omitempty"`
}

// OrgUserLeave is user_leave_org (通讯录用户离职): users left the organisation.
//
// Internal apps (HTTP push and Stream) get a list of userIds:
//
//	{"EventType":"user_leave_org","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "timeStamp":"1685501863357","userId":["015xxxx227"]}
//
// Third-party apps (Stream) get one user, with userId as a single string,
// which decodes into UserIDs as a list of one, and the unionId and dingId:
//
//	{"unionid":"zvLdpxxxxxiEiE","dingId":"$:LWCP_v1:$G5YX0l5yOKZ2oxxxx","userId":"ding12345"}
//
// Pages: https://open.dingtalk.com/document/development/address-book-user-resignation
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/enterprise-delete-employee
// (third-party Stream). Identifiers decode from a JSON string or a number.
type OrgUserLeave struct {
	Header
	UserChange
	// UnionID is the unionId of the user who left (third-party apps).
	UnionID string `json:"unionid,omitempty"`
	// DingID is the dingId of the user who left (third-party apps).
	DingID string `json:"dingId,omitempty"`
}

// OrgUserActive is user_active_org (加入企业后用户激活): users activated their
// account after joining.
//
//	{"CorpId":"dinge8a5xxxx","EventType":"user_active_org","UserId":["0119296xxx"],
//	 "TimeStamp":"1608017258073"}
//
// Pages:
// https://open.dingtalk.com/document/development/user-activation-after-joining-the-enterprise
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/event-subscription-user-activation-information
// (third-party Stream), compared field by field: internal apps get the
// page's userId and timeStamp (which the page's samples leave out).
// Identifiers decode from a JSON string or a number.
type OrgUserActive struct {
	Header
	UserChange
	// ThirdParty is the user's record, for third-party apps; nil for
	// internal apps.
	ThirdParty *ThirdPartyUser `json:"thirdParty,omitempty" kefu:"inline"`
}

// AdminChange is the body of org_admin_add and org_admin_remove.
type AdminChange struct {
	// UserIDs are the userIds of the users concerned.
	UserIDs []string `json:"UserId"`
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// OrgAdminAdd is org_admin_add (通讯录用户被设为管理员). DingTalk sends a
// label_user_change with it.
//
//	{"CorpId":"dingc7…","EventType":"org_admin_add","UserId":["011505184066774889"],"TimeStamp":"1640670965261"}
//
// Page:
// https://open.dingtalk.com/document/development/user-is-set-as-administrator
// (internal HTTP and Stream). The fields are the page's (userId and
// timeStamp), as a capture of this event also sends them. Identifiers decode
// from a JSON string or a number.
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
// Listed at https://open.dingtalk.com/document/development/hidden-event-list.
// Its own page,
// https://open.dingtalk.com/document/development/address-book-user-canceled-setting-administrator,
// was not available to compare against. The fields come from a capture of
// this event (DingTalk's samples in the references) and are those of
// org_admin_add's page; identifiers decode from a JSON string or a number.
type OrgAdminRemove struct {
	Header
	AdminChange
}

// DeptChange is the body of the org_dept_* events.
type DeptChange struct {
	// DeptIDs are the ids of the departments concerned.
	DeptIDs []int64 `json:"DeptId"`
	// TimeStamp is when the change happened; org_dept_create may lack it.
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// OrgDeptCreate is org_dept_create (通讯录企业部门创建).
//
// Internal apps (HTTP push and Stream) get the new department's id:
//
//	{"CorpId":"dingc7…","EventType":"org_dept_create","DeptId":[581208264],"TimeStamp":"1640669222083"}
//
// Third-party apps (Stream) get the department's record instead, as the
// department detail API returns it, in ThirdParty:
//
//	{"id":123455,"name":"测试部门","parentid":1123,"order":12345,"createDeptGroup":true,
//	 "autoAddUser":true,"deptManagerUseridList":"123|234",…}
//
// Pages: https://open.dingtalk.com/document/development/create-department-event
// and https://open.dingtalk.com/document/orgapp/address-book-enterprise-department-create-stream
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/event-subscription-creates-department-events
// (third-party Stream), compared field by field: internal apps get the
// page's deptId; TimeStamp comes from a capture of this event (the
// references' samples). Identifiers decode from a JSON string or a number.
type OrgDeptCreate struct {
	Header
	DeptChange
	// ThirdParty is the department's record, for third-party apps; nil
	// for internal apps.
	ThirdParty *ThirdPartyDept `json:"thirdParty,omitempty" kefu:"inline"`
}

// ThirdPartyDept is the department record third-party (ISV) apps receive
// with org_dept_create and org_dept_modify in Stream mode. Internal apps never get these fields.
//
// Page: https://open.dingtalk.com/document/development/event-subscription-creates-department-events
type ThirdPartyDept struct {
	// ID is the department's id.
	ID int64 `json:"id,omitempty"`
	// Name is the department's name.
	Name string `json:"name,omitempty"`
	// ParentID is the parent department's id (key "parentid").
	ParentID int64 `json:"parentid,omitempty"`
	// Order is the department's order in its parent.
	Order int64 `json:"order,omitempty"`
	// Brief is the department's description.
	Brief string `json:"brief,omitempty"`
	// DeptManagerUserIDs lists the department's managers, joined by "|"
	// ("123|234").
	DeptManagerUserIDs string `json:"deptManagerUseridList,omitempty"`
	// CreateDeptGroup reports that a group chat was created with the
	// department.
	CreateDeptGroup bool `json:"createDeptGroup,omitempty"`
	// AutoAddUser reports that new members join the department's group chat.
	AutoAddUser bool `json:"autoAddUser,omitempty"`
	// GroupContainSubDept reports a group chat that includes sub-departments.
	GroupContainSubDept bool `json:"groupContainSubDept,omitempty"`
	// DeptHiding reports a department hidden from the contact list.
	DeptHiding bool `json:"deptHiding,omitempty"`
	// OuterDept reports a department whose members see only themselves.
	OuterDept bool `json:"outerDept,omitempty"`
	// OuterPermitDepts and OuterPermitUsers are what members of an OuterDept
	// may see, joined by "|".
	OuterPermitDepts string `json:"outerPermitDepts,omitempty"`
	// OuterPermitUsers: see OuterPermitDepts.
	OuterPermitUsers string `json:"outerPermitUsers,omitempty"`
	// DeptPermits and UserPermits are who may see a hidden department,
	// joined by "|". The wire key is misspelt "deptPerimits".
	DeptPermits string `json:"deptPerimits,omitempty"`
	// UserPermits: see DeptPermits.
	UserPermits string `json:"userPermits,omitempty"`
	// AutoApproveApply is "true" or "false", as a string.
	AutoApproveApply string `json:"autoApproveApply,omitempty"`
	// ErrCode is 0 for a record DingTalk could read (with ErrMsg "ok"); see
	// ThirdPartyUser.ErrCode for the records SyncHTTP/RDS keeps for a
	// department outside the app's scope (50004).
	ErrCode int64 `json:"errcode,omitempty"`
	// ErrMsg describes ErrCode ("ok").
	ErrMsg string `json:"errmsg,omitempty"`
}

// OrgDeptModify is org_dept_modify (通讯录企业部门修改).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_dept_modify",
//	 "DeptId":[581208264],"TimeStamp":"1640669396434"}
//
// Pages:
// https://open.dingtalk.com/document/development/address-book-enterprise-department-modification
// (internal HTTP and Stream) and
// https://open.dingtalk.com/document/development/modify-department-event-stream
// (third-party Stream), compared field by field: internal apps get the
// page's deptId; TimeStamp comes from a capture of this event (the
// references' samples), not from the page. Identifiers decode from a JSON
// string or a number.
type OrgDeptModify struct {
	Header
	DeptChange
	// ThirdParty is the department's record, for third-party apps; nil
	// for internal apps.
	ThirdParty *ThirdPartyDept `json:"thirdParty,omitempty" kefu:"inline"`
}

// OrgDeptRemove is org_dept_remove (通讯录企业部门删除).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"org_dept_remove",
//	 "DeptId":[581208264],"TimeStamp":"1640670016319"}
//
// Page:
// https://open.dingtalk.com/document/development/delete-department-event-stream
// (third-party Stream), whose sample has an empty data object. The fields
// come from a capture of this event (DingTalk's samples in the references),
// not from a page; identifiers decode from a JSON string or a number.
type OrgDeptRemove struct {
	Header
	DeptChange
}

// OrgRemove is org_remove (企业被解散): the organisation was dissolved.
//
//	{"eventType":"org_remove","eventCorpId":"ding9f50b15bxxxx16741",…,"data":{"agentId":2573019}}
//
// Page: https://open.dingtalk.com/document/development/enterprise-delete-stream
// (third-party Stream): its field table is empty and its sample carries
// agentId, the one field typed here. Internal apps receive the event too (see
// https://open.dingtalk.com/document/development/hidden-event-list), with a
// body no page documents: like every legacy body it carries TimeStamp,
// which is typed; other fields it may have are ignored.
type OrgRemove struct {
	Header
	// AgentID is the agentId of the third-party app in the dissolved
	// organisation.
	AgentID int64 `json:"agentId,omitempty"`
	// TimeStamp is when (legacy HTTP bodies; the third-party page's sample
	// has none).
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// OrgChange is org_change (企业信息发生变更). DingTalk sends an
// org_dept_modify with it.
//
//	{"CorpId":"dingc7…","EventType":"org_change","TimeStamp":"1640672244103"}
//
// Listed at https://open.dingtalk.com/document/development/hidden-event-list.
// Its own pages,
// https://open.dingtalk.com/document/development/enterprise-information-changes
// and, for third-party apps,
// https://open.dingtalk.com/document/development/event-subscription-for-enterprise-changes,
// were not available to compare against. The fields come from a capture of
// this event (DingTalk's samples in the references).
type OrgChange struct {
	Header
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}
