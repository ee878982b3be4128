package event_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// pages lists, for every event type, the DingTalk pages it was checked
// against: the event's own pages (internal app HTTP push and Stream,
// third-party app Stream), or, for an event DingTalk only lists,
// https://open.dingtalk.com/document/development/hidden-event-list. The
// control events of the callback protocol (check_url, suite_ticket, …) and
// hrm_user_record_change have no page: their fields come from the
// references. Each payload type's doc comment links its pages.
var pages = map[event.Type][]string{
	event.TypeWorkflowInstanceChangeBroadcast: {"https://open.dingtalk.com/document/development/event-workflow-instance-change-broadcast"},
	event.TypeAttendGroupChange:               {"https://open.dingtalk.com/document/development/event-subscription-attendance-group-changes"},
	event.TypeOvertimeToVacationData:          {"https://open.dingtalk.com/document/development/holiday-data-synchronization"},
	event.TypeOrgFileSendCheck:                {"https://open.dingtalk.com/document/development/detection-event-of-enterprise-employee-sending-file"},
	event.TypeAttendanceCheckRecord:           {"https://open.dingtalk.com/document/development/employee-clock-in-event"},
	event.TypeAttendanceOvertimeDuration:      {"https://open.dingtalk.com/document/development/employee-overtime-events"},
	event.TypeAttendanceScheduleChange:        {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeBpmsInstanceChange:              {"https://open.dingtalk.com/document/development/event-bpms-instance-change"},
	event.TypeBpmsTaskChange:                  {"https://open.dingtalk.com/document/development/event-bpms-task-change"},
	event.TypeCalendarEventChange:             {"https://open.dingtalk.com/document/development/event-calendar-event-change"},
	event.TypeChatAddMember:                   {"https://open.dingtalk.com/document/development/group-session-add-persons"},
	event.TypeChatDisband:                     {"https://open.dingtalk.com/document/development/group-session-disband-group"},
	event.TypeChatQuit:                        {"https://open.dingtalk.com/document/development/group-session-users-actively-withdraw-from-the-group"},
	event.TypeChatRemoveMember:                {"https://open.dingtalk.com/document/development/group-session-delete-persons"},
	event.TypeChatUpdateOwner:                 {"https://open.dingtalk.com/document/development/group-session-change-group-master"},
	event.TypeChatUpdateTitle:                 {"https://open.dingtalk.com/document/development/group-session-change-group-name"},
	event.TypeCheckCreateSuiteURL:             {},
	event.TypeCheckIn:                         {"https://open.dingtalk.com/document/development/event-check-in"},
	event.TypeCheckUpdateSuiteURL:             {},
	event.TypeCheckURL:                        {},
	event.TypeCrmCustomerTrack:                {"https://open.dingtalk.com/document/development/crm-customer-dynamics"},
	event.TypeEduDeptDelete:                   {"https://open.dingtalk.com/document/development/education-department-delete"},
	event.TypeEduDeptInsert:                   {"https://open.dingtalk.com/document/development/new-education-sector"},
	event.TypeEduDeptUpdate:                   {"https://open.dingtalk.com/document/development/education-sector-update"},
	event.TypeEduUserDelete:                   {"https://open.dingtalk.com/document/development/new-education-staff-deleted"},
	// edu_user_insert's own page was not available: it is checked against
	// its counterpart's.
	event.TypeEduUserInsert:                {"https://open.dingtalk.com/document/development/new-education-staff-update", "https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeEduUserRelationDelete:        {"https://open.dingtalk.com/document/development/new-education-staff-relation-delete"},
	event.TypeEduUserRelationInsert:        {"https://open.dingtalk.com/document/development/new-education-staff-relations-added"},
	event.TypeEduUserRelationUpdate:        {"https://open.dingtalk.com/document/development/new-education-staff-relationship-update"},
	event.TypeEduUserUpdate:                {"https://open.dingtalk.com/document/development/new-education-staff-update"},
	event.TypeIndustryMedicalDeptEvent:     {"https://open.dingtalk.com/document/development/changes-in-medical-departments-and-medical-groups-in-the-medical"},
	event.TypeIndustryMedicalDeptPropEvent: {"https://open.dingtalk.com/document/development/change-of-attribute-of-medical-group-of-medical-department-in"},
	event.TypeIndustryMedicalUserPropEvent: {"https://open.dingtalk.com/document/development/user-attribute-change-in-medical-industry"},
	event.TypeIndustryMedicalUserDeptEvent: {"https://open.dingtalk.com/document/development/changes-in-the-medical-group-of-the-department-where-the"},
	event.TypeIndustryMedicalFullSync:      {"https://open.dingtalk.com/document/development/full-synchronization-of-medical-address-book"},
	event.TypeHrmMdmUserChange:             {"https://open.dingtalk.com/document/development/personnel-platform-employee-change-event-v2"},
	event.TypeHrmUserRecordChange:          {},
	event.TypeLabelConfAdd:                 {"https://open.dingtalk.com/document/development/add-a-role-or-role-group"},
	event.TypeLabelConfDel:                 {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeLabelConfModify:              {"https://open.dingtalk.com/document/development/modify-a-role-or-role-group"},
	event.TypeLabelUserChange:              {"https://open.dingtalk.com/document/development/employee-role-information-changes"},
	event.TypeMeetingroomBook:              {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeMeetingroomRoomInfo:          {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeOrgAdminAdd:                  {"https://open.dingtalk.com/document/development/user-is-set-as-administrator"},
	event.TypeOrgAdminRemove:               {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeOrgChange:                    {"https://open.dingtalk.com/document/development/hidden-event-list"},
	event.TypeOrgDeptCreate:                {"https://open.dingtalk.com/document/development/create-department-event", "https://open.dingtalk.com/document/orgapp/address-book-enterprise-department-create-stream", "https://open.dingtalk.com/document/development/event-subscription-creates-department-events"},
	event.TypeOrgDeptModify:                {"https://open.dingtalk.com/document/development/address-book-enterprise-department-modification", "https://open.dingtalk.com/document/development/modify-department-event-stream"},
	event.TypeOrgDeptRemove:                {"https://open.dingtalk.com/document/development/delete-department-event-stream"},
	event.TypeOrgRemove:                    {"https://open.dingtalk.com/document/development/enterprise-delete-stream"},
	event.TypeSuiteTicket:                  {},
	event.TypeUserActiveOrg:                {"https://open.dingtalk.com/document/development/user-activation-after-joining-the-enterprise", "https://open.dingtalk.com/document/development/event-subscription-user-activation-information"},
	event.TypeUserAddOrg:                   {"https://open.dingtalk.com/document/development/enterprise-increases-employee-events", "https://open.dingtalk.com/document/development/event-subscription-enterprises-increase-employee-events"},
	event.TypeUserLeaveOrg:                 {"https://open.dingtalk.com/document/development/address-book-user-resignation", "https://open.dingtalk.com/document/development/enterprise-delete-employee"},
	event.TypeUserModifyOrg:                {"https://open.dingtalk.com/document/development/address-book-user-change", "https://open.dingtalk.com/document/development/enterprise-modify-employee-event"},
}

func TestEveryTypeLinksItsPages(t *testing.T) {
	t.Parallel()
	docs := typeDocs(t)
	for _, typ := range event.Types() {
		urls, ok := pages[typ]
		require.True(t, ok, "%s has no entry in pages", typ)
		name := reflect.TypeOf(event.New(typ)).Elem().Name()
		doc, ok := docs[name]
		require.True(t, ok, name)
		for _, u := range urls {
			assert.Contains(t, doc, u, "%s's doc comment links its page", name)
		}
		if len(urls) == 0 {
			assert.Regexp(t, `capture|DingTalk-Callback-Crypto`, doc, "%s says where its fields come from", name)
		}
	}
	assert.Len(t, pages, len(event.Types()))
}

// typeDocs returns the doc comment of every type declared in the package.
func typeDocs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	require.NoError(t, err)
	docs := map[string]string{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil {
					doc = gd.Doc
				}
				if doc != nil {
					// Joined lines, so a URL wrapped by gofmt never splits.
					docs[ts.Name.Name] = strings.Join(strings.Fields(doc.Text()), " ")
				}
			}
		}
	}
	return docs
}
