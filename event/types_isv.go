package event

// Third-party (ISV) app lifecycle events: an organisation authorised,
// changed or revoked a suite (套件), and the organisation's own changes.
// The current ones come in Stream mode (data in camelCase) and by SyncHTTP
// or RDS (biz_data in snake_case): both spellings decode. The legacy ones
// (tmp_auth_code, change_auth, suite_relieve) come as encrypted HTTP
// callbacks to the suite's URL, in PascalCase, their event types sometimes
// padded with spaces (" tmp_auth_code"), which Parse trims.
//
// Some of these payloads carry credentials of the authorising
// organisation (TmpAuthCode.AuthCode, SuiteAuth.PermanentCode): treat them
// as secrets, and keep them out of logs.

// CorpProfile is what DingTalk says of an organisation in the suite
// authorisation and org_update events. Stream data spells the keys in
// camelCase, SyncHTTP's biz_data in snake_case.
type CorpProfile struct {
	// CorpName is the organisation's name.
	CorpName string `json:"corpName,omitempty" alias:"corp_name"`
	// CorpLogoURL is its logo.
	CorpLogoURL string `json:"corpLogoUrl,omitempty" alias:"corp_logo_url"`
	// Industry is its industry ("互联网").
	Industry string `json:"industry,omitempty"`
	// IsAuthenticated reports an organisation DingTalk verified.
	IsAuthenticated bool `json:"isAuthenticated,omitempty" alias:"is_authenticated"`
	// AuthLevel is its verification level: 0 none, 1 advanced, 2
	// intermediate, 3 basic.
	AuthLevel int64 `json:"authLevel,omitempty" alias:"auth_level"`
}

// SuiteAuthCorp is the authCorpInfo of a suite authorisation: the
// organisation that authorised the suite.
type SuiteAuthCorp struct {
	CorpProfile
	// CorpID is the organisation's corpId (key "corpid").
	CorpID string `json:"corpid,omitempty"`
	// FullCorpName is its full registered name.
	FullCorpName string `json:"fullCorpName,omitempty" alias:"full_corp_name"`
	// CorpType is its type.
	CorpType int64 `json:"corpType,omitempty" alias:"corp_type"`
	// CorpTypeV2 is its kind: 0 an organisation, 1 a project, 2 a circle,
	// 3 none, 4 a class group, 10 an agile organisation, 11 a training
	// group.
	CorpTypeV2 int64 `json:"corpTypeV2,omitempty" alias:"corp_type_v2"`
	// LicenseCode is its serial number.
	LicenseCode string `json:"licenseCode,omitempty" alias:"license_code"`
	// InviteURL is its invitation link.
	InviteURL string `json:"inviteUrl,omitempty" alias:"invite_url"`
	// InviteCode is the invitation code it came with, when it was the
	// suite's own (else empty).
	InviteCode string `json:"inviteCode,omitempty" alias:"invite_code"`
	// IsEcologicalCorp reports an upstream or downstream organisation
	// (上下游组织).
	IsEcologicalCorp bool `json:"isEcologicalCorp,omitempty" alias:"is_ecological_corp"`
	// AuthChannel is the channel code.
	AuthChannel string `json:"authChannel,omitempty" alias:"auth_channel"`
	// AuthChannelType is the channel's type, such as "STAR_ACTIVITY".
	AuthChannelType string `json:"authChannelType,omitempty" alias:"auth_channel_type"`
}

// SuiteAuthUser is the authUserInfo of a suite authorisation: the
// administrator who authorised it.
type SuiteAuthUser struct {
	// UserID is their userId.
	UserID string `json:"userId,omitempty"`
}

// SuiteOrgScopes is the authOrgScopes of a suite's contact scope.
type SuiteOrgScopes struct {
	// AuthedDept are the departments the suite may read.
	AuthedDept []int64 `json:"authedDept,omitempty" alias:"authed_dept"`
	// ErrMsg is where org_suite_change puts the scope's "ok".
	ErrMsg string `json:"errmsg,omitempty"`
}

// SuiteAuthScope is the authScope of a suite authorisation: the contact
// scope it was granted.
type SuiteAuthScope struct {
	// AuthUserField are the user fields the suite may read ("jobnumber").
	AuthUserField []string `json:"authUserField,omitempty" alias:"auth_user_field"`
	// AuthOrgScopes are the departments it may read.
	AuthOrgScopes SuiteOrgScopes `json:"authOrgScopes" alias:"auth_org_scopes"`
	// ErrCode is the scope's result code, 0.
	ErrCode int64 `json:"errcode,omitempty"`
	// ErrMsg is where org_suite_auth puts the scope's "ok".
	ErrMsg string `json:"errmsg,omitempty"`
}

// SuiteAgent is one app of an authorised suite.
type SuiteAgent struct {
	// AgentID is the app's id in the organisation.
	AgentID int64 `json:"agentid,omitempty"`
	// AppID is the app's id in the suite (a number, or a quoted number in
	// org_suite_change's sample).
	AppID int64 `json:"appid,omitempty"`
	// AgentName is the app's name.
	AgentName string `json:"agentName,omitempty" alias:"agent_name"`
	// LogoURL is the app's icon.
	LogoURL string `json:"logoUrl,omitempty" alias:"logo_url"`
	// AdminList are the userIds of the app's administrators.
	AdminList []string `json:"adminList,omitempty" alias:"admin_list"`
	// UseAppRole is in the older Stream page's sample only.
	UseAppRole bool `json:"useAppRole,omitempty"`
}

// SuiteAuthInfo is the authInfo of a suite authorisation.
type SuiteAuthInfo struct {
	// Agent are the suite's apps the organisation authorised.
	Agent []SuiteAgent `json:"agent,omitempty"`
}

// SuiteAuth is the body of org_suite_auth and org_suite_change: the
// authorisation as it now stands.
//
//	{"authCorpInfo":{"corpid":"dingb2b068b57xxxxxx288","corpName":"测试组织","authLevel":2,…},
//	 "permanentCode":"68QKuTAkgHRSMOyCxoYZyNXXXX","authUserInfo":{"userId":"managerxxx92"},
//	 "authScope":{"errcode":0,"authUserField":["jobnumber"],"authOrgScopes":{"authedDept":[1]},"errmsg":"ok"},
//	 "authInfo":{"agent":[{"agentid":2574805120,"adminList":["182937xxx"],"appid":1000,"agentName":"测试应用",…}]}}
//
// SyncHTTP's biz_data spells the same keys in snake_case
// (auth_corp_info, permanent_code, …).
type SuiteAuth struct {
	// AuthCorpInfo is the organisation.
	AuthCorpInfo SuiteAuthCorp `json:"authCorpInfo" alias:"auth_corp_info"`
	// AuthUserInfo is the administrator who authorised.
	AuthUserInfo SuiteAuthUser `json:"authUserInfo" alias:"auth_user_info"`
	// AuthScope is the contact scope granted.
	AuthScope SuiteAuthScope `json:"authScope" alias:"auth_scope"`
	// AuthInfo lists the apps authorised.
	AuthInfo SuiteAuthInfo `json:"authInfo" alias:"auth_info"`
	// PermanentCode is the organisation's permanent authorisation code,
	// deprecated by DingTalk (the pages say 已经废弃) and still sent. It is a
	// credential: keep it out of logs.
	PermanentCode string `json:"permanentCode,omitempty" alias:"permanent_code"`
}

// OrgSuiteAuth is org_suite_auth (套件授权): an organisation authorised the
// suite.
//
// Pages: https://open.dingtalk.com/document/development/event-org-suite-auth
// (third-party Stream and SyncHTTP/RDS biz_type 4) and
// https://open.dingtalk.com/document/development/enterprise-authorized-application-stream
// (the older Stream page). The fields are the pages'.
type OrgSuiteAuth struct {
	Header
	SuiteAuth
}

// OrgSuiteChange is org_suite_change (企业授权变更事件): an organisation
// changed what the suite may access; the body is the authorisation as it
// now stands.
//
// Pages: https://open.dingtalk.com/document/development/event-org-suite-relieve
// (the page of this event despite its address: third-party Stream and
// SyncHTTP/RDS biz_type 4) and
// https://open.dingtalk.com/document/development/enterprise-change-scope-stream.
// The fields are the pages'; this page puts the scope's errmsg inside
// authOrgScopes and quotes appid.
type OrgSuiteChange struct {
	Header
	SuiteAuth
}

// OrgSuiteRelieve is org_suite_relieve (企业解除授权): an organisation
// revoked the suite. Its data is empty: the organisation is the envelope's
// (Header.CorpID).
//
//	{"eventType":"org_suite_relieve","eventCorpId":"ding9f50b15bxxxx16741",…,"data":{}}
//
// Page: https://open.dingtalk.com/document/development/enterprise-de-authorization-stream
// (third-party Stream).
type OrgSuiteRelieve struct {
	Header
}

// OrgUpdate is org_update (企业变更): the organisation's details changed;
// the body is them as they now are.
//
//	{"errcode":0,"corpLogoUrl":"https://static.xxx.com","corpid":"dingxxx2cff796","errmsg":"ok",
//	 "industry":"信息技术咨询","corpName":"企业1","isAuthenticated":true,"authLevel":2}
//
// Page: https://open.dingtalk.com/document/development/event-subscription-for-enterprise-changes
// (third-party Stream and SyncHTTP/RDS biz_type 16, in snake_case). The
// fields are the page's; the data's corpid goes to DataCorpID.
type OrgUpdate struct {
	Header
	DataCorp
	CorpProfile
	// ErrCode is the record's result code, 0.
	ErrCode int64 `json:"errcode,omitempty"`
	// ErrMsg describes ErrCode ("ok").
	ErrMsg string `json:"errmsg,omitempty"`
}

// UserDeptChange is user_dept_change (企业修改员工部门后员工信息事件): a user's
// departments changed; the body is the user's record as it now is.
//
//	{"errcode":0,"unionEmpExt":{…},"unionid":"m8axYHBIiSxxxx","userid":"user123","name":"张三",
//	 "department":[1],"isLeaderInDepts":"{1:false}","errmsg":"ok",…}
//
// Page: https://open.dingtalk.com/document/development/employee-information-event-after-enterprise-modifies-employee-department
// (third-party Stream and SyncHTTP/RDS biz_type 13). The fields are the
// page's.
type UserDeptChange struct {
	Header
	ThirdPartyUser
}

// SuiteEvent is the body shared by the legacy suite callbacks: the suite
// and when.
type SuiteEvent struct {
	// SuiteKey is the suite's key.
	SuiteKey string `json:"SuiteKey,omitempty"`
	// TimeStamp is when (a number or a quoted number).
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// TmpAuthCode is tmp_auth_code (临时授权码): an organisation authorised the
// suite, and AuthCode is the temporary code that gets its permanent code
// (service/get_permanent_code) — a credential, usable once: keep it out
// of logs.
//
//	{"SuiteKey":"suitexxxxxx","EventType":" tmp_auth_code","TimeStamp":1234456,"AuthCode":"adads"}
//
// Page: https://open.dingtalk.com/document/development/enterprise-authorized-application-activation-event;
// the sample is DingTalk's legacy ISV documentation's
// (https://ddtalk.github.io/dingTalkDoc/), event type padded as sent.
type TmpAuthCode struct {
	Header
	SuiteEvent
	// AuthCode is the temporary authorisation code.
	AuthCode string `json:"AuthCode,omitempty"`
}

// ChangeAuth is change_auth (授权变更): an organisation changed the suite's
// authorisation; the event does not say how (get_agent does).
//
//	{"SuiteKey":"suitexxxxxx","EventType":" change_auth","TimeStamp":1234456,"AuthCorpId":"xxxxx"}
//
// Page: https://open.dingtalk.com/document/development/address-book-authorization-scope-change-event;
// the sample is DingTalk's legacy ISV documentation's
// (https://ddtalk.github.io/dingTalkDoc/).
type ChangeAuth struct {
	Header
	SuiteEvent
	// AuthCorpID is the organisation's corpId.
	AuthCorpID string `json:"AuthCorpId,omitempty"`
}

// SuiteRelieve is suite_relieve (解除授权): an organisation revoked the
// suite; its permanent code stops working at once. DingTalk wants the
// encrypted "success" back, which dingcallback sends once the handler
// accepted the event.
//
//	{"EventType":"suite_relieve","SuiteKey":"suited6db0pze8yao1b1y","TimeStamp":"12351458245",
//	 "AuthCorpId":"ding4583267d28sd61"}
//
// Page: https://open.dingtalk.com/document/development/revoke-authorization;
// the sample is DingTalk's legacy ISV documentation's
// (https://ddtalk.github.io/dingTalkDoc/).
type SuiteRelieve struct {
	Header
	SuiteEvent
	// AuthCorpID is the organisation's corpId.
	AuthCorpID string `json:"AuthCorpId,omitempty"`
}
