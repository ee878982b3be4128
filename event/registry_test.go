package event_test

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// allTypes lists every Type constant. A constant added to the package but not
// here, or not registered, fails TestRegistryComplete.
var allTypes = []event.Type{
	event.TypeWorkflowInstanceChangeBroadcast, event.TypeAttendGroupChange, event.TypeOvertimeToVacationData,
	event.TypeOrgFileSendCheck,
	event.TypeUserAddOrg, event.TypeUserModifyOrg, event.TypeUserLeaveOrg, event.TypeUserActiveOrg,
	event.TypeOrgAdminAdd, event.TypeOrgAdminRemove, event.TypeOrgDeptCreate, event.TypeOrgDeptModify,
	event.TypeOrgDeptRemove, event.TypeOrgRemove, event.TypeOrgChange,
	event.TypeLabelUserChange, event.TypeLabelConfAdd, event.TypeLabelConfDel, event.TypeLabelConfModify,
	event.TypeEduUserInsert, event.TypeEduUserUpdate, event.TypeEduUserDelete,
	event.TypeEduUserRelationInsert, event.TypeEduUserRelationUpdate, event.TypeEduUserRelationDelete,
	event.TypeEduDeptInsert, event.TypeEduDeptUpdate, event.TypeEduDeptDelete,
	event.TypeBpmsTaskChange, event.TypeBpmsInstanceChange,
	event.TypeChatAddMember, event.TypeChatRemoveMember, event.TypeChatQuit, event.TypeChatUpdateOwner,
	event.TypeChatUpdateTitle, event.TypeChatDisband,
	event.TypeCheckIn, event.TypeAttendanceCheckRecord, event.TypeAttendanceScheduleChange,
	event.TypeAttendanceOvertimeDuration,
	event.TypeMeetingroomBook, event.TypeMeetingroomRoomInfo,
	event.TypeHrmUserRecordChange, event.TypeHrmMdmUserChange, event.TypeCrmCustomerTrack,
	event.TypeCalendarEventChange,
	event.TypeIndustryMedicalDeptEvent, event.TypeIndustryMedicalDeptPropEvent, event.TypeIndustryMedicalUserPropEvent,
	event.TypeIndustryMedicalUserDeptEvent, event.TypeIndustryMedicalFullSync,
	event.TypeCheckURL, event.TypeCheckCreateSuiteURL, event.TypeCheckUpdateSuiteURL, event.TypeSuiteTicket,
}

func TestRegistryComplete(t *testing.T) {
	t.Parallel()
	assert.ElementsMatch(t, allTypes, event.Types())

	seen := map[reflect.Type]event.Type{}
	for _, typ := range allTypes {
		ev, err := event.Parse(fmt.Appendf(nil, `{"EventType":%q}`, typ))
		require.NoError(t, err, typ)
		rt := reflect.TypeOf(ev)
		assert.NotEqual(t, reflect.TypeFor[*event.Unknown](), rt, typ)
		assert.Equal(t, typ, ev.EventHeader().EventType)
		assert.Equal(t, reflect.TypeOf(event.New(typ)), rt, typ)
		prev, dup := seen[rt]
		assert.False(t, dup, "%s and %s share %s", prev, typ, rt)
		seen[rt] = typ

		// Every type has a legacy and a current fixture and a Stream frame.
		for _, name := range []string{string(typ) + ".legacy.json", string(typ) + ".current.json", "stream/" + string(typ) + ".json"} {
			assert.NotEmpty(t, readFixture(t, name))
		}
	}
}

func TestNewUnknownType(t *testing.T) {
	t.Parallel()
	ev := event.New("brand_new")
	assert.Equal(t, &event.Unknown{Header: event.Header{EventType: "brand_new"}}, ev)
}

// The package doc's table lists every known type with its constant's wire
// name and its payload type, so a reader finds one from the other.
func TestDocTableListsEveryType(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	for _, typ := range event.Types() {
		ev := event.New(typ)
		row := regexp.MustCompile(`(?m)^//\t` + regexp.QuoteMeta(string(typ)) + `\s+Type\w+\s+\*` +
			regexp.QuoteMeta(reflect.TypeOf(ev).Elem().Name()) + `$`)
		assert.Regexp(t, row, string(doc), typ)
	}
}

// Many goroutines decoding every type at once get the same results (run
// with -race); TestLazyCodecBuiltOnce covers the first use itself.
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	results := make([][]event.Event, 8)
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, typ := range allTypes {
				ev, err := event.Parse(readFixture(t, string(typ)+".current.json"))
				if err != nil {
					t.Error(err)
					return
				}
				results[g] = append(results[g], ev)
			}
		}()
	}
	wg.Wait()
	for g := 1; g < len(results); g++ {
		assert.Equal(t, results[0], results[g])
	}
}
