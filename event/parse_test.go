package event_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

const seedCorp = "dingc7c5220402493357f2c783f7214b6d69"

func TestParseEveryFixture(t *testing.T) {
	t.Parallel()
	for _, f := range loadFixtures(t, "testdata/*.json") {
		t.Run(f.name+"."+f.shape, func(t *testing.T) {
			t.Parallel()
			ev, err := event.Parse(f.data)
			require.NoError(t, err)
			if f.name == "unknown" {
				assert.IsType(t, &event.Unknown{}, ev)
			} else {
				assert.IsType(t, event.New(event.Type(f.name)), ev)
				assert.NotEqual(t, reflect.TypeFor[*event.Unknown](), reflect.TypeOf(ev))
				assert.Equal(t, event.Type(f.name), ev.EventHeader().EventType)
			}
			_, err = json.Marshal(ev)
			require.NoError(t, err)
		})
	}
}

// The legacy capture and the current-shape document of the same event carry
// the same body; only the envelope differs.
func TestParseLegacyAndCurrentAgree(t *testing.T) {
	t.Parallel()
	for _, typ := range event.Types() {
		t.Run(string(typ), func(t *testing.T) {
			t.Parallel()
			legacy, err := event.Parse(readFixture(t, string(typ)+".legacy.json"))
			require.NoError(t, err)
			current, err := event.Parse(readFixture(t, string(typ)+".current.json"))
			require.NoError(t, err)

			ch := current.EventHeader()
			assert.Equal(t, "ding9f50b15bccd16741", ch.CorpID)
			assert.Equal(t, "biz-"+string(typ), ch.BizID)
			assert.Equal(t, event.Millis(1663143335567), ch.EventTime)
			assert.NotEmpty(t, ch.EventID)

			*legacy.EventHeader() = event.Header{}
			*current.EventHeader() = event.Header{}
			clearRaw(t, legacy, current)
			assert.Equal(t, legacy, current)
		})
	}
}

func TestParseValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want event.Event
	}{
		{"user_add_org.legacy.json", &event.OrgUserAdd{
			Header:     event.Header{EventType: event.TypeUserAddOrg, CorpID: seedCorp},
			UserChange: event.UserChange{UserIDs: []string{"184919295227658120"}, OptStaffID: "manager164", TimeStamp: 1640921671286},
		}},
		{"user_add_org.number.json", &event.OrgUserAdd{
			Header:     event.Header{EventType: event.TypeUserAddOrg, CorpID: seedCorp},
			UserChange: event.UserChange{UserIDs: []string{"184919295227658120"}, OptStaffID: "manager164", TimeStamp: 1640921671286},
		}},
		{"user_add_org.current.json", &event.OrgUserAdd{
			Header: event.Header{EventType: event.TypeUserAddOrg, CorpID: "ding9f50b15bccd16741",
				EventID: "c7c7a7e1b7c24f4d8d2b5e4a7f1c0d12", BizID: "biz-user_add_org", EventTime: 1663143335567},
			UserChange: event.UserChange{UserIDs: []string{"184919295227658120"}, OptStaffID: "manager164", TimeStamp: 1640921671286},
		}},
		{"org_dept_create.notime.json", &event.OrgDeptCreate{
			Header: event.Header{EventType: event.TypeOrgDeptCreate, CorpID: "ding9f50b15bccd16741",
				EventID: "c7c7a7e1b7c24f4d8d2b5e4a7f1c0d00", BizID: "biz-1", EventTime: 1663143335567},
			DeptChange: event.DeptChange{DeptIDs: []int64{4294967296}},
		}},
		{"label_conf_add.legacy.json", &event.LabelConfAdd{
			Header:    event.Header{EventType: event.TypeLabelConfAdd, CorpID: seedCorp},
			LabelConf: event.LabelConf{LabelIDs: []int64{2393600321}, Scope: "1", TimeStamp: 1640672959393},
		}},
		{"label_user_change.legacy.json", &event.LabelUserChange{
			Header:   event.Header{EventType: event.TypeLabelUserChange, CorpID: seedCorp},
			UserIDs:  []string{"011505184066774889"},
			LabelIDs: []int64{1299380990}, Action: "add", TimeStamp: 1640670965490,
		}},
		{"label_conf_modify.legacy.json", &event.LabelConfModify{
			Header:     event.Header{EventType: event.TypeLabelConfModify, CorpID: seedCorp},
			LabelConf:  event.LabelConf{LabelIDs: []int64{2393887343}, Scope: "1", TimeStamp: 1640674000000},
			PostLabels: []event.Label{{ID: 2393887343, Name: "权限组修改01", Extra: json.RawMessage(`{}`)}},
			PreLabels: []event.Label{{ID: 2393887343, Name: "权限组", Color: -15292942, Level: 1, Scope: 1,
				ParentID: 2393600321, Extra: json.RawMessage(`{}`)}},
		}},
		{"label_conf_modify.escapes.json", &event.LabelConfModify{
			Header:    event.Header{EventType: event.TypeLabelConfModify, CorpID: seedCorp},
			LabelConf: event.LabelConf{LabelIDs: []int64{2393887343}, Scope: "1", TimeStamp: 1640674000000},
			PostLabels: []event.Label{{ID: 2393887343, Name: `say "hi" 中\path`, Hidden: true, Color: -15292942,
				Level: 2, Scope: 1, ParentID: 2393600321, Extra: json.RawMessage(`{"k":"v"}`)}},
			PreLabels: []event.Label{{ID: 2393887343, Name: `old "name"`, Extra: json.RawMessage(`null`)}},
		}},
		{"chat_add_member.legacy.json", &event.ChatAddMember{
			Header: event.Header{EventType: event.TypeChatAddMember, CorpID: seedCorp},
			ChatMembers: event.ChatMembers{
				Chat: event.Chat{ChatID: "chat691a41db53b100115bec3603472d78a9", OpenConversationID: "cidOuTaLz7/D7zkkM/5PlrQQA==",
					Operator: "manager164", OperatorUnionID: "ABNiSWeAolg5OETyYT60wdQiEiE", TimeStamp: 1640601921836},
				UserIDs:  []string{"16399780922588973", "011505184066774889"},
				UnionIDs: []string{"iSjYiSU5816QIIG0p3h4iP2UQiEiE", "oiiRiSE5704kGgOZEHGGYmcQiEiE"},
			},
		}},
		{"bpms_task_change.legacy.json", &event.BpmTaskChange{
			Header: event.Header{EventType: event.TypeBpmsTaskChange, CorpID: seedCorp},
			Approval: event.Approval{ProcessInstanceID: "60406628-b642-4740-81e7-68cc67ebaa45",
				ProcessCode: "PROC-5CB63684-096E-40DD-B326-CF60691C507A", BusinessID: "202112281713000090163",
				Title: "赵云提交的审批任务", Type: event.ApprovalStart, StaffID: "manager164", CreateTime: 1640682790000},
			TaskID: 72062030325,
		}},
		{"bpms_instance_change.legacy.json", &event.BpmInstanceChange{
			Header: event.Header{EventType: event.TypeBpmsInstanceChange, CorpID: seedCorp},
			Approval: event.Approval{ProcessInstanceID: "60406628-b642-4740-81e7-68cc67ebaa45",
				ProcessCode: "PROC-5CB63684-096E-40DD-B326-CF60691C507A", BusinessID: "202112281713000090163",
				Title: "赵云提交的审批任务", Type: event.ApprovalFinish, Result: event.ResultAgree, StaffID: "manager164",
				CreateTime: 1640682789000, FinishTime: 1640683876000},
			URL: "https://aflow.dingtalk.com/dingtalk/mobile/hom",
		}},
		{"crm_customer_track.legacy.json", &event.CrmCustomerTrack{
			Header: event.Header{EventType: event.TypeCrmCustomerTrack, CorpID: "dingf5d3534a855bdef9a39a90f97fcb1e09",
				BizID: "21057D5806944EF9C93192B36DC5F7B4", EventTime: 1640749233707},
			Tracks: []event.Track{{ID: "qoZCjgT7of7XAtUjo/4JgFy+RR432dJXcXqRbNxwTVM=", CorpID: "dingf5d3534a855bdef9a39a90f97fcb1e09",
				CustomerID: "ad6b2b05-91f1-4393-8ed5-96e9e558b604", Creator: "manager4268", Type: 1, SubType: 1, GmtCreate: 1640749233707}},
		}},
		{"hrm_user_record_change.legacy.json", &event.HrmUserRecordChange{
			Header:  event.Header{EventType: event.TypeHrmUserRecordChange},
			StaffID: "manager164", ActionType: "userInfoChange",
		}},
		{"attendance_check_record.current.json", &event.AttendanceCheckRecord{
			Header: event.Header{EventType: event.TypeAttendanceCheckRecord, CorpID: "ding9f50b15bccd16741",
				EventID: "c7c7a7e1b7c24f4d8d2b5e4a7f1c0d23", BizID: "biz-attendance_check_record", EventTime: 1663143335567},
			DataList: []event.CheckRecord{{UserID: "manager164", CheckTime: 1640682790000, LocationResult: "Normal",
				LocationMethod: "GPS", Address: "杭州市余杭区", Latitude: 30.27, Longitude: 120.03, GroupID: "558530021",
				BizID: "PUNCH-1", DeviceSN: "SN123", CheckByUser: true}},
		}},
		{"suite_ticket.legacy.json", &event.SuiteTicket{
			Header:   event.Header{EventType: event.TypeSuiteTicket},
			SuiteKey: "suite4xxxxxxxxxxxxxxx", SuiteTicket: "TestSuiteTicket", TimeStamp: 1640700000011,
		}},
		{"check_create_suite_url.legacy.json", &event.CheckCreateSuiteURL{
			Header:     event.Header{EventType: event.TypeCheckCreateSuiteURL},
			SuiteCheck: event.SuiteCheck{Random: "Ta8mR3d1", TestSuiteKey: "suite4xxxxxxxxxxxxxxx"},
		}},
		{"check_in.legacy.json", &event.CheckIn{
			Header:  event.Header{EventType: event.TypeCheckIn, CorpID: seedCorp},
			StaffID: "manager164", TimeStamp: 1640700000010,
		}},
		{"check_url.legacy.json", &event.CheckURL{Header: event.Header{EventType: event.TypeCheckURL}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			ev, err := event.Parse(readFixture(t, tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, ev)
		})
	}
}

func TestParseUnknown(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "unknown.json")
	ev, err := event.Parse(data)
	require.NoError(t, err)
	u, ok := ev.(*event.Unknown)
	require.True(t, ok, "got %T", ev)
	assert.Equal(t, event.Header{EventType: "org_brand_new_event", CorpID: "ding9f50b15bccd16741",
		EventID: "e-1", EventTime: 1663143335567}, u.Header)
	assert.JSONEq(t, string(data), string(u.Raw))
	data[0] = ' '
	assert.Equal(t, byte('{'), u.Raw[0], "Raw must be a copy of the input")
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		typ        event.Type
		field      string
		msg        string
	}{
		{"not json", `EventType=user_add_org`, "", "", "invalid JSON"},
		{"truncated", `{"EventType":"user_add_org","UserId":["a"`, event.TypeUserAddOrg, "", "invalid JSON"},
		{"array", `[{"EventType":"user_add_org"}]`, "", "", "not a JSON object"},
		{"null", `null`, "", "", "not a JSON object"},
		{"empty", ``, "", "", "invalid JSON"},
		{"no type", `{"CorpId":"ding1"}`, "", "EventType", "no EventType"},
		{"type not string", `{"EventType":42}`, "", "EventType", "cannot unmarshal"},
		{"user ids an object", `{"EventType":"user_add_org","UserId":{"id":"u1"}}`, event.TypeUserAddOrg, "UserId", "cannot use"},
		{"camel user ids a bool", `{"EventType":"user_add_org","userId":true}`, event.TypeUserAddOrg, "userId", "cannot use"},
		{"user id in list an object", `{"EventType":"user_add_org","userId":[{}]}`, event.TypeUserAddOrg, "userId", "cannot"},
		{"bad timestamp", `{"EventType":"user_add_org","TimeStamp":"soon"}`, event.TypeUserAddOrg, "TimeStamp", "soon"},
		{"float timestamp", `{"EventType":"chat_quit","TimeStamp":1.5}`, event.TypeChatQuit, "TimeStamp", "1.5"},
		{"dept id string", `{"EventType":"org_dept_create","DeptId":["x"]}`, event.TypeOrgDeptCreate, "DeptId", "cannot use"},
		{"label not json", `{"EventType":"label_conf_modify","PostLabelList":["not json"]}`, event.TypeLabelConfModify, "PostLabelList", "not holding a JSON object"},
		{"label bad id", `{"EventType":"label_conf_modify","PreLabelList":["{\"id\":\"x\"}"]}`, event.TypeLabelConfModify, "PreLabelList.id", "cannot use"},
		{"task id object", `{"EventType":"bpms_task_change","taskId":{}}`, event.TypeBpmsTaskChange, "taskId", "cannot use"},
		{"track not object", `{"EventType":"crm_customer_track","tracks":[1]}`, event.TypeCrmCustomerTrack, "tracks", "cannot use"},
		{"unknown bad header", `{"EventType":"brand_new","CorpId":{}}`, "brand_new", "CorpId", "cannot use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := event.Parse([]byte(tt.body))
			require.Error(t, err)
			assert.Nil(t, ev)
			assert.ErrorIs(t, err, event.ErrInvalidPayload)
			var de *event.DecodeError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.typ, de.Type)
			assert.Equal(t, tt.field, de.Field)
			assert.Contains(t, err.Error(), tt.msg)
			if tt.typ != "" {
				assert.Contains(t, err.Error(), string(tt.typ))
			}
		})
	}
}

func TestParseMissingTypeIsErrMissingType(t *testing.T) {
	t.Parallel()
	_, err := event.Parse([]byte(`{"EventType":"","eventType":null}`))
	assert.ErrorIs(t, err, event.ErrMissingType)
}

func TestParsePrefersPascalAndLastDuplicate(t *testing.T) {
	t.Parallel()
	ev, err := event.Parse([]byte(`{"eventType":"org_change","EventType":"user_add_org","EventType":"org_remove","TimeStamp":"1"}`))
	require.NoError(t, err)
	assert.IsType(t, &event.OrgRemove{}, ev)
	assert.Equal(t, event.TypeOrgRemove, ev.EventHeader().EventType)

	ev, err = event.Parse([]byte(`{"eventType":"org_change","corpId":"c1"}`))
	require.NoError(t, err)
	assert.Equal(t, &event.OrgChange{Header: event.Header{EventType: event.TypeOrgChange, CorpID: "c1"}}, ev)

	ev, err = event.Parse([]byte(`{"EventType":"org_\u0063hange"}`))
	require.NoError(t, err)
	assert.IsType(t, &event.OrgChange{}, ev)
}

func TestMillis(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`1640921671286`, `"1640921671286"`} {
		var m event.Millis
		require.NoError(t, json.Unmarshal([]byte(in), &m))
		assert.Equal(t, event.Millis(1640921671286), m)
		assert.Equal(t, time.Date(2021, 12, 31, 3, 34, 31, 286e6, time.UTC), m.Time().UTC())
	}
	for _, in := range []string{`""`, `null`} {
		m := event.Millis(5)
		require.NoError(t, json.Unmarshal([]byte(in), &m))
		assert.Equal(t, event.Millis(0), m, in)
	}
	var zero event.Millis
	assert.True(t, zero.Time().IsZero())
	for _, in := range []string{`"12a"`, `true`, `{}`, `"\u0031"`, `1e3`} {
		var m event.Millis
		err := json.Unmarshal([]byte(in), &m)
		var te *json.UnmarshalTypeError
		assert.True(t, errors.As(err, &te), "%s: %v", in, err)
	}
}

// Nested objects accept both spellings too.
func TestParseNestedKeysInBothSpellings(t *testing.T) {
	t.Parallel()
	ev, err := event.Parse([]byte(`{"EventType":"crm_customer_track","Tracks":[
		{"Creator":"manager4268","CustomerId":"c1","SubType":"2","Id":"t1","GmtCreate":"1640749233707","Type":1},
		{"creator":"manager4269","customerId":"c2","subType":3,"id":"t2","gmtCreate":1640749233708,"type":2}]}`))
	require.NoError(t, err)
	assert.Equal(t, []event.Track{
		{ID: "t1", CustomerID: "c1", Creator: "manager4268", Type: 1, SubType: 2, GmtCreate: 1640749233707},
		{ID: "t2", CustomerID: "c2", Creator: "manager4269", Type: 2, SubType: 3, GmtCreate: 1640749233708},
	}, ev.(*event.CrmCustomerTrack).Tracks)

	ev, err = event.Parse([]byte(`{"EventType":"attendance_check_record","dataList":[{"UserId":"u1","CheckTime":"5","Latitude":"30.5","DeviceSN":"SN1"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []event.CheckRecord{{UserID: "u1", CheckTime: 5, Latitude: 30.5, DeviceSN: "SN1"}},
		ev.(*event.AttendanceCheckRecord).DataList)

	ev, err = event.Parse([]byte(`{"EventType":"label_conf_modify","postLabelList":[{"Id":1,"Name":"n","ParentId":"2"}]}`))
	require.NoError(t, err)
	assert.Equal(t, []event.Label{{ID: 1, Name: "n", ParentID: 2}}, ev.(*event.LabelConfModify).PostLabels)
}

// Identifiers come as JSON strings or numbers: every string field takes
// both. DingTalk's clock-in docs give groupId as a string ("4C63xxxx"), the
// list API as a number.
func TestStringFieldsAcceptNumbers(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"EventType":"attendance_check_record","DataList":[{"userId":"u1","groupId":"4C63xxxx","bizId":"b"}]}`,
		`{"EventType":"attendance_check_record","DataList":[{"userId":"u1","groupId":685935028,"bizId":"b"}]}`,
	} {
		ev, err := event.Parse([]byte(body))
		require.NoError(t, err, body)
		rec := ev.(*event.AttendanceCheckRecord).DataList[0]
		assert.Contains(t, []string{"4C63xxxx", "685935028"}, rec.GroupID)
		assert.Equal(t, "u1", rec.UserID)
	}
	ev, err := event.Parse([]byte(`{"EventType":"bpms_task_change","processInstanceId":12345,"staffId":"s\u00e9"}`))
	require.NoError(t, err)
	assert.Equal(t, "12345", ev.(*event.BpmTaskChange).ProcessInstanceID)
	assert.Equal(t, "sé", ev.(*event.BpmTaskChange).StaffID)
}

// clearRaw empties the Raw payload of events of an undocumented type, after
// checking that it holds JSON: the bytes differ with the wire shape, so two
// shapes of one event compare equal only without them.
func clearRaw(t *testing.T, evs ...event.Event) {
	t.Helper()
	for _, ev := range evs {
		f := reflect.ValueOf(ev).Elem().FieldByName("Undocumented")
		if !f.IsValid() {
			continue
		}
		u := f.Addr().Interface().(*event.Undocumented)
		assert.True(t, json.Valid(u.Raw), "Raw holds the payload")
		*u = event.Undocumented{}
	}
}

// Events DingTalk lists without documenting a payload keep it, undecoded.
func TestUndocumentedKeepsPayload(t *testing.T) {
	t.Parallel()
	body := []byte(`{"EventType":"attendance_schedule_change","CorpId":"ding1","StaffId":"u1","TimeStamp":"5"}`)
	ev, err := event.Parse(body)
	require.NoError(t, err)
	assert.Equal(t, &event.AttendanceScheduleChange{
		Header:       event.Header{EventType: event.TypeAttendanceScheduleChange, CorpID: "ding1"},
		Undocumented: event.Undocumented{Raw: body},
	}, ev)
	body[2] = 'X' // Raw is a copy
	assert.Equal(t, byte('E'), ev.(*event.AttendanceScheduleChange).Raw[2])

	ev, err = event.Decode(event.Header{EventType: event.TypeMeetingroomBook}, []byte(`{"roomId":"r1"}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"roomId":"r1"}`, string(ev.(*event.MeetingRoomBook).Raw))
}

// The package doc says exactly which keys match: both spellings of the first
// letter of each declared key, and nothing else.
func TestKeyMatching(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]*event.OrgUserModify{
		`{"UserId":["a"]}`: {UserChange: event.UserChange{UserIDs: []string{"a"}}},
		`{"userId":["a"]}`: {UserChange: event.UserChange{UserIDs: []string{"a"}}},
		`{"userid":"a"}`:   {ThirdParty: &event.ThirdPartyUser{UserID: "a"}},
		`{"Userid":"a"}`:   {ThirdParty: &event.ThirdPartyUser{UserID: "a"}},
		`{"useriD":["a"]}`: {},
		`{"USERID":"a"}`:   {},
		// Both spellings: the declared one wins unless it is empty; a
		// repeated key counts its last non-zero value.
		`{"userId":["b"],"UserId":["a"]}`:               {UserChange: event.UserChange{UserIDs: []string{"a"}}},
		`{"userId":["b"],"UserId":[]}`:                  {UserChange: event.UserChange{UserIDs: []string{"b"}}},
		`{"UserId":["a"],"UserId":["c"],"UserId":null}`: {UserChange: event.UserChange{UserIDs: []string{"c"}}},
	} {
		ev, err := event.Decode(event.Header{EventType: event.TypeUserModifyOrg}, []byte(body))
		require.NoError(t, err, body)
		want.EventType = event.TypeUserModifyOrg
		assert.Equal(t, want, ev, body)
	}
}

// The struct types found inside payloads also decode on their own through
// encoding/json, with the same rules as inside a payload.
func TestNestedTypesUnmarshalJSON(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]any{
		`{"Id":"t1","GmtCreate":"5","type":2}`:           &event.Track{ID: "t1", GmtCreate: 5, Type: 2},
		`{"UserId":7,"CheckTime":"9","Latitude":"30.5"}`: &event.CheckRecord{UserID: "7", CheckTime: 9, Latitude: 30.5},
		`{"Userid":"u","OvertimeHour":"2.5"}`:            &event.OvertimeDuration{UserID: "u", OvertimeHour: 2.5},
		`{"Type":"user"}`:                                &event.CalendarOperator{Type: "user"},
		`{"Prev":{"Name":"a"},"curr":{"name":"b"}}`:      &event.UserDiff{Prev: event.UserProfile{Name: "a"}, Curr: event.UserProfile{Name: "b"}},
		`{"OssKey":"k","fileName":"f"}`:                  &event.FileRecord{OSSKey: "k", FileName: "f"},
		`"{\"Id\":7,\"name\":\"n\",\"extraInfo\":{}}"`:   &event.Label{ID: 7, Name: "n", Extra: json.RawMessage(`{}`)},
		`{"id":"8","parentId":1,"hidden":true}`:          &event.Label{ID: 8, ParentID: 1, Hidden: true},
	} {
		got := reflect.New(reflect.TypeOf(want).Elem()).Interface()
		require.NoError(t, json.Unmarshal([]byte(body), got), body)
		assert.Equal(t, want, got, body)
	}

	var labels []event.Label
	require.NoError(t, json.Unmarshal([]byte(`["{\"id\":1}",{"id":2},null]`), &labels))
	assert.Equal(t, []event.Label{{ID: 1}, {ID: 2}, {}}, labels)

	for body, msg := range map[string]string{
		`{"id":{}}`:         `cannot use value {} as string`,
		`{"gmtCreate":1.5}`: `cannot use value 1.5 as event.Millis`,
		`[1]`:               `as event.Track`,
	} {
		var tr event.Track
		assert.ErrorContains(t, json.Unmarshal([]byte(body), &tr), msg, body)
	}
	var l event.Label
	assert.ErrorContains(t, json.Unmarshal([]byte(`"not json"`), &l), "a string not holding a JSON object")
}
