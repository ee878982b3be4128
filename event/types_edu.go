package event

// School contact (家校通讯录 2.0) events: a person's identity in a class
// (edu_user_*), the guardian–student relations (edu_user_relation_*) and the
// school's departments (edu_dept_*). DingTalk's pages give each body in two
// spellings: camelCase (classId, deptId, isGraduate), and for HTTP push of
// some events snake_case (class_id, dept_id, is_graduate); both decode. The
// bodies carry the errcode and errmsg of the query DingTalk made to build
// them.

// Roles of a person in a school contact list (EduUser.Role).
const (
	EduRoleTeacher  = "teacher"  // a teacher
	EduRoleGuardian = "guardian" // a guardian (监护人)
	EduRoleStudent  = "student"  // a student
)

// Types of a school department (EduDept.DeptType).
const (
	EduDeptCampus = "campus" // a campus or college (校区/学院)
	EduDeptPeriod = "period" // a school period (学段)
	EduDeptGrade  = "grade"  // a grade (年级)
	EduDeptClass  = "class"  // a class (班级)
	EduDeptNode   = "dept"   // a department with no school meaning
)

// Structures of a school contact list (EduDept.ContactType).
const (
	EduContactClassic = "classic" // campus / period / grade / class
	EduContactCustom  = "custom"  // custom levels, with classes as leaves
)

// EduResult is the result of the query DingTalk made to build an edu_*
// body, which the body carries: ErrCode 0 and ErrMsg "ok".
type EduResult struct {
	// ErrCode is errcode, 0 on success. edu_user_relation_insert's page
	// quotes it ("0"); both decode.
	ErrCode int64 `json:"errcode,omitempty"`
	// ErrMsg is errmsg, "ok" on success.
	ErrMsg string `json:"errmsg,omitempty"`
}

// EduUser is the body of the edu_user_* events: a person's identity in one
// class.
type EduUser struct {
	// UserID is the person's userid.
	UserID string `json:"userid,omitempty"`
	// ClassID is the class (班级) the identity belongs to.
	ClassID int64 `json:"classId,omitempty" alias:"class_id"`
	// Role is EduRoleTeacher, EduRoleGuardian or EduRoleStudent.
	Role string `json:"role,omitempty"`
	// Name is the person's name in this class (edu_user_update).
	Name string `json:"name,omitempty"`
	// UnionID is the person's unionid; "" for a student with no phone
	// number (edu_user_update).
	UnionID string `json:"unionid,omitempty"`
	// Feature holds the role's attributes as JSON text, such as "{}".
	Feature string `json:"feature,omitempty"`
	// IsAdviser is "1" for a head teacher (班主任) and "0" otherwise; teachers
	// only (edu_user_delete).
	IsAdviser string `json:"isAdviser,omitempty" alias:"is_adviser"`
	// IsGraduate is "1" when the identity was deleted because the student
	// graduated, "0" for a plain deletion (edu_user_delete).
	IsGraduate string `json:"isGraduate,omitempty" alias:"is_graduate"`
	EduResult
}

// EduUserInsert is edu_user_insert (新教育人员新增): a person got an identity
// in a class.
//
// Its page, https://open.dingtalk.com/document/development/new-education-staff-added,
// was not available to compare against; DingTalk describes it as
// edu_user_update's counterpart, and it decodes into the same EduUser as
// https://open.dingtalk.com/document/development/new-education-staff-update
// documents. Listed at
// https://open.dingtalk.com/document/development/hidden-event-list.
type EduUserInsert struct {
	Header
	EduUser
}

// EduUserUpdate is edu_user_update (新教育人员更新): a person's identity in a
// class changed.
//
//	{"EventType":"edu_user_update","CorpId":"ding9f50b15bxxxx16741",…,"errcode":0,"classId":12345,
//	 "role":"guardian","unionid":"FzyqbxFafVOEExxxwiEiE","feature":"{}","name":"小明爸爸",
//	 "errmsg":"ok","userid":"123344"}
//
// Page: https://open.dingtalk.com/document/development/new-education-staff-update
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
type EduUserUpdate struct {
	Header
	EduUser
}

// EduUserDelete is edu_user_delete (新教育人员删除): a person's identity in a
// class was deleted.
//
//	{"EventType":"edu_user_delete","CorpId":"ding9f50b15bxxxx16741",…,"errcode":0,"role":"teacher",
//	 "class_id":12345,"errmsg":"ok","is_adviser":"1","userid":"123456","is_graduate":"0"}
//
// Page: https://open.dingtalk.com/document/development/new-education-staff-deleted
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
// HTTP push spells class_id, is_adviser and is_graduate in snake_case, Stream
// in camelCase.
type EduUserDelete struct {
	Header
	EduUser
}

// EduRelation is the body of the edu_user_relation_* events: in class
// ClassID, FromUserID (the guardian) is RelationName to ToUserID (the
// student). DingTalk sends only these fields; the school contact APIs give
// the details.
type EduRelation struct {
	// ClassID is the class.
	ClassID int64 `json:"classId,omitempty"`
	// FromUserID is the guardian's userid.
	FromUserID string `json:"fromUserid,omitempty"`
	// ToUserID is the student's userid.
	ToUserID string `json:"toUserid,omitempty" alias:"toUserid\t"`
	// RelationName is the relation's name, such as "妈妈".
	RelationName string `json:"relationName,omitempty"`
	// RelationCode is the relation's code, such as "M" or "F".
	RelationCode string `json:"relationCode,omitempty"`
	EduResult
}

// EduUserRelationInsert is edu_user_relation_insert (新教育人员关系新增).
//
//	{"EventType":"edu_user_relation_insert","CorpId":"ding9f50b15bxxxx16741",…,"errcode":"0",
//	 "classId":4240006,"relationName":"爸爸","fromUserid":"1591928760","relationCode":"F",
//	 "errmsg":"ok","toUserid":"1592301514-87630"}
//
// Page: https://open.dingtalk.com/document/development/new-education-staff-relations-added
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
type EduUserRelationInsert struct {
	Header
	EduRelation
}

// EduUserRelationUpdate is edu_user_relation_update (新教育人员关系更新).
//
//	{"EventType":"edu_user_relation_update","CorpId":"ding9f50b15bxxxx16741",…,"errcode":0,
//	 "toUserid":"34567890","classId":4240006,"relationName":"妈妈","fromUserid":"34567890",
//	 "relationCode":"M","errmsg":"ok"}
//
// Page: https://open.dingtalk.com/document/development/new-education-staff-relationship-update
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
// The page's samples spell one key "toUserid\t", with a stray tab its field
// table does not have. Both spellings fill ToUserID, so that a body sent
// as the sample shows keeps the student; the declared "toUserid" wins when
// both come.
type EduUserRelationUpdate struct {
	Header
	EduRelation
}

// EduUserRelationDelete is edu_user_relation_delete (新教育人员关系删除).
//
//	{"EventType":"edu_user_relation_delete","CorpId":"ding9f50b15bxxxx16741",…,"errcode":0,
//	 "classId":4240006,"relationName":"妈妈","fromUserid":"34567890","relationCode":"M",
//	 "errmsg":"ok","toUserid":"34567890"}
//
// Page: https://open.dingtalk.com/document/development/new-education-staff-relation-delete
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
type EduUserRelationDelete struct {
	Header
	EduRelation
}

// EduDept is the body of the edu_dept_* events: a node of the school's
// structure.
type EduDept struct {
	// DeptID is the department's id.
	DeptID int64 `json:"deptId,omitempty" alias:"dept_id"`
	// Name is the department's name, such as "一年级2班（苹果班）".
	Name string `json:"name,omitempty"`
	// Nick is its alias, such as "苹果班".
	Nick string `json:"nick,omitempty"`
	// DeptType is EduDeptCampus, EduDeptPeriod, EduDeptGrade, EduDeptClass
	// or EduDeptNode.
	DeptType string `json:"deptType,omitempty" alias:"dept_type"`
	// ContactType is EduContactClassic or EduContactCustom.
	ContactType string `json:"contactType,omitempty" alias:"contact_type"`
	// Chain is the ids of the departments above this one, from the top, as
	// JSON text: "[123,456]" (campus, period, grade for a classic class).
	Chain string `json:"chain,omitempty"`
	// Feature holds the department's attributes as JSON text, such as
	// {"grade_level":0,"start_year":"2023"}.
	Feature string `json:"feature,omitempty"`
	// IsGraduate is 1 when the department was deleted because it
	// graduated, 0 for a plain deletion (edu_dept_delete).
	IsGraduate int64 `json:"isGraduate,omitempty" alias:"is_graduate"`
	EduResult
}

// EduDeptInsert is edu_dept_insert (教育部门新增).
//
//	{"EventType":"edu_dept_insert","CorpId":"ding9f50b15bxxxx16741",…,"nick":"苹果班","errcode":0,
//	 "chain":"[123,456]","contact_type":"classic","feature":"{\"grade_level\":0,\"start_year\":\"2023\"}",
//	 "name":"一年级2班（苹果班）","errmsg":"ok","dept_type":"grade","dept_id":123456}
//
// Page: https://open.dingtalk.com/document/development/new-education-sector
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
// HTTP push spells dept_id, dept_type and contact_type in snake_case, Stream
// in camelCase.
type EduDeptInsert struct {
	Header
	EduDept
}

// EduDeptUpdate is edu_dept_update (教育部门更新).
//
//	{"EventType":"edu_dept_update","CorpId":"ding9f50b15bxxxx16741",…,"nick":"苹果班","errcode":0,
//	 "chain":"[123,456]","contact_type":"classic","feature":"{\"grade_level\":0,\"start_year\":2023}",
//	 "name":"一年级2班（苹果班）","errmsg":"ok","dept_type":"grade","dept_id":123456}
//
// Page: https://open.dingtalk.com/document/development/education-sector-update
// (internal HTTP and Stream, third-party Stream); the fields are the page's,
// spelt as edu_dept_insert's.
type EduDeptUpdate struct {
	Header
	EduDept
}

// EduDeptDelete is edu_dept_delete (教育部门删除).
//
//	{"EventType":"edu_dept_delete","CorpId":"ding9f50b15bxxxx16741",…,"errcode":0,"errmsg":"ok",
//	 "dept_id":12345,"is_graduate":0}
//
// Page: https://open.dingtalk.com/document/development/education-department-delete
// (internal HTTP and Stream, third-party Stream); the fields are the page's:
// deptId and isGraduate (dept_id and is_graduate in HTTP push).
type EduDeptDelete struct {
	Header
	EduDept
}
