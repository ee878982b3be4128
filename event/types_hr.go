package event

// HR (智能人事) and CRM events.

// HrmUserRecordChange is hrm_user_record_change (人事档案变动): an
// employee's HR record changed.
//
//	{"actionType":"userInfoChange","EventType":"hrm_user_record_change","staffId":"manager164"}
//
// The fields come from a capture of this event (DingTalk's samples in the
// references), not from a page; identifiers decode from a JSON string or a
// number.
type HrmUserRecordChange struct {
	Header
	// StaffID is the userId of the employee.
	StaffID string `json:"staffId"`
	// ActionType says what changed, such as "userInfoChange".
	ActionType string `json:"actionType"`
}

// HrmMdmUserChange is hrm_mdm_user_change (人事平台员工异动事件v2): an
// employee's record changed in the HR platform.
//
//	{"EventType":"hrm_mdm_user_change","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "changeType":4,"staffId":"01301xxxx140"}
//
// Page: https://open.dingtalk.com/document/development/personnel-platform-employee-change-event-v2
// (internal HTTP and Stream, third-party Stream: the same data). The page
// gives ChangeType as a number without listing its values.
type HrmMdmUserChange struct {
	Header
	// StaffID is the userId of the employee.
	StaffID string `json:"staffId"`
	// ChangeType is the kind of change, a number.
	ChangeType int64 `json:"changeType,omitempty"`
}

// Track is one customer activity of a crm_customer_track event.
type Track struct {
	// ID identifies the activity.
	ID string `json:"id"`
	// CorpID is the organisation.
	CorpID string `json:"corpId,omitempty"`
	// CustomerID is the customer concerned.
	CustomerID string `json:"customerId"`
	// Creator is the userId of who recorded the activity.
	Creator string `json:"creator,omitempty"`
	// Type and SubType classify the activity.
	Type int64 `json:"type"`
	// SubType: see Type.
	SubType int64 `json:"subType"`
	// GmtCreate is when the activity was recorded.
	GmtCreate Millis `json:"gmtCreate"`
}

// UnmarshalJSON accepts both spellings of every key.
func (t *Track) UnmarshalJSON(data []byte) error { return unmarshal(data, t.decodeFields) }

// CrmCustomerTrack is crm_customer_track (CRM客户动态变更).
//
//	{"CorpId":"dingf5d3…","corpId":"dingf5d3…","EventType":"crm_customer_track","EventTime":1640749233707,
//	 "BizId":"21057D5806944EF9C93192B36DC5F7B4","tracks":[{"creator":"manager4268","corpId":"dingf5d3…",
//	 "customerId":"ad6b2b05-…","subType":1,"id":"qoZCjgT7…","gmtCreate":1640749233707,"type":1}]}
//
// Page: https://open.dingtalk.com/document/development/crm-customer-dynamics
// (third-party Stream). The fields come from a capture of this event
// (DingTalk's samples in the references), not from a page; identifiers decode
// from a JSON string or a number.
type CrmCustomerTrack struct {
	Header
	// Tracks are the customer activities.
	Tracks []Track `json:"tracks"`
}
