package event

import (
	"fmt"
	"reflect"
	"sync"
)

// The event types this package decodes into typed payloads.
const (
	TypeUserAddOrg     Type = "user_add_org"
	TypeUserModifyOrg  Type = "user_modify_org"
	TypeUserLeaveOrg   Type = "user_leave_org"
	TypeUserActiveOrg  Type = "user_active_org"
	TypeOrgAdminAdd    Type = "org_admin_add"
	TypeOrgAdminRemove Type = "org_admin_remove"
	TypeOrgDeptCreate  Type = "org_dept_create"
	TypeOrgDeptModify  Type = "org_dept_modify"
	TypeOrgDeptRemove  Type = "org_dept_remove"
	TypeOrgRemove      Type = "org_remove"
	TypeOrgChange      Type = "org_change"

	TypeLabelUserChange Type = "label_user_change"
	TypeLabelConfAdd    Type = "label_conf_add"
	TypeLabelConfDel    Type = "label_conf_del"
	TypeLabelConfModify Type = "label_conf_modify"

	TypeEduUserInsert         Type = "edu_user_insert"
	TypeEduUserUpdate         Type = "edu_user_update"
	TypeEduUserDelete         Type = "edu_user_delete"
	TypeEduUserRelationInsert Type = "edu_user_relation_insert"
	TypeEduUserRelationUpdate Type = "edu_user_relation_update"
	TypeEduUserRelationDelete Type = "edu_user_relation_delete"
	TypeEduDeptInsert         Type = "edu_dept_insert"
	TypeEduDeptUpdate         Type = "edu_dept_update"
	TypeEduDeptDelete         Type = "edu_dept_delete"

	TypeBpmsTaskChange                  Type = "bpms_task_change"
	TypeBpmsInstanceChange              Type = "bpms_instance_change"
	TypeWorkflowInstanceChangeBroadcast Type = "workflow_instance_change_broadcast"

	TypeChatAddMember    Type = "chat_add_member"
	TypeChatRemoveMember Type = "chat_remove_member"
	TypeChatQuit         Type = "chat_quit"
	TypeChatUpdateOwner  Type = "chat_update_owner"
	TypeChatUpdateTitle  Type = "chat_update_title"
	TypeChatDisband      Type = "chat_disband"

	TypeCheckIn                    Type = "check_in"
	TypeAttendanceCheckRecord      Type = "attendance_check_record"
	TypeAttendanceScheduleChange   Type = "attendance_schedule_change"
	TypeAttendanceOvertimeDuration Type = "attendance_overtime_duration"
	TypeAttendGroupChange          Type = "attend_group_change"
	TypeOvertimeToVacationData     Type = "overtime_to_vacation_data"

	TypeOrgFileSendCheck Type = "org_file_send_check"

	TypeMeetingroomBook     Type = "meetingroom_book"
	TypeMeetingroomRoomInfo Type = "meetingroom_room_info"

	TypeHrmUserRecordChange Type = "hrm_user_record_change"
	TypeHrmMdmUserChange    Type = "hrm_mdm_user_change"
	TypeCrmCustomerTrack    Type = "crm_customer_track"

	TypeCalendarEventChange Type = "calendar_event_change"

	TypeIndustryMedicalDeptEvent     Type = "industry_medical_dept_event"
	TypeIndustryMedicalDeptPropEvent Type = "industry_medical_dept_prop_event"
	TypeIndustryMedicalUserPropEvent Type = "industry_medical_user_prop_event"
	TypeIndustryMedicalUserDeptEvent Type = "industry_medical_user_dept_event"
	TypeIndustryMedicalFullSync      Type = "industry_medical_full_sync"

	TypeCheckURL            Type = "check_url"
	TypeCheckCreateSuiteURL Type = "check_create_suite_url"
	TypeCheckUpdateSuiteURL Type = "check_update_suite_url"
	TypeSuiteTicket         Type = "suite_ticket"
)

// registry maps every known Type to a nil pointer of its payload type. It is
// the one table of this package: Parse, Decode, the Router and Types read it.
var registry = map[Type]Event{
	TypeUserAddOrg:     (*OrgUserAdd)(nil),
	TypeUserModifyOrg:  (*OrgUserModify)(nil),
	TypeUserLeaveOrg:   (*OrgUserLeave)(nil),
	TypeUserActiveOrg:  (*OrgUserActive)(nil),
	TypeOrgAdminAdd:    (*OrgAdminAdd)(nil),
	TypeOrgAdminRemove: (*OrgAdminRemove)(nil),
	TypeOrgDeptCreate:  (*OrgDeptCreate)(nil),
	TypeOrgDeptModify:  (*OrgDeptModify)(nil),
	TypeOrgDeptRemove:  (*OrgDeptRemove)(nil),
	TypeOrgRemove:      (*OrgRemove)(nil),
	TypeOrgChange:      (*OrgChange)(nil),

	TypeLabelUserChange: (*LabelUserChange)(nil),
	TypeLabelConfAdd:    (*LabelConfAdd)(nil),
	TypeLabelConfDel:    (*LabelConfDel)(nil),
	TypeLabelConfModify: (*LabelConfModify)(nil),

	TypeEduUserInsert:         (*EduUserInsert)(nil),
	TypeEduUserUpdate:         (*EduUserUpdate)(nil),
	TypeEduUserDelete:         (*EduUserDelete)(nil),
	TypeEduUserRelationInsert: (*EduUserRelationInsert)(nil),
	TypeEduUserRelationUpdate: (*EduUserRelationUpdate)(nil),
	TypeEduUserRelationDelete: (*EduUserRelationDelete)(nil),
	TypeEduDeptInsert:         (*EduDeptInsert)(nil),
	TypeEduDeptUpdate:         (*EduDeptUpdate)(nil),
	TypeEduDeptDelete:         (*EduDeptDelete)(nil),

	TypeBpmsTaskChange:                  (*BpmTaskChange)(nil),
	TypeBpmsInstanceChange:              (*BpmInstanceChange)(nil),
	TypeWorkflowInstanceChangeBroadcast: (*WorkflowInstanceChangeBroadcast)(nil),

	TypeChatAddMember:    (*ChatAddMember)(nil),
	TypeChatRemoveMember: (*ChatRemoveMember)(nil),
	TypeChatQuit:         (*ChatQuit)(nil),
	TypeChatUpdateOwner:  (*ChatUpdateOwner)(nil),
	TypeChatUpdateTitle:  (*ChatUpdateTitle)(nil),
	TypeChatDisband:      (*ChatDisband)(nil),

	TypeCheckIn:                    (*CheckIn)(nil),
	TypeAttendanceCheckRecord:      (*AttendanceCheckRecord)(nil),
	TypeAttendanceScheduleChange:   (*AttendanceScheduleChange)(nil),
	TypeAttendanceOvertimeDuration: (*AttendanceOvertimeDuration)(nil),
	TypeAttendGroupChange:          (*AttendGroupChange)(nil),
	TypeOvertimeToVacationData:     (*OvertimeToVacation)(nil),

	TypeOrgFileSendCheck: (*OrgFileSendCheck)(nil),

	TypeMeetingroomBook:     (*MeetingRoomBook)(nil),
	TypeMeetingroomRoomInfo: (*MeetingRoomInfo)(nil),

	TypeHrmUserRecordChange: (*HrmUserRecordChange)(nil),
	TypeHrmMdmUserChange:    (*HrmMdmUserChange)(nil),
	TypeCrmCustomerTrack:    (*CrmCustomerTrack)(nil),

	TypeCalendarEventChange: (*CalendarEventChange)(nil),

	TypeIndustryMedicalDeptEvent:     (*MedicalDeptChange)(nil),
	TypeIndustryMedicalDeptPropEvent: (*MedicalDeptPropChange)(nil),
	TypeIndustryMedicalUserPropEvent: (*MedicalUserPropChange)(nil),
	TypeIndustryMedicalUserDeptEvent: (*MedicalUserDeptChange)(nil),
	TypeIndustryMedicalFullSync:      (*MedicalFullSync)(nil),

	TypeCheckURL:            (*CheckURL)(nil),
	TypeCheckCreateSuiteURL: (*CheckCreateSuiteURL)(nil),
	TypeCheckUpdateSuiteURL: (*CheckUpdateSuiteURL)(nil),
	TypeSuiteTicket:         (*SuiteTicket)(nil),
}

// Nothing is built when the package is imported: the index of the registry
// is built on the first Parse, Decode or Router use, safely under
// concurrency. The decoders are generated code (decode_gen.go), which needs
// nothing built.
var theIndex = sync.OnceValue(buildIndex)

// index is what Parse, Decode and the Router look up in the registry.
type index struct {
	typeFor map[reflect.Type]Type
	// canonical maps each known type name to its Type, so a lookup with
	// string(bytes) returns the Type without allocating.
	canonical map[string]Type
}

func buildIndex() *index {
	ix := &index{
		typeFor:   make(map[reflect.Type]Type, len(registry)),
		canonical: make(map[string]Type, len(registry)),
	}
	for t, zero := range registry {
		rt := reflect.TypeOf(zero)
		if prev, dup := ix.typeFor[rt]; dup {
			panic(fmt.Sprintf("event: %s registered for %s and %s", rt, prev, t))
		}
		ix.typeFor[rt] = t
		ix.canonical[string(t)] = t
	}
	return ix
}

// Types returns every Type this package decodes into a typed payload, in no
// particular order.
func Types() []Type {
	ts := make([]Type, 0, len(registry))
	for t := range registry {
		ts = append(ts, t)
	}
	return ts
}

// New returns a new, zero payload of type t with its EventType set, or
// *Unknown for a type this package does not know. It is handy for building
// events in tests.
func New(t Type) Event {
	zero, ok := registry[t]
	if !ok {
		return &Unknown{Header: Header{EventType: t}}
	}
	ev := reflect.New(reflect.TypeOf(zero).Elem()).Interface().(Event)
	ev.EventHeader().EventType = t
	return ev
}
