package event

// Medical contact (医疗通讯录) events: DingTalk's healthcare contact list,
// whose departments (科室) and medical groups (医疗组) and whose users carry
// codes and properties of their own. Each event names what changed; the
// medical contact APIs give the details.

// Kinds of change of the industry_medical_* events (the Type fields).
const (
	MedicalAdd    = "add"    // added
	MedicalDelete = "delete" // deleted
	MedicalModify = "modify" // changed
)

// Kinds of medical department (the DeptType fields).
const (
	MedicalDeptTypeDepartment = "3" // a department (科室)
	MedicalDeptTypeGroup      = "4" // a medical group (医疗组)
)

// MedicalDeptChange is industry_medical_dept_event (医疗行业科室医疗组变动): a
// department or medical group was added, deleted or changed.
//
//	{"EventType":"industry_medical_dept_event",…,"deptType":"3","type":"add","deptCode":"1"}
//
// Page: https://open.dingtalk.com/document/development/changes-in-medical-departments-and-medical-groups-in-the-medical
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
type MedicalDeptChange struct {
	Header
	// Type is MedicalAdd, MedicalDelete or MedicalModify.
	Type string `json:"type,omitempty"`
	// DeptType is MedicalDeptTypeDepartment or MedicalDeptTypeGroup.
	DeptType string `json:"deptType,omitempty"`
	// DeptCode is the code of the department or group.
	DeptCode string `json:"deptCode,omitempty"`
}

// MedicalDeptPropChange is industry_medical_dept_prop_event
// (医疗行业科室医疗组属性变动): a property of a department or medical group was
// added, deleted or changed.
//
//	{"EventType":"industry_medical_dept_prop_event",…,"deptType":"3","type":"add","deptCode":"9332","propCode":"1"}
//
// Page: https://open.dingtalk.com/document/development/change-of-attribute-of-medical-group-of-medical-department-in
// (internal HTTP and Stream); the fields are the page's.
type MedicalDeptPropChange struct {
	Header
	// Type is MedicalAdd, MedicalDelete or MedicalModify.
	Type string `json:"type,omitempty"`
	// DeptType is MedicalDeptTypeDepartment or MedicalDeptTypeGroup.
	DeptType string `json:"deptType,omitempty"`
	// DeptCode is the code of the department or group.
	DeptCode string `json:"deptCode,omitempty"`
	// PropCode is the property, a role in the department: "1" director
	// (科室主任), "2" chief resident (住院总医师), "11" deputy director, "41"
	// records quality controller, "42" information maintainer, "43" medical
	// permissions lead, "45" teaching secretary, "46" clinical pathway
	// administrator.
	PropCode string `json:"propCode,omitempty"`
}

// MedicalUserPropChange is industry_medical_user_prop_event
// (医疗行业用户属性变动): a property of a user was added, deleted or changed.
//
//	{"EventType":"industry_medical_user_prop_event",…,"type":"add","propCode":"0954662764895252",
//	 "userCode":"JobStatusTimeBegin"}
//
// Page: https://open.dingtalk.com/document/development/user-attribute-change-in-medical-industry
// (internal HTTP and Stream); the fields are the page's. The page describes
// propCode as the user's code and userCode as the property's, the other way
// round from their names, and its sample agrees with the descriptions: the
// fields keep the wire's names and the page's meanings.
type MedicalUserPropChange struct {
	Header
	// Type is MedicalAdd, MedicalDelete or MedicalModify.
	Type string `json:"type,omitempty"`
	// PropCode is, per the page, the user's code ("0954662764895252").
	PropCode string `json:"propCode,omitempty"`
	// UserCode is, per the page, the property's code: "JobV2" (title),
	// "UserProb" (attribute), "JobStatus", "JobStatusComments",
	// "AssessGroup" (assessed medical group) or "AFR" (role in the group).
	UserCode string `json:"userCode,omitempty"`
}

// MedicalUserDeptChange is industry_medical_user_dept_event
// (医疗行业用户所在科室医疗组变动): a user joined or left a department or
// medical group.
//
//	{"EventType":"industry_medical_user_dept_event",…,"month":"202301","deptType":"3","type":"add",
//	 "deptCode":"9332","userCode":"095xxx4895252"}
//
// Page: https://open.dingtalk.com/document/development/changes-in-the-medical-group-of-the-department-where-the
// (internal HTTP and Stream); the fields are the page's.
type MedicalUserDeptChange struct {
	Header
	// Type is MedicalAdd or MedicalDelete.
	Type string `json:"type,omitempty"`
	// Month is the month the data belongs to, as "202301".
	Month string `json:"month,omitempty"`
	// DeptType is MedicalDeptTypeDepartment or MedicalDeptTypeGroup.
	DeptType string `json:"deptType,omitempty"`
	// DeptCode is the code of the department or group.
	DeptCode string `json:"deptCode,omitempty"`
	// UserCode is the user's code.
	UserCode string `json:"userCode,omitempty"`
}

// MedicalFullSync is industry_medical_full_sync (医疗通讯录全量同步): the
// whole medical contact list was synchronised. It carries the header only.
//
//	{"EventType":"industry_medical_full_sync","EventTime":1663143335567,"CorpId":"ding9f50b15bxxxx16741",…}
//
// Page: https://open.dingtalk.com/document/development/full-synchronization-of-medical-address-book
// (internal HTTP and Stream); its body has no fields beyond the header.
type MedicalFullSync struct {
	Header
}
