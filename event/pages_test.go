package event_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// The fixtures in testdata/pages are the samples of DingTalk's event pages,
// copied as data, one file per documented shape: NAME.http.json (internal app,
// HTTP push), NAME.stream.json (internal app, Stream: the envelope with data)
// and NAME.isv-stream.json (third-party app, Stream), NAME.isv-http.json
// (third-party app, a legacy suite callback: no envelope but EventType).
// Each decodes, through Parse and through Decode, to exactly the values the
// page gives.

var pageProfilePrev = event.UserProfile{
	ManagerUserID: "205xxx91", HiredDate: "20xx-xx-xx", Name: "测试01", Telephone: "1234",
	Email: "xxx@xx.com", JobNumber: "112x422", WorkPlace: "北京",
}

var pageProfileCurr = event.UserProfile{
	ManagerUserID: "205xxx91", HiredDate: "20xx-xx-xx", Name: "测试1",
	Email: "xxx@xx.com", JobNumber: "112x422", WorkPlace: "北京",
}

var pageUserModify = &event.OrgUserModify{
	UserChange: event.UserChange{UserIDs: []string{"user123456"}, TimeStamp: 1608017258073},
	DiffInfo:   &event.UserDiff{UserID: "user123456", Prev: pageProfilePrev, Curr: pageProfileCurr},
}

var pageUserLeave = &event.OrgUserLeave{
	UserChange: event.UserChange{UserIDs: []string{"015xxxx227"}, TimeStamp: 1685501863357},
}

var pageOvertime = &event.AttendanceOvertimeDuration{DataList: []event.OvertimeDuration{{
	UserID: "26524xxx0", CorpID: "ding9f50b1xxx741",
	Key: "ding78d7bd4dc132dbc324f2fxxxbecb85;26524946xxx420;20xx525", Action: event.OvertimeModify,
	WorkDate: 1684944000000, OvertimeDayType: "workDay", OvertimeHour: 0, OvertimeDay: 0,
	VacationRate: 1, WorkHoursPerDay: 8, WorkMinutesPerDay: 480, Timestamp: 1684980455459,
}}}

var pageMdm = &event.HrmMdmUserChange{StaffID: "01301xxxx140", ChangeType: 4}

var pageCalendar = &event.CalendarEventChange{
	CalendarEventID: "eWFOdXI5bjZIxxxx", CalendarEventUpdateTime: 168489710004, CalendarID: "xxxxxxxxxxx",
	UnionIDs: []string{"AlmxxxxwiEiE"}, ChangeType: "create", Operator: event.CalendarOperator{Type: "user"},
	LegacyCalendarEventID: "xxxxxxxxxxx",
}

var pageInstance = &event.BpmInstanceChange{
	Approval: event.Approval{
		ProcessInstanceID: "9Qgx5QqjR7axMwxxxx", FinishTime: 1495592272000, CreateTime: 1495592305000,
		ProcessCode: "Pro-xxx", BizCategoryID: "20230xxx", BusinessID: "yewu1", Type: event.ApprovalFinish,
		Title: "自测-1016", StaffID: "manager75", Result: event.ResultAgree,
	},
	BusinessType: "yewu1",
	URL:          "https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=ding2c015874d817xxxx&dd_share=",
}

var pageTask = &event.BpmTaskChange{
	Approval: event.Approval{
		ProcessInstanceID: "ce133dd0-5b22-9516-xxxxxxxxxxxx", FinishTime: 1670983893000, CreateTime: 1670983873000,
		ProcessCode: "PROC-27BBC5E6-DFFA-4EC3-A1F1-xxx", BizCategoryID: "attendance.goout", BusinessID: "20xxxx38",
		Type: event.ApprovalFinish, Title: "考勤-测试", StaffID: "08058646137", Result: event.ResultAgree,
	},
	TaskID: 811165, Remark: "同意",
}

var pageCheckRecord = &event.AttendanceCheckRecord{DataList: []event.CheckRecord{{
	Address: "中国科学院xxx物理研究所(浙江海外高层次人才创新xxx东)", CorpID: "dingxxxx", CheckTime: 1570791880000,
	LocationResult: "Normal", GroupID: "4C63xxxx", Latitude: 30.285230848524307, BizID: "FF62xxxx",
	LocationMethod: "MAP", UserID: "0126xxxx", DeviceSN: "160xxxxx6KN0294", CheckByUser: true,
	Longitude: 120.01713514539931,
}}}

// The third-party lifecycle pages.
var (
	pageSuiteCorp = event.SuiteAuthCorp{
		CorpProfile: event.CorpProfile{
			CorpName: "测试组织", Industry: "互联网", IsAuthenticated: true, AuthLevel: 2,
			CorpLogoURL: "https://static-legacy.dingtalk.com/xxx",
		},
		CorpID: "dingb2b068b57xxxxxx288", FullCorpName: "测试组织", LicenseCode: "xxx",
		InviteURL: "https://wx.dingtalk.com/invite-page/xxx", InviteCode: "dada2xdaflgf", AuthChannel: "4",
		AuthChannelType: "STAR_ACTIVITY",
	}
	pageSuiteAgents = event.SuiteAuthInfo{Agent: []event.SuiteAgent{{
		AgentID: 2574805120, AppID: 1000, AgentName: "测试应用", LogoURL: "https://staticXXX.jpg", AdminList: []string{"182937xxx"},
	}}}
	pageSuiteAuth = &event.OrgSuiteAuth{SuiteAuth: event.SuiteAuth{
		AuthCorpInfo: pageSuiteCorp, AuthUserInfo: event.SuiteAuthUser{UserID: "managerxxx92"},
		AuthScope: event.SuiteAuthScope{
			AuthUserField: []string{"jobnumber"}, AuthOrgScopes: event.SuiteOrgScopes{AuthedDept: []int64{1}}, ErrMsg: "ok",
		},
		AuthInfo: pageSuiteAgents, PermanentCode: "68QKuTAkgHRSMOyCxoYZyNXXXX",
	}}
	pageSuiteChange = func() *event.OrgSuiteChange {
		corp := pageSuiteCorp
		corp.CorpTypeV2 = 2
		return &event.OrgSuiteChange{SuiteAuth: event.SuiteAuth{
			AuthCorpInfo: corp, AuthUserInfo: event.SuiteAuthUser{UserID: "managerxxx92"},
			AuthScope: event.SuiteAuthScope{ // this page puts errmsg inside authOrgScopes, and quotes appid
				AuthUserField: []string{"jobnumber"}, AuthOrgScopes: event.SuiteOrgScopes{AuthedDept: []int64{1}, ErrMsg: "ok"},
			},
			AuthInfo: pageSuiteAgents, PermanentCode: "68QKuTAkgHRSMOyCxoYZyNXXXX",
		}}
	}()
	pageOrgUpdate = &event.OrgUpdate{
		DataCorp: event.DataCorp{DataCorpID: "dingxxx2cff796"},
		CorpProfile: event.CorpProfile{
			CorpName: "企业1", CorpLogoURL: "https://static.xxx.com", Industry: "信息技术咨询", IsAuthenticated: true, AuthLevel: 2,
		},
		ErrMsg: "ok",
	}
	pageUserDeptChange = &event.UserDeptChange{ThirdPartyUser: event.ThirdPartyUser{
		UserID: "user123", UnionID: "m8axYHBIiSxxxx", DingID: "$:LWCP_v1:$LT", Name: "张三", Position: "技术支持",
		JobNumber: "1", Avatar: "http://xxxxx", Departments: []int64{1}, OrderInDepts: "{1234:12345}",
		IsLeaderInDepts: "{1:false}", Active: true, IsAdmin: true, IsBoss: true, IsHide: true, RealAuthed: true,
		UnionEmpExt: pageUnionEmpExt, ErrMsg: "ok",
	}}
)

// pageUnionEmpExt is the unionEmpExt of the third-party user pages.
var pageUnionEmpExt = &event.UnionEmpExt{
	CorpID: "ding351234", StaffID: "1234",
	UnionEmpMapList: []event.UnionEmpMap{{CorpID: "ding351234", StaffID: "12345"}},
}

var pageCases = map[string]event.Event{
	"user_add_org.isv-stream.json": &event.OrgUserAdd{ThirdParty: &event.ThirdPartyUser{
		UserID: "user123", UnionID: "m8axYHBIiSxxxx", DingID: "$:LWCP_v1:$LT", Name: "钉钉", Position: "钉钉技术支持",
		JobNumber: "12345", Avatar: "http://xxxxx", Departments: []int64{1, 2}, OrderInDepts: "{1234:12345}",
		IsLeaderInDepts: "{1:false}", Active: true, IsAdmin: true, IsHide: true, IsSenior: true, RealAuthed: true,
		UnionEmpExt: pageUnionEmpExt, ErrMsg: "ok",
	}},

	"bpms_task_change.http.json":          pageTask,
	"bpms_task_change.stream.json":        pageTask,
	"attendance_check_record.http.json":   pageCheckRecord,
	"attendance_check_record.stream.json": pageCheckRecord,

	"user_modify_org.http.json":   pageUserModify,
	"user_modify_org.stream.json": pageUserModify,
	"user_modify_org.isv-stream.json": &event.OrgUserModify{ThirdParty: &event.ThirdPartyUser{
		UserID: "user123", UnionID: "m8axYHBIiSxxxx", DingID: "$:LWCP_v1:$LT", Name: "张三", Position: "技术支持",
		JobNumber: "1", Avatar: "http://xxxxx", Departments: []int64{1}, OrderInDepts: "{1234:12345}",
		IsLeaderInDepts: "{1:false}", Active: true, IsAdmin: true, IsBoss: true, IsHide: true, RealAuthed: true,
		UnionEmpExt: pageUnionEmpExt, ErrMsg: "ok",
	}},

	"user_leave_org.http.json":   pageUserLeave,
	"user_leave_org.stream.json": pageUserLeave,
	"user_leave_org.isv-stream.json": &event.OrgUserLeave{
		UserChange: event.UserChange{UserIDs: []string{"ding12345"}},
		UnionID:    "zvLdpxxxxxiEiE", DingID: "$:LWCP_v1:$G5YX0l5yOKZ2oxxxx",
	},

	"org_dept_create.isv-stream.json": &event.OrgDeptCreate{ThirdParty: &event.ThirdPartyDept{
		ID: 123455, Name: "测试部门", ParentID: 1123, Order: 12345, Brief: "部门介绍",
		DeptManagerUserIDs: "123|234", CreateDeptGroup: true, AutoAddUser: true,
		OuterPermitDepts: "123|234", AutoApproveApply: "true", ErrMsg: "ok",
	}},

	"attendance_overtime_duration.http.json":   pageOvertime,
	"attendance_overtime_duration.stream.json": pageOvertime,

	"hrm_mdm_user_change.http.json":       pageMdm,
	"hrm_mdm_user_change.stream.json":     pageMdm,
	"hrm_mdm_user_change.isv-stream.json": pageMdm,

	"calendar_event_change.http.json":       pageCalendar,
	"calendar_event_change.stream.json":     pageCalendar,
	"calendar_event_change.isv-stream.json": pageCalendar,

	"bpms_instance_change.http.json":   pageInstance,
	"bpms_instance_change.stream.json": pageInstance,

	"workflow_instance_change_broadcast.isv-stream.json": &event.WorkflowInstanceChangeBroadcast{
		Approval: event.Approval{
			ProcessInstanceID: "adlB-HLWSEGKe_m-xxx", CreateTime: 1670983873000, FinishTime: 1670983893000,
			ProcessCode: "PROC-27BBC5E6-DFFA-4EC3-A1F1-xxx", BusinessID: "1", Type: event.ApprovalFinish,
			Title: "xx提交的审批模版测试", StaffID: "managerxxx", Result: event.ResultAgree,
		},
		Version: "2", URL: "https://pre-aflow.dingtalk.com/xxx",
	},

	"attend_group_change.stream.json":     pageAttendGroup,
	"attend_group_change.isv-stream.json": pageAttendGroup,

	"overtime_to_vacation_data.isv-stream.json": &event.OvertimeToVacation{
		DataCorp: event.DataCorp{DataCorpID: "ding33f33xxxx"},
		UserID:   "3350xxxx555", WorkDate: "20230521", OvertimeDayType: "restDay", OvertimeHour: 2.1,
		OvertimeDay: 0.262, WorkHoursPerDay: 8, VacationRate: 2, LeaveCode: "c1f772d2-xxxx-407e-816a-55be5c245569",
		StartTime: 1615392000000, EndTime: 1640966399000, DelayEndTime: 1640966399000,
	},

	"label_user_change.http.json":   pageLabelUser,
	"label_user_change.stream.json": pageLabelUser,

	"org_admin_add.http.json":   pageAdminAdd,
	"org_admin_add.stream.json": pageAdminAdd,

	"org_file_send_check.http.json":   pageFileSendCheck,
	"org_file_send_check.stream.json": pageFileSendCheck,

	"chat_add_member.http.json":      pageChatAdd,
	"chat_add_member.stream.json":    pageChatAdd,
	"chat_remove_member.http.json":   pageChatRemove,
	"chat_remove_member.stream.json": pageChatRemove,
	"chat_quit.http.json":            pageChatQuit,
	"chat_quit.stream.json":          pageChatQuit,
	"chat_update_owner.http.json":    pageChatOwner,
	"chat_update_owner.stream.json":  pageChatOwner,
	"chat_update_title.http.json":    pageChatTitle,
	"chat_update_title.stream.json":  pageChatTitle,
	"chat_disband.http.json":         pageChatDisband,
	"chat_disband.stream.json":       pageChatDisband,

	"label_conf_add.http.json":      pageLabelConfAdd,
	"label_conf_add.stream.json":    pageLabelConfAdd,
	"label_conf_modify.http.json":   pageLabelConfModify,
	"label_conf_modify.stream.json": pageLabelConfModify,

	"check_in.http.json":                           pageCheckIn,
	"check_in.stream.json":                         pageCheckIn,
	"user_add_org.http.json":                       pageUserAdd,
	"user_add_org.stream.json":                     pageUserAdd,
	"user_active_org.http.json":                    pageUserActive,
	"user_active_org.stream.json":                  pageUserActive,
	"org_dept_create.http.json":                    &event.OrgDeptCreate{DeptChange: pageDept},
	"org_dept_create.stream.json":                  &event.OrgDeptCreate{DeptChange: pageDept},
	"org_dept_modify.http.json":                    &event.OrgDeptModify{DeptChange: pageDept},
	"org_dept_modify.stream.json":                  &event.OrgDeptModify{DeptChange: pageDept},
	"org_dept_remove.isv-stream.json":              &event.OrgDeptRemove{},
	"org_remove.isv-stream.json":                   &event.OrgRemove{AgentID: 2573019},
	"edu_user_update.http.json":                    pageEduUserUpdate,
	"edu_user_update.stream.json":                  pageEduUserUpdate,
	"edu_user_delete.http.json":                    pageEduUserDelete,
	"edu_user_delete.stream.json":                  pageEduUserDelete,
	"edu_user_relation_insert.http.json":           pageEduRelationInsert,
	"edu_user_relation_insert.stream.json":         pageEduRelationInsert,
	"edu_user_relation_update.http.json":           pageEduRelationUpdate,
	"edu_user_relation_update.stream.json":         pageEduRelationUpdate,
	"edu_user_relation_delete.http.json":           pageEduRelationDelete,
	"edu_user_relation_delete.stream.json":         pageEduRelationDelete,
	"edu_dept_insert.http.json":                    &event.EduDeptInsert{EduDept: pageEduDept(`{"grade_level":0,"start_year":"2023"}`)},
	"edu_dept_insert.stream.json":                  &event.EduDeptInsert{EduDept: pageEduDept(`{"grade_level":0,"start_year":"2023"}`)},
	"edu_dept_update.http.json":                    &event.EduDeptUpdate{EduDept: pageEduDept(`{"grade_level":0,"start_year":2023}`)},
	"edu_dept_update.stream.json":                  &event.EduDeptUpdate{EduDept: pageEduDept(`{"grade_level":0,"start_year":2023}`)},
	"edu_dept_delete.http.json":                    pageEduDeptDelete,
	"edu_dept_delete.stream.json":                  pageEduDeptDelete,
	"industry_medical_dept_event.http.json":        pageMedicalDept,
	"industry_medical_dept_event.stream.json":      pageMedicalDept,
	"industry_medical_dept_prop_event.http.json":   pageMedicalDeptProp,
	"industry_medical_dept_prop_event.stream.json": pageMedicalDeptProp,
	"industry_medical_user_prop_event.http.json":   pageMedicalUserProp,
	"industry_medical_user_prop_event.stream.json": pageMedicalUserProp,
	"industry_medical_user_dept_event.http.json":   pageMedicalUserDept,
	"industry_medical_user_dept_event.stream.json": pageMedicalUserDept,
	"industry_medical_full_sync.http.json":         &event.MedicalFullSync{},
	"industry_medical_full_sync.stream.json":       &event.MedicalFullSync{},

	"servicegroup_ticket_create.http.json":             pageTicketCreate,
	"servicegroup_ticket_create.stream.json":           pageTicketCreate,
	"servicegroup_ticket_take.http.json":               pageTicketTake,
	"servicegroup_ticket_take.stream.json":             pageTicketTake,
	"servicegroup_ticket_urge.http.json":               pageTicketUrge,
	"servicegroup_ticket_urge.stream.json":             pageTicketUrge,
	"servicegroup_ticket_memo_add.http.json":           pageTicketMemoAdd,
	"servicegroup_ticket_memo_add.stream.json":         pageTicketMemoAdd,
	"servicegroup_ticket_read.http.json":               pageTicketRead,
	"servicegroup_ticket_read.stream.json":             pageTicketRead,
	"servicegroup_group_info_change.http.json":         pageGroupInfoChange,
	"servicegroup_group_info_change.stream.json":       pageGroupInfoChange,
	"servicegroup_custom_object_delete.http.json":      pageCustomObjectDelete,
	"servicegroup_custom_object_delete.stream.json":    pageCustomObjectDelete,
	"servicegroup_ticket_deal_feedback.http.json":      pageDealFeedback,
	"servicegroup_ticket_deal_feedback.stream.json":    pageDealFeedback,
	"servicegroup_custom_object_create.http.json":      pageCustomObjectCreate(`{"customer_type":1,"customer_name":"testCorpInfo_1"}`),
	"servicegroup_custom_object_create.stream.json":    pageCustomObjectCreate(`{"customerType":1,"customerName":"testCorpInfo_1"}`),
	"servicegroup_custom_object_edit.http.json":        pageCustomObjectEdit(`{"belong_customer_id":"eOGxxxxxxxxxxxxx"}`),
	"servicegroup_custom_object_edit.stream.json":      pageCustomObjectEdit(`{"belongCustomerId":"eOGxxxxxxxxxxxxx"}`),
	"servicegroup_contact_relate_customer.http.json":   pageContactRelateCustomer(`{"belong_customer_id":"xxxxxxx"}`),
	"servicegroup_contact_relate_customer.stream.json": pageContactRelateCustomer(`{"belongCustomerId":"xxxxxxx"}`),
	"servicegroup_contact_join_group_form.http.json":   pageJoinGroupForm(`{"DING_CUSTOMER":{"ding_customer_id":"Oidxxxxxxxx","customer_name":"李四"}}`),
	"servicegroup_contact_join_group_form.stream.json": pageJoinGroupForm(`{"dINGCUSTOMER":{"dingCustomerId":"Oidxxxxxxxx","customerName":"李四"}}`),
	"servicegroup_voc_topic_detail.http.json":          pageTopic,
	"servicegroup_voc_topic_detail.stream.json":        pageTopic,
	"org_suite_auth.isv-stream.json":                   pageSuiteAuth,
	"org_suite_change.isv-stream.json":                 pageSuiteChange,
	"org_suite_relieve.isv-stream.json":                &event.OrgSuiteRelieve{},
	"org_update.isv-stream.json":                       pageOrgUpdate,
	"user_dept_change.isv-stream.json":                 pageUserDeptChange,
	"tmp_auth_code.isv-http.json": &event.TmpAuthCode{
		SuiteEvent: event.SuiteEvent{SuiteKey: "suitexxxxxx", TimeStamp: 1234456}, AuthCode: "adads",
	},
	"change_auth.isv-http.json": &event.ChangeAuth{
		SuiteEvent: event.SuiteEvent{SuiteKey: "suitexxxxxx", TimeStamp: 1234456}, AuthCorpID: "xxxxx",
	},
	"suite_relieve.isv-http.json": &event.SuiteRelieve{
		SuiteEvent: event.SuiteEvent{SuiteKey: "suited6db0pze8yao1b1y", TimeStamp: 12351458245}, AuthCorpID: "ding4583267d28sd61",
	},
	"robot_msg_recall.http.json":   &event.RobotMsgRecall{RobotMessage: pageRobotMessage("cidajsddddashqwio")},
	"robot_msg_recall.stream.json": &event.RobotMsgRecall{RobotMessage: pageRobotMessage("cidajsddddashqwio")},
	"robot_msg_read.http.json":     &event.RobotMsgRead{RobotMessage: pageRobotMessage("cidajsdhqwiocid111")},
	"robot_msg_read.stream.json":   &event.RobotMsgRead{RobotMessage: pageRobotMessage("cidajsdhqwiocid111")},
}

var (
	pageMedicalDept = &event.MedicalDeptChange{
		Type: event.MedicalAdd, DeptType: event.MedicalDeptTypeDepartment, DeptCode: "1",
	}
	pageMedicalDeptProp = &event.MedicalDeptPropChange{
		Type: event.MedicalAdd, DeptType: event.MedicalDeptTypeDepartment, DeptCode: "9332", PropCode: "1",
	}
	pageMedicalUserProp = &event.MedicalUserPropChange{
		Type: event.MedicalAdd, PropCode: "0954662764895252", UserCode: "JobStatusTimeBegin",
	}
	pageMedicalUserDept = &event.MedicalUserDeptChange{
		Type: event.MedicalAdd, Month: "202301", DeptType: event.MedicalDeptTypeDepartment, DeptCode: "9332",
		UserCode: "095xxx4895252",
	}
)

// pageEduOK is the result every school contact page's sample carries.
var pageEduOK = event.EduResult{ErrMsg: "ok"}

// The school contact pages. HTTP push spells some keys in snake_case
// (class_id, dept_id, …), Stream in camelCase. edu_user_relation_update's
// page spells "toUserid\t" in its samples, with a stray tab its field table
// does not have; the fixtures keep it, and ToUserID takes it.
var (
	pageEduUserUpdate = &event.EduUserUpdate{EduUser: event.EduUser{
		UserID: "123344", ClassID: 12345, Role: event.EduRoleGuardian, Name: "小明爸爸",
		UnionID: "FzyqbxFafVOEExxxwiEiE", Feature: "{}", EduResult: pageEduOK,
	}}
	pageEduUserDelete = &event.EduUserDelete{EduUser: event.EduUser{
		UserID: "123456", ClassID: 12345, Role: event.EduRoleTeacher, IsAdviser: "1", IsGraduate: "0", EduResult: pageEduOK,
	}}
	pageEduRelationInsert = &event.EduUserRelationInsert{EduRelation: event.EduRelation{
		ClassID: 4240006, FromUserID: "1591928760", ToUserID: "1592301514-87630",
		RelationName: "爸爸", RelationCode: "F", EduResult: pageEduOK,
	}}
	pageEduRelationUpdate = &event.EduUserRelationUpdate{EduRelation: pageEduRelation}
	pageEduRelationDelete = &event.EduUserRelationDelete{EduRelation: pageEduRelation}
	pageEduRelation       = event.EduRelation{
		ClassID: 4240006, FromUserID: "34567890", ToUserID: "34567890", RelationName: "妈妈", RelationCode: "M", EduResult: pageEduOK,
	}
	pageEduDeptDelete = &event.EduDeptDelete{EduDept: event.EduDept{DeptID: 12345, EduResult: pageEduOK}}
)

func pageEduDept(feature string) event.EduDept {
	return event.EduDept{
		DeptID: 123456, Name: "一年级2班（苹果班）", Nick: "苹果班", DeptType: event.EduDeptGrade,
		ContactType: event.EduContactClassic, Chain: "[123,456]", Feature: feature, EduResult: pageEduOK,
	}
}

// The group-chat pages: corpId in the body is the page's "dinge8a5…",
// which Header.CorpID takes only when the envelope has none.
var pageChatMembers = event.ChatMembers{
	Chat: event.Chat{
		ChatID: "chat28367b03e4b4ca4b5074e1dbfb5d6088", OpenConversationID: "iis6fGqqqt87xxxxiEiE",
		Operator: "10203029011219896", OperatorUnionID: "iis6fGqqqt87xxxxiEiE", TimeStamp: 1608027106990,
	},
	UserIDs: []string{"user456"}, UnionIDs: []string{"3rBUxxxQiEiE"},
}

var (
	pageChatAdd    = &event.ChatAddMember{ChatMembers: pageChatMembers}
	pageChatRemove = &event.ChatRemoveMember{ChatMembers: pageChatMembers}
	pageChatQuit   = &event.ChatQuit{Chat: event.Chat{
		ChatID: "chat676e50a07xxxx", OpenConversationID: "cidmfWxxxx", Operator: "user456",
		OperatorUnionID: "zRboxxxcpAiEiE", TimeStamp: 1608026903228,
	}}
	pageChatOwner = &event.ChatUpdateOwner{
		Chat:  event.Chat{OpenConversationID: "cidmfWxxxx", OperatorUnionID: "FxhxxxMBEp8iE", TimeStamp: 1608026611710},
		Owner: "manager4220",
	}
	pageChatTitle = &event.ChatUpdateTitle{
		Chat: event.Chat{
			ChatID: "chat676e50a07xxxx", OpenConversationID: "cidmfWxxxx", Operator: "user456",
			OperatorUnionID: "ZPbvHDqDOxxxxLLtBDplS", TimeStamp: 1608027247528,
		},
		Title: "开放平台",
	}
	pageChatDisband = &event.ChatDisband{Chat: event.Chat{
		ChatID: "chat7795eead80xxxx5", OpenConversationID: "cid1MFt2YA6gAxxxxx", Operator: "user12345",
		OperatorUnionID: "Hq59gzyaaX2UZpxxxx", TimeStamp: 1608030111461,
	}}
)

var pageLabelConfAdd = &event.LabelConfAdd{LabelConf: event.LabelConf{LabelIDs: []int64{1688607309}, Scope: "1"}}

var pageLabelConfModify = &event.LabelConfModify{
	LabelConf: event.LabelConf{LabelIDs: []int64{1234}, Scope: "1"},
	PostLabels: []event.Label{{
		ID: 1688607309, Name: "测试", Color: -11687445, Level: 1, Scope: 1, ParentID: 1688611118,
		Extra: json.RawMessage(`{}`),
	}},
	PreLabels: []event.Label{{ID: 1688607309, Name: "test", Extra: json.RawMessage(`{}`)}},
}

var pageCheckIn = &event.CheckIn{StaffID: "08058xxxxxx", TimeStamp: 1495542282000}

var (
	pageUserAdd    = &event.OrgUserAdd{UserChange: event.UserChange{UserIDs: []string{"015xxxx227"}, TimeStamp: 1685501863357}}
	pageUserActive = &event.OrgUserActive{UserChange: event.UserChange{UserIDs: []string{"015xxxx227"}}}
	pageDept       = event.DeptChange{DeptIDs: []int64{432825033}}
)

var pageLabelUser = &event.LabelUserChange{UserIDs: []string{"84597xxx464"}, LabelIDs: []int64{1881}, Action: "add"}

var pageAdminAdd = &event.OrgAdminAdd{
	AdminChange: event.AdminChange{UserIDs: []string{"015xxxx227"}, TimeStamp: 1685501863357},
}

var pageAttendGroup = &event.AttendGroupChange{
	DataCorp: event.DataCorp{DataCorpID: "dingxxxx"}, ID: 11112222, Name: "考勤组A", Action: event.AttendGroupDeleted,
}

var pageFileSendCheck = &event.OrgFileSendCheck{FileRecords: []event.FileRecord{{
	OpenCID: "cidhoEzLAXnkhNZYlHg6PqcTzSlxxxdsfs", FileName: "测试", OSSKey: "lA6h5dW5kaXNrMATOIQUokAXNB9IGAAxxx",
	RequestID: "dlpId4c5219a39xxx", UserID: "304235493xxxx",
}}}

// pageSample is a page's sample: an HTTP body, or a Stream envelope.
type pageSample struct {
	EventType     event.Type      `json:"eventType"`
	EventCorpID   string          `json:"eventCorpId"`
	EventID       string          `json:"eventId"`
	EventBornTime event.Millis    `json:"eventBornTime"`
	Data          json.RawMessage `json:"data"`
}

func TestPageFixtures(t *testing.T) {
	t.Parallel()
	fixtures := loadFixtures(t, "testdata/pages/*.json")
	assert.Len(t, fixtures, len(pageCases), "every page fixture has a case and every case a fixture")

	for _, f := range fixtures {
		file := f.name + "." + f.shape + ".json"
		want, ok := pageCases[file]
		require.True(t, ok, "%s has no case", file)
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			raw, shape, typ := f.data, f.shape, event.Type(f.name)
			require.IsType(t, event.New(typ), want)

			var body []byte
			var h, wantHeader event.Header
			switch shape {
			case "http":
				body = raw
				h = event.Header{EventType: typ}
				wantHeader = event.Header{
					EventType: typ, CorpID: "ding9f50b15bxxxx16741", EventID: "c7c7120f2c07419**ebdba0318c8",
					BizID: "1663**35567", EventTime: 1663143335567,
				}
			case "isv-http": // a legacy suite callback: its type is the only envelope
				body = raw
				h = event.Header{EventType: typ}
				wantHeader = event.Header{EventType: typ}
			default:
				var s pageSample
				require.NoError(t, json.Unmarshal(raw, &s))
				require.Equal(t, typ, s.EventType)
				body = s.Data
				h = event.Header{EventType: s.EventType, CorpID: s.EventCorpID, EventID: s.EventID, EventTime: s.EventBornTime}
				wantHeader = event.Header{
					EventType: typ, CorpID: "ding9f50b15bxxxx16741", EventID: "c7c7120f2c07419**ebdba0318c8",
					EventTime: 1683533823336,
				}
			}

			if typ == event.TypeServicegroupTicketDealFeedback { // its samples name their own organisation and bizId
				wantHeader.BizID = "88888"
				if shape == "http" {
					wantHeader.CorpID = "dingadc88253b4d581bd35c2f4657eb6378f"
				}
			}
			decoded, err := event.Decode(h, body)
			require.NoError(t, err)
			assert.Equal(t, wantHeader, *decoded.EventHeader())

			parseBody := body
			if !strings.HasSuffix(shape, "http") { // Parse needs the type in the body
				rest, sep := bytes.TrimLeft(body[1:], " \t\r\n"), ","
				if len(rest) > 0 && rest[0] == '}' {
					sep = "" // an empty data object
				}
				parseBody = fmt.Appendf(nil, `{"EventType":%q%s%s`, typ, sep, rest)
			}
			parsed, err := event.Parse(parseBody)
			require.NoError(t, err)

			for via, got := range map[string]event.Event{"Decode": decoded, "Parse": parsed} {
				*got.EventHeader() = event.Header{}
				assert.Equal(t, want, compactRaw(t, got), via)
			}
		})
	}
}

// Third-party apps may also receive events by SyncHTTP or RDS, where each
// event is a biz_data object whose syncAction names its type. The pages'
// biz_data samples carry the same keys as the HTTP bodies, so Decode reads
// them with the type from syncAction.
func TestDecodeSyncBizData(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		bizData string
		want    event.Event
	}{
		{`{"timeStamp":1608026903228,"eventId":"c7c7120f2c07419**ebdba0318c8","chatId":"chat676e50a07xxxx",
		  "corpId":"dinge8a56572f80bxxxx","syncAction":"chat_quit","operatorUnionId":"zRboxxxcpAiEiE",
		  "openConversationId":"cidmfWxxxx","operator":"user456"}`,
			&event.ChatQuit{
				Header: event.Header{EventType: event.TypeChatQuit, CorpID: "dinge8a56572f80bxxxx", EventID: "c7c7120f2c07419**ebdba0318c8"},
				Chat:   pageChatQuit.Chat,
			}},
		{`{"errcode":0,"eventId":"c7c7120f2c07419**ebdba0318c8","role":"teacher","syncAction":"edu_user_delete",
		  "class_id":12345,"errmsg":"ok","is_adviser":"1","userid":"123456","is_graduate":"0"}`,
			&event.EduUserDelete{
				Header:  event.Header{EventType: event.TypeEduUserDelete, EventID: "c7c7120f2c07419**ebdba0318c8"},
				EduUser: pageEduUserDelete.EduUser,
			}},
		{`{"auth_user_info":{"userId":"managerxxx92"},"eventId":"c7c7120f2c07419**ebdba0318c8",
		  "auth_corp_info":{"corp_type":0,"corpid":"dingb2b068b57xxxxxx288","auth_level":2,"auth_channel":"4",
		  "industry":"互联网","full_corp_name":"测试组织","corp_name":"测试组织","is_ecological_corp":false,
		  "invite_url":"https://wx.dingtalk.com/invite-page/xxx","auth_channel_type":"STAR_ACTIVITY",
		  "invite_code":"dada2xdaflgf","corp_type_v2":0,"is_authenticated":true,"license_code":"xxx",
		  "corp_logo_url":"https://static-legacy.dingtalk.com/xxx"},"syncAction":"org_suite_auth",
		  "auth_scope":{"errcode":0,"auth_user_field":["jobnumber"],"auth_org_scopes":{"authed_dept":[1]},"errmsg":"ok"},
		  "auth_info":{"agent":[{"agentid":2574805120,"agent_name":"测试应用","logo_url":"https://staticXXX.jpg",
		  "appid":1000,"admin_list":["182937xxx"]}]},"permanent_code":"68QKuTAkgHRSMOyCxoYZyNXXXX"}`,
			&event.OrgSuiteAuth{
				Header:    event.Header{EventType: event.TypeOrgSuiteAuth, EventID: "c7c7120f2c07419**ebdba0318c8"},
				SuiteAuth: pageSuiteAuth.SuiteAuth,
			}},
		{`{"errcode":0,"eventId":"c7c7120f2c07419**ebdba0318c8","corpid":"dingxxx2cff796","syncAction":"org_update",
		  "auth_level":2,"errmsg":"ok","industry":"信息技术咨询","is_authenticated":true,"corp_name":"企业1",
		  "corp_logo_url":"https://static.xxx.com"}`,
			func() *event.OrgUpdate {
				e := *pageOrgUpdate
				e.Header = event.Header{EventType: event.TypeOrgUpdate, EventID: "c7c7120f2c07419**ebdba0318c8", CorpID: "dingxxx2cff796"}
				return &e
			}()},
		{`{"eventId":"c7c7120f2c07419**ebdba0318c8","syncAction":"servicegroup_ticket_take","spiTicketModel":{
		  "operateData":{"originTakers":[{"unionId":"9dQurQX3VspSKB3lvssfOgiEiE","nickName":"王鸿程"}]},
		  "operateType":"TAKE","operatorNickName":"王鸿程","operatorUnionId":"9dQurQX3VspSKB3lvssfOgiEiE",
		  "openTicketId":"ISeGR7JOP8IiE"}}`,
			&event.ServiceGroupTicketTake{
				Header:       event.Header{EventType: event.TypeServicegroupTicketTake, EventID: "c7c7120f2c07419**ebdba0318c8"},
				TicketChange: pageTicketTake.TicketChange,
			}},
		{`{"eventId":"c7c7120f2c07419**ebdba0318c8","OpenConversationId":"cidajsdhqwiocid111","syncAction":"robot_msg_read",
		  "UserId":"manager","OperatTime":"1654641965416","UnionId":"sdjkqwheda","ProcessQueryKey":"dsadfsafaewsrdefe",
		  "RobotCode":"dingnxkjdhasdw"}`,
			&event.RobotMsgRead{
				Header:       event.Header{EventType: event.TypeRobotMsgRead, EventID: "c7c7120f2c07419**ebdba0318c8"},
				RobotMessage: pageRobotMessage("cidajsdhqwiocid111"),
			}},
	} {
		var probe struct {
			SyncAction event.Type `json:"syncAction"`
		}
		require.NoError(t, json.Unmarshal([]byte(tt.bizData), &probe))
		got, err := event.Decode(event.Header{EventType: probe.SyncAction}, []byte(tt.bizData))
		require.NoError(t, err)
		assert.Equal(t, tt.want, got)
	}
}

// The service group pages (服务群). Every ticket page shares one model,
// spiTicketModel; the form pages spiCrmModel, whose formData keys the
// samples spell in camelCase in Stream data and snake_case in HTTP bodies
// (kept as received).
var (
	pageWang       = event.ServiceGroupUser{UnionID: "9dQurQX3VspSKB3lvssfOgiEiE", NickName: "王鸿程"}
	pageZhang      = event.ServiceGroupUser{UnionID: "1111", NickName: "张三"}
	pageTicketMemo = event.TicketMemo{Memo: "测试", Attachments: []event.TicketAttachment{{
		FileName: "01d11e438f03410d53693fcf5efed334.jpeg", Type: "img",
		Key: "ticket/image/41661019/123001/8812788f16574d9d891f6186d7b629e4_1626174465926.jpeg",
	}}}
	pageTicketCreate = &event.ServiceGroupTicketCreate{TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "ISeGR7JOP8IiE", OperateType: event.TicketCreate, OperatorNickName: "王鸿程",
		OperatorUnionID: "9dQurQX3VspSKB3lvssfOgiEiE",
	}}}
	pageTicketTake = &event.ServiceGroupTicketTake{TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "ISeGR7JOP8IiE", OperateType: event.TicketTake, OperatorNickName: "王鸿程",
		OperatorUnionID: "9dQurQX3VspSKB3lvssfOgiEiE",
		OperateData:     event.TicketOperateData{OriginTakers: []event.ServiceGroupUser{pageWang}},
	}}}
	pageTicketUrge = &event.ServiceGroupTicketUrge{TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "ISeGR7JOP8IiE", OperateType: event.TicketUrge, OperatorNickName: "王鸿程",
		OperatorUnionID: "9dQurQX3VspSKB3lvssfOgiEiE",
		OperateData: event.TicketOperateData{Receivers: []event.ServiceGroupUser{
			{UnionID: "1AE3AiiPwsBZSKB3lvssfOgiEiE", NickName: "李航宇"},
		}},
		OperateMemo: pageTicketMemo,
	}}}
	pageTicketMemoAdd = &event.ServiceGroupTicketMemoAdd{TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "ISeGR7JOP8IiE", OperateType: event.TicketAddMemo, OperatorNickName: "张宇航小号",
		OperatorUnionID: "NK0qMkt7e03wGiS26tiPf8hgiEiE", OperateMemo: pageTicketMemo,
	}}}
	pageTicketRead = &event.ServiceGroupTicketRead{TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "ISeGR7JOP8IiE", OperateType: event.TicketRead, OperatorNickName: "张三", OperatorUnionID: "11111",
		OperateData: event.TicketOperateData{Operate: "CREATE", TicketSnapshot: event.TicketSnapshot{
			Stage: "PROCESSING", Processor: pageZhang, Takers: []event.ServiceGroupUser{pageZhang},
		}},
	}}}
	pageGroupInfoChange = &event.ServiceGroupGroupInfoChange{Group: event.GroupChange{
		OpenConversationID: "cidcxxxxxad4PB5ziwAOzgZGw==", OpenTeamID: "exxxxxxwsKEiE", OperateType: "BIZ_ID_BIND_CHANGE",
		OperatorNickName: "xxxx", OperatorUnionID: "NK0qMkt7e03wGiS26tiPxxxxxxxx",
		OperateData: event.GroupOperateData{BizID: "11222"},
	}}
	pageCustomObjectDelete = &event.ServiceGroupCustomObjectDelete{FormChange: event.FormChange{Form: event.FormInstance{
		OpenTeamID: "iPxxxxxxx", ExternalBizID: "xxxx", FormScene: event.FormSceneCustomer,
		OpenDataInstanceID: "exxxxxxxxxx", OperateType: event.FormDelete, OperatorNickName: "李四",
		OperatorUnionID: "4kIxxxxxxxxxxxxxxx",
	}}}
	pageTopic = &event.ServiceGroupVocTopicDetail{Body: event.TopicBody{BizData: event.Topic{
		UniqueID: "b58eb057e7dc84bd39509282ba467630", Topic: "返佣标准", BizTopic: "SG_TOPIC_DETAIL",
		Title: "返佣政策啥时候公布", TitleCreateAt: "2021-09-06 20:47:10", TitleSenderNick: "花花",
		TitleSenderRole: "SERVER", TitleSenderUUID: "2222222", Labels: "返佣##返佣标准##忽略##返佣政策##公布",
		ParticipantsNum: "2", MsgCount: "10", ChatContext: "[]", GroupID: "1111111", GroupName: "群名称11111",
		OpenConversationID: "cidZxwqOqdpqnUu61Q4qHNm6Q==", Channel: "DING_GROUP", Source: "DING_CCM",
		TeamID: "419001", OpenTeamID: "kiPoxS9ZR9WsiE", OrgID: "41661019", CorpID: "dingadc88253b4d581bd35c2f4657eb6378f",
	}}}
)

// pageDealFeedback is the servicegroup_ticket_deal_feedback page's sample.
// Its Stream data names an organisation (corpId) other than the envelope's
// and its HTTP body the same one as CorpId: DataCorpID holds it in both.
var pageDealFeedback = &event.ServiceGroupTicketDealFeedback{
	DataCorp: event.DataCorp{DataCorpID: "dingadc88253b4d581bd35c2f4657eb6378f"},
	TicketChange: event.TicketChange{Ticket: event.Ticket{
		OpenTicketID: "dkp1jLhLpgMiE", OperateType: event.TicketDealResult, OperatorNickName: "张宇航小号",
		OperatorUnionID: "NK0qMkt7e03wGiS26tiPf8hgiEiE",
		OperateData:     event.TicketOperateData{DealResult: "SOLVED"}, OperateMemo: event.TicketMemo{Memo: "8888"},
	}},
}

func pageForm(form, scene, instance, op, nick, union, team, ext string) event.FormChange {
	return event.FormChange{Form: event.FormInstance{
		OpenTeamID: team, ExternalBizID: ext, FormScene: scene, OpenDataInstanceID: instance, OperateType: op,
		OperatorNickName: nick, OperatorUnionID: union, FormData: json.RawMessage(form),
	}}
}

func pageCustomObjectCreate(form string) *event.ServiceGroupCustomObjectCreate {
	return &event.ServiceGroupCustomObjectCreate{FormChange: pageForm(form, event.FormSceneCustomer, "eOGXXXXXXXXXX",
		event.FormCreate, "李四", "Shxxxxxxxxxxxxxxx", "iPXXXXXXXXX", "XXXXX")}
}

func pageCustomObjectEdit(form string) *event.ServiceGroupCustomObjectEdit {
	return &event.ServiceGroupCustomObjectEdit{FormChange: pageForm(form, event.FormSceneCustomer, "8Cxxxxxxxxxx",
		event.FormEdit, "李四", "4kxxxxxxxxxx", "iPXXXXxxxxxx", "XXxxxxxx")}
}

func pageContactRelateCustomer(form string) *event.ServiceGroupContactRelateCustomer {
	return &event.ServiceGroupContactRelateCustomer{FormChange: pageForm(form, event.FormSceneJoinGroup, "qsxxxxxxxxxxx",
		event.FormContactJoinGroup, "李四", "4kIxxxxxxxxxxxxxxxxx", "iPxxxxxxxx", "iPxxxxxxxxxxxx")}
}

func pageJoinGroupForm(form string) *event.ServiceGroupContactJoinGroupForm {
	return &event.ServiceGroupContactJoinGroupForm{FormChange: pageForm(form, event.FormSceneJoinGroup, "qsxxxxxxxxxxx",
		event.FormContactJoinGroup, "", "", "iPxxxxxxxx", "")}
}

// pageRobotMessage is the robot message pages' sample (the read page quotes
// operatTime, the recall page does not).
func pageRobotMessage(conversation string) event.RobotMessage {
	return event.RobotMessage{
		ProcessQueryKey: "dsadfsafaewsrdefe", RobotCode: "dingnxkjdhasdw", OpenConversationID: conversation,
		UnionID: "sdjkqwheda", UserID: "manager", OperatTime: 1654641965416,
	}
}

// Four payload types name an organisation in their data besides the
// envelope's (DataCorp): "corpId" and "corpid" fill DataCorpID, "CorpId"
// and the Stream frame Header.CorpID, and a body with one of the two fills
// both.
func TestDataCorp(t *testing.T) {
	t.Parallel()
	const envelope, data = "ding9f50b15bxxxx16741", "dingadc88253b4d581bd35c2f4657eb6378f"
	for _, tt := range []struct {
		name         string
		ev           func() (event.Event, error)
		header, corp string
	}{
		{"HTTP with both", func() (event.Event, error) {
			return event.Parse([]byte(`{"EventType":"overtime_to_vacation_data","CorpId":"` + envelope + `","corpId":"` + data + `"}`))
		}, envelope, data},
		{"HTTP with CorpId", func() (event.Event, error) {
			return event.Parse([]byte(`{"EventType":"servicegroup_ticket_deal_feedback","CorpId":"` + data + `"}`))
		}, data, data},
		{"HTTP with corpid", func() (event.Event, error) {
			return event.Parse([]byte(`{"EventType":"attend_group_change","corpid":"` + data + `","id":1}`))
		}, data, data},
		{"Stream with data.corpId", func() (event.Event, error) {
			return event.Decode(event.Header{EventType: event.TypeServicegroupTicketDealFeedback, CorpID: envelope},
				[]byte(`{"corpId":"`+data+`"}`))
		}, envelope, data},
		{"Stream without", func() (event.Event, error) {
			return event.Decode(event.Header{EventType: event.TypeAttendGroupChange, CorpID: envelope}, []byte(`{"id":1}`))
		}, envelope, envelope},
	} {
		ev, err := tt.ev()
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.header, ev.EventHeader().CorpID, tt.name)
		got := reflect.ValueOf(ev).Elem().FieldByName("DataCorpID").String()
		assert.Equal(t, tt.corp, got, tt.name)
	}
}
