package event

import (
	"fmt"
	"reflect"
	"slices"
	"sync"
)

// registry is the one list of the event types this package types: each
// wire name, its payload type and the DingTalk pages the payload was
// checked against (none for the control events of the callback protocol,
// whose doc comments say where their fields come from). Everything else
// comes from it: go generate writes the Type constants (types_gen.go) and
// the decoders (decode_gen.go) from it, and Types, New, Pages, Parse,
// Decode and the Router read it; the tests check that each payload type's
// doc links its pages and that each type has its fixtures.
//
// A constant is named for its wire string in CamelCase (TypeUserAddOrg for
// user_add_org, URL in capitals); a payload type keeps DingTalk's name for
// the event (OrgUserAdd), which may read differently.
var registry = []entry{
	{"user_add_org", (*OrgUserAdd)(nil), []string{
		"https://open.dingtalk.com/document/development/enterprise-increases-employee-events",
		"https://open.dingtalk.com/document/development/event-subscription-enterprises-increase-employee-events",
	}},
	{"user_modify_org", (*OrgUserModify)(nil), []string{
		"https://open.dingtalk.com/document/development/address-book-user-change",
		"https://open.dingtalk.com/document/development/enterprise-modify-employee-event",
	}},
	{"user_leave_org", (*OrgUserLeave)(nil), []string{
		"https://open.dingtalk.com/document/development/address-book-user-resignation",
		"https://open.dingtalk.com/document/development/enterprise-delete-employee",
	}},
	{"user_active_org", (*OrgUserActive)(nil), []string{
		"https://open.dingtalk.com/document/development/user-activation-after-joining-the-enterprise",
		"https://open.dingtalk.com/document/development/event-subscription-user-activation-information",
	}},
	{"org_admin_add", (*OrgAdminAdd)(nil), []string{
		"https://open.dingtalk.com/document/development/user-is-set-as-administrator",
	}},
	{"org_admin_remove", (*OrgAdminRemove)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},
	{"org_dept_create", (*OrgDeptCreate)(nil), []string{
		"https://open.dingtalk.com/document/development/create-department-event",
		"https://open.dingtalk.com/document/orgapp/address-book-enterprise-department-create-stream",
		"https://open.dingtalk.com/document/development/event-subscription-creates-department-events",
	}},
	{"org_dept_modify", (*OrgDeptModify)(nil), []string{
		"https://open.dingtalk.com/document/development/address-book-enterprise-department-modification",
		"https://open.dingtalk.com/document/development/modify-department-event-stream",
	}},
	{"org_dept_remove", (*OrgDeptRemove)(nil), []string{
		"https://open.dingtalk.com/document/development/delete-department-event-stream",
	}},
	{"org_remove", (*OrgRemove)(nil), []string{
		"https://open.dingtalk.com/document/development/enterprise-delete-stream",
	}},
	{"org_change", (*OrgChange)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},

	{"label_user_change", (*LabelUserChange)(nil), []string{
		"https://open.dingtalk.com/document/development/employee-role-information-changes",
	}},
	{"label_conf_add", (*LabelConfAdd)(nil), []string{
		"https://open.dingtalk.com/document/development/add-a-role-or-role-group",
	}},
	{"label_conf_del", (*LabelConfDel)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},
	{"label_conf_modify", (*LabelConfModify)(nil), []string{
		"https://open.dingtalk.com/document/development/modify-a-role-or-role-group",
	}},

	{"edu_user_insert", (*EduUserInsert)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-update",
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},
	{"edu_user_update", (*EduUserUpdate)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-update",
	}},
	{"edu_user_delete", (*EduUserDelete)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-deleted",
	}},
	{"edu_user_relation_insert", (*EduUserRelationInsert)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-relations-added",
	}},
	{"edu_user_relation_update", (*EduUserRelationUpdate)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-relationship-update",
	}},
	{"edu_user_relation_delete", (*EduUserRelationDelete)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-staff-relation-delete",
	}},
	{"edu_dept_insert", (*EduDeptInsert)(nil), []string{
		"https://open.dingtalk.com/document/development/new-education-sector",
	}},
	{"edu_dept_update", (*EduDeptUpdate)(nil), []string{
		"https://open.dingtalk.com/document/development/education-sector-update",
	}},
	{"edu_dept_delete", (*EduDeptDelete)(nil), []string{
		"https://open.dingtalk.com/document/development/education-department-delete",
	}},

	{"bpms_task_change", (*BpmTaskChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-bpms-task-change",
	}},
	{"bpms_instance_change", (*BpmInstanceChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-bpms-instance-change",
	}},
	{"workflow_instance_change_broadcast", (*WorkflowInstanceChangeBroadcast)(nil), []string{
		"https://open.dingtalk.com/document/development/event-workflow-instance-change-broadcast",
	}},

	{"chat_add_member", (*ChatAddMember)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-add-persons",
	}},
	{"chat_remove_member", (*ChatRemoveMember)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-delete-persons",
	}},
	{"chat_quit", (*ChatQuit)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-users-actively-withdraw-from-the-group",
	}},
	{"chat_update_owner", (*ChatUpdateOwner)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-change-group-master",
	}},
	{"chat_update_title", (*ChatUpdateTitle)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-change-group-name",
	}},
	{"chat_disband", (*ChatDisband)(nil), []string{
		"https://open.dingtalk.com/document/development/group-session-disband-group",
	}},

	{"check_in", (*CheckIn)(nil), []string{
		"https://open.dingtalk.com/document/development/event-check-in",
	}},
	{"attendance_check_record", (*AttendanceCheckRecord)(nil), []string{
		"https://open.dingtalk.com/document/development/employee-clock-in-event",
	}},
	{"attendance_schedule_change", (*AttendanceScheduleChange)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},
	{"attendance_overtime_duration", (*AttendanceOvertimeDuration)(nil), []string{
		"https://open.dingtalk.com/document/development/employee-overtime-events",
	}},
	{"attend_group_change", (*AttendGroupChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-subscription-attendance-group-changes",
	}},
	{"overtime_to_vacation_data", (*OvertimeToVacation)(nil), []string{
		"https://open.dingtalk.com/document/development/holiday-data-synchronization",
	}},

	{"org_file_send_check", (*OrgFileSendCheck)(nil), []string{
		"https://open.dingtalk.com/document/development/detection-event-of-enterprise-employee-sending-file",
	}},

	{"meetingroom_book", (*MeetingRoomBook)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},
	{"meetingroom_room_info", (*MeetingRoomInfo)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},

	{"hrm_user_record_change", (*HrmUserRecordChange)(nil), nil},
	{"hrm_mdm_user_change", (*HrmMdmUserChange)(nil), []string{
		"https://open.dingtalk.com/document/development/personnel-platform-employee-change-event-v2",
	}},
	{"crm_customer_track", (*CrmCustomerTrack)(nil), []string{
		"https://open.dingtalk.com/document/development/crm-customer-dynamics",
	}},

	{"calendar_event_change", (*CalendarEventChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-calendar-event-change",
	}},

	{"industry_medical_dept_event", (*MedicalDeptChange)(nil), []string{
		"https://open.dingtalk.com/document/development/changes-in-medical-departments-and-medical-groups-in-the-medical",
	}},
	{"industry_medical_dept_prop_event", (*MedicalDeptPropChange)(nil), []string{
		"https://open.dingtalk.com/document/development/change-of-attribute-of-medical-group-of-medical-department-in",
	}},
	{"industry_medical_user_prop_event", (*MedicalUserPropChange)(nil), []string{
		"https://open.dingtalk.com/document/development/user-attribute-change-in-medical-industry",
	}},
	{"industry_medical_user_dept_event", (*MedicalUserDeptChange)(nil), []string{
		"https://open.dingtalk.com/document/development/changes-in-the-medical-group-of-the-department-where-the",
	}},
	{"industry_medical_full_sync", (*MedicalFullSync)(nil), []string{
		"https://open.dingtalk.com/document/development/full-synchronization-of-medical-address-book",
	}},

	{"servicegroup_ticket_create", (*ServiceGroupTicketCreate)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-creation",
	}},
	{"servicegroup_ticket_take", (*ServiceGroupTicketTake)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-application",
	}},
	{"servicegroup_ticket_urge", (*ServiceGroupTicketUrge)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-reminder",
	}},
	{"servicegroup_ticket_memo_add", (*ServiceGroupTicketMemoAdd)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-add-comment",
	}},
	{"servicegroup_ticket_read", (*ServiceGroupTicketRead)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-read",
	}},
	{"servicegroup_ticket_deal_feedback", (*ServiceGroupTicketDealFeedback)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-work-order-processing-feedback",
	}},
	{"servicegroup_group_info_change", (*ServiceGroupGroupInfoChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-servicegroup-group-info-change",
	}},
	{"servicegroup_custom_object_create", (*ServiceGroupCustomObjectCreate)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-custom-form-creation-instance",
	}},
	{"servicegroup_custom_object_edit", (*ServiceGroupCustomObjectEdit)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-custom-form-update-instance",
	}},
	{"servicegroup_custom_object_delete", (*ServiceGroupCustomObjectDelete)(nil), []string{
		"https://open.dingtalk.com/document/development/service-group-custom-form-delete-instance",
	}},
	{"servicegroup_contact_relate_customer", (*ServiceGroupContactRelateCustomer)(nil), []string{
		"https://open.dingtalk.com/document/development/event-servicegroup-contact-relate-customer",
	}},
	{"servicegroup_contact_join_group_form", (*ServiceGroupContactJoinGroupForm)(nil), []string{
		"https://open.dingtalk.com/document/development/event-servicegroup-contact-join-group-form",
	}},
	{"servicegroup_voc_topic_detail", (*ServiceGroupVocTopicDetail)(nil), []string{
		"https://open.dingtalk.com/document/development/internal-cloud-service-group-topic-change-event",
	}},
	{"servicegroup_group_message_read_topic_detail", (*ServiceGroupGroupMessageReadTopicDetail)(nil), []string{
		"https://open.dingtalk.com/document/development/hidden-event-list",
	}},

	{"robot_msg_recall", (*RobotMsgRecall)(nil), []string{
		"https://open.dingtalk.com/document/development/bot-message-withdrawal-event",
	}},
	{"robot_msg_read", (*RobotMsgRead)(nil), []string{
		"https://open.dingtalk.com/document/development/bot-message-read-event",
	}},

	{"org_suite_auth", (*OrgSuiteAuth)(nil), []string{
		"https://open.dingtalk.com/document/development/event-org-suite-auth",
		"https://open.dingtalk.com/document/development/enterprise-authorized-application-stream",
	}},
	{"org_suite_change", (*OrgSuiteChange)(nil), []string{
		"https://open.dingtalk.com/document/development/event-org-suite-relieve",
		"https://open.dingtalk.com/document/development/enterprise-change-scope-stream",
	}},
	{"org_suite_relieve", (*OrgSuiteRelieve)(nil), []string{
		"https://open.dingtalk.com/document/development/enterprise-de-authorization-stream",
	}},
	{"org_update", (*OrgUpdate)(nil), []string{
		"https://open.dingtalk.com/document/development/event-subscription-for-enterprise-changes",
	}},
	{"user_dept_change", (*UserDeptChange)(nil), []string{
		"https://open.dingtalk.com/document/development/employee-information-event-after-enterprise-modifies-employee-department",
	}},
	{"tmp_auth_code", (*TmpAuthCode)(nil), []string{
		"https://open.dingtalk.com/document/development/enterprise-authorized-application-activation-event",
	}},
	{"change_auth", (*ChangeAuth)(nil), []string{
		"https://open.dingtalk.com/document/development/address-book-authorization-scope-change-event",
	}},
	{"suite_relieve", (*SuiteRelieve)(nil), []string{
		"https://open.dingtalk.com/document/development/revoke-authorization",
	}},

	{"check_url", (*CheckURL)(nil), nil},
	{"check_create_suite_url", (*CheckCreateSuiteURL)(nil), nil},
	{"check_update_suite_url", (*CheckUpdateSuiteURL)(nil), nil},
	{"suite_ticket", (*SuiteTicket)(nil), nil},
}

// entry is one event type of the registry.
type entry struct {
	wire  Type
	zero  Event // a nil pointer of the payload type
	pages []string
}

// Nothing is built when the package is imported: the index of the registry
// is built on the first Parse, Decode or Router use, safely under
// concurrency. The decoders are generated code (decode_gen.go), which needs
// nothing built.
var theIndex = sync.OnceValue(buildIndex)

// index is what Parse, Decode and the Router look up in the registry.
type index struct {
	entries map[Type]entry
	typeFor map[reflect.Type]Type
	// canonical maps each known type name to its Type, so a lookup with
	// string(bytes) returns the Type without allocating.
	canonical map[string]Type
}

func buildIndex() *index {
	ix := &index{
		entries:   make(map[Type]entry, len(registry)),
		typeFor:   make(map[reflect.Type]Type, len(registry)),
		canonical: make(map[string]Type, len(registry)),
	}
	for _, e := range registry {
		rt := reflect.TypeOf(e.zero)
		if prev, dup := ix.typeFor[rt]; dup {
			panic(fmt.Sprintf("event: %s registered for %s and %s", rt, prev, e.wire))
		}
		ix.entries[e.wire] = e
		ix.typeFor[rt] = e.wire
		ix.canonical[string(e.wire)] = e.wire
	}
	return ix
}

// Types returns every Type this package decodes into a typed payload, in
// the order of the registry (by domain).
func Types() []Type {
	ts := make([]Type, 0, len(registry))
	for _, e := range registry {
		ts = append(ts, e.wire)
	}
	return ts
}

// Pages returns the DingTalk pages the payload of t was checked against:
// the event's own pages (internal app HTTP push and Stream, third-party app
// Stream), or DingTalk's event list for an event it lists without a page of
// its own; nil for the control events of the callback protocol and for a
// type this package does not know.
func Pages(t Type) []string {
	return slices.Clone(theIndex().entries[t].pages)
}

// New returns a new, zero payload of type t with its EventType set, or
// *Unknown for a type this package does not know. It is handy for building
// events in tests.
func New(t Type) Event {
	e, ok := theIndex().entries[t]
	if !ok {
		return &Unknown{Header: Header{EventType: t}}
	}
	ev := reflect.New(reflect.TypeOf(e.zero).Elem()).Interface().(Event)
	ev.EventHeader().EventType = t
	return ev
}
