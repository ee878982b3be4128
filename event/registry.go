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

	TypeBpmsTaskChange     Type = "bpms_task_change"
	TypeBpmsInstanceChange Type = "bpms_instance_change"

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

	TypeMeetingroomBook     Type = "meetingroom_book"
	TypeMeetingroomRoomInfo Type = "meetingroom_room_info"

	TypeHrmUserRecordChange Type = "hrm_user_record_change"
	TypeHrmMdmUserChange    Type = "hrm_mdm_user_change"
	TypeCrmCustomerTrack    Type = "crm_customer_track"

	TypeCalendarEventChange Type = "calendar_event_change"

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

	TypeBpmsTaskChange:     (*BpmTaskChange)(nil),
	TypeBpmsInstanceChange: (*BpmInstanceChange)(nil),

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

	TypeMeetingroomBook:     (*MeetingRoomBook)(nil),
	TypeMeetingroomRoomInfo: (*MeetingRoomInfo)(nil),

	TypeHrmUserRecordChange: (*HrmUserRecordChange)(nil),
	TypeHrmMdmUserChange:    (*HrmMdmUserChange)(nil),
	TypeCrmCustomerTrack:    (*CrmCustomerTrack)(nil),

	TypeCalendarEventChange: (*CalendarEventChange)(nil),

	TypeCheckURL:            (*CheckURL)(nil),
	TypeCheckCreateSuiteURL: (*CheckCreateSuiteURL)(nil),
	TypeCheckUpdateSuiteURL: (*CheckUpdateSuiteURL)(nil),
	TypeSuiteTicket:         (*SuiteTicket)(nil),
}

// Nothing is built when the package is imported: the index of the registry
// is built on the first Parse, Decode or Router use, and each payload type's
// codec on the first event of that type. Both are safe under concurrency.
var (
	theIndex    = sync.OnceValue(buildIndex)
	headerCodec = sync.OnceValue(func() *codec { return newCodec(reflect.TypeFor[Header]()) })
	// nestedCodecs holds the codec of each struct type found inside
	// payloads (reflect.Type → *codec), built on first use.
	nestedCodecs sync.Map
)

// index is what Parse, Decode and the Router look up in the registry.
type index struct {
	codecs  map[Type]*lazyCodec
	typeFor map[reflect.Type]Type
	// canonical maps each known type name to its Type, so a lookup with
	// string(bytes) returns the Type without allocating.
	canonical map[string]Type
}

// lazyCodec is the codec of one payload type, built on first use.
type lazyCodec struct {
	once sync.Once
	t    reflect.Type
	c    *codec
}

func (l *lazyCodec) get() *codec {
	l.once.Do(func() { l.c = newCodec(l.t) })
	return l.c
}

func buildIndex() *index {
	ix := &index{
		codecs:    make(map[Type]*lazyCodec, len(registry)),
		typeFor:   make(map[reflect.Type]Type, len(registry)),
		canonical: make(map[string]Type, len(registry)),
	}
	for t, zero := range registry {
		rt := reflect.TypeOf(zero)
		if prev, dup := ix.typeFor[rt]; dup {
			panic(fmt.Sprintf("event: %s registered for %s and %s", rt, prev, t))
		}
		ix.typeFor[rt] = t
		ix.codecs[t] = &lazyCodec{t: rt.Elem()}
		ix.canonical[string(t)] = t
	}
	return ix
}

// codecFor returns the codec of the payload type registered for t, or nil.
func codecFor(t Type) *codec {
	if l := theIndex().codecs[t]; l != nil {
		return l.get()
	}
	return nil
}

// nestedCodec returns the codec of T, a struct type that appears inside
// payloads, building it on first use. Concurrent first uses may each build
// one; all get the one stored first.
func nestedCodec[T any]() *codec {
	t := reflect.TypeFor[T]()
	if c, ok := nestedCodecs.Load(t); ok {
		return c.(*codec)
	}
	c, _ := nestedCodecs.LoadOrStore(t, newCodec(t))
	return c.(*codec)
}

// decodeNested decodes data into *v with the codec of T, accepting both
// spellings of every key.
func decodeNested[T any](data []byte, v *T) error {
	if string(data) == "null" {
		return nil
	}
	return nestedCodec[T]().decodeInto(data, reflect.ValueOf(v).Elem())
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
