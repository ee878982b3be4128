package event

// Attendance (考勤) events.

// CheckIn is check_in (用户签到): a user checked in with the sign-in app.
//
//	{"EventType":"check_in","EventTime":1663143335567,"CorpId":"ding9f50b15bxxxx16741",
//	 "BizId":"1663**35567","eventId":"c7c7120f2c07419**ebdba0318c8",
//	 "timeStamp":1495542282000,"staffId":"08058xxxxxx"}
//
// Page: https://open.dingtalk.com/document/development/event-check-in
// (internal HTTP and Stream, third-party Stream); the fields are the page's.
// Older bodies spell the keys StaffId and TimeStamp, with the time quoted.
type CheckIn struct {
	Header
	// StaffID is the userId of who checked in.
	StaffID string `json:"staffId,omitempty"`
	// TimeStamp is when they checked in.
	TimeStamp Millis `json:"timeStamp,omitempty" alias:"timestamp"`
}

// CheckRecord is one punch of an attendance_check_record event.
type CheckRecord struct {
	// UserID is who punched.
	UserID string `json:"userId"`
	// CorpID is the organisation.
	CorpID string `json:"corpId,omitempty"`
	// CheckTime is when.
	CheckTime Millis `json:"checkTime"`
	// LocationResult is the location check, such as "Normal" or "Outside".
	LocationResult string `json:"locationResult,omitempty"`
	// LocationMethod is how the location was found, such as "GPS".
	LocationMethod string `json:"locationMethod,omitempty"`
	// Address is where.
	Address string `json:"address,omitempty"`
	// Latitude and Longitude locate the punch (numbers or quoted numbers).
	Latitude float64 `json:"latitude,omitempty"`
	// Longitude: see Latitude.
	Longitude float64 `json:"longitude,omitempty"`
	// GroupID is the attendance group. DingTalk's clock-in event page gives
	// it as a string ("4C63xxxx"); the attendance APIs as a number: both
	// decode.
	GroupID string `json:"groupId,omitempty"`
	// BizID identifies the punch.
	BizID string `json:"bizId,omitempty"`
	// DeviceSN is the attendance machine's serial number.
	DeviceSN string `json:"deviceSN,omitempty"`
	// CheckByUser is true for a punch the user made (not a machine).
	CheckByUser bool `json:"checkByUser,omitempty"`
}

// UnmarshalJSON accepts both spellings of every key.
func (r *CheckRecord) UnmarshalJSON(data []byte) error { return unmarshal(data, r.decodeFields) }

// AttendanceCheckRecord is attendance_check_record (员工打卡): users punched
// in or out.
//
//	{"EventType":"attendance_check_record","CorpId":"ding…","DataList":[{"userId":"manager164",
//	 "checkTime":1640682790000,"locationResult":"Normal","address":"…","groupId":"4C63xxxx"}]}
//
// Page:
// https://open.dingtalk.com/document/development/employee-clock-in-event
// (internal HTTP and Stream). The fields are the page's; identifiers decode
// from a JSON string or a number.
type AttendanceCheckRecord struct {
	Header
	// DataList holds the punches.
	DataList []CheckRecord `json:"DataList"`
}

// AttendanceScheduleChange is attendance_schedule_change (员工排班变更).
//
// DingTalk lists this event without documenting its payload, and there is no
// capture of it: the payload is kept in Raw, undecoded.
//
// Listed at: https://open.dingtalk.com/document/development/hidden-event-list
type AttendanceScheduleChange struct {
	Header
	Undocumented
}

// Overtime conversion actions, the Action of an OvertimeDuration.
const (
	OvertimeAdd    = "add"    // overtime converted to time off for the first time that day
	OvertimeModify = "modify" // the day's conversion changed
)

// OvertimeDuration is one entry of an attendance_overtime_duration event:
// one user's overtime on one day, converted to time off (调休).
type OvertimeDuration struct {
	// UserID is who worked overtime (key "userid").
	UserID string `json:"userid"`
	// CorpID is the organisation.
	CorpID string `json:"corpId,omitempty"`
	// Key identifies the entry: organisation, user and day ("ding…;2652…;20230525").
	Key string `json:"key,omitempty"`
	// Action is OvertimeAdd or OvertimeModify.
	Action string `json:"action,omitempty"`
	// WorkDate is the day of the overtime.
	WorkDate Millis `json:"workDate,omitempty"`
	// OvertimeDayType is the kind of day: "workDay", "restDay" or a holiday.
	OvertimeDayType string `json:"overtimeDayType,omitempty"`
	// OvertimeHour is the overtime in hours.
	OvertimeHour float64 `json:"overtimeHour,omitempty"`
	// OvertimeDay is the overtime in days.
	OvertimeDay float64 `json:"overtimeDay,omitempty"`
	// VacationRate converts overtime to time off: an hour of overtime gives
	// VacationRate hours off.
	VacationRate float64 `json:"vacationRate,omitempty"`
	// WorkHoursPerDay is the length of the user's working day in hours.
	WorkHoursPerDay int64 `json:"workHoursPerDay,omitempty"`
	// WorkMinutesPerDay is the same length in minutes.
	WorkMinutesPerDay int64 `json:"workMinutesPerDay,omitempty"`
	// Timestamp is when DingTalk computed the entry.
	Timestamp Millis `json:"timestamp,omitempty"`
}

// UnmarshalJSON accepts both spellings of every key.
func (o *OvertimeDuration) UnmarshalJSON(data []byte) error { return unmarshal(data, o.decodeFields) }

// AttendanceOvertimeDuration is attendance_overtime_duration (员工加班事件):
// overtime written through the attendance API was converted to time off.
//
//	{"EventType":"attendance_overtime_duration","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "dataList":[{"userid":"26524xxx0","workDate":1684944000000,"overtimeHour":0.0,"overtimeDay":0,
//	 "overtimeDayType":"workDay","action":"modify","vacationRate":1.0,"workHoursPerDay":8,…}]}
//
// Page: https://open.dingtalk.com/document/development/employee-overtime-events
// (internal HTTP and Stream). Numbers also decode when quoted, as
// DingTalk's vacation data event sends them.
type AttendanceOvertimeDuration struct {
	Header
	// DataList holds the overtime entries.
	DataList []OvertimeDuration `json:"DataList"`
}

// Actions of an attend_group_change event.
const (
	AttendGroupCreated = "attend_group_create" // a group was added
	AttendGroupUpdated = "attend_group_update" // a group was changed
	AttendGroupDeleted = "attend_group_delete" // a group was deleted
)

// AttendGroupChange is attend_group_change (考勤组变更): an attendance group
// was added, changed or deleted. The data's "corpid" goes to DataCorpID (and
// to Header.CorpID when the envelope names no organisation).
//
//	{"corpid":"dingxxxx","name":"考勤组A","action":"attend_group_delete","id":11112222}
//
// Page: https://open.dingtalk.com/document/development/event-subscription-attendance-group-changes
// (internal and third-party Stream: the same data). The fields are the
// page's.
type AttendGroupChange struct {
	Header
	DataCorp
	// ID is the attendance group's id.
	ID int64 `json:"id"`
	// Name is the group's name.
	Name string `json:"name,omitempty"`
	// Action is what happened: AttendGroupCreated, AttendGroupUpdated or
	// AttendGroupDeleted.
	Action string `json:"action"`
}

// OvertimeToVacation is overtime_to_vacation_data (假期数据同步): overtime
// was turned into time off in lieu (调休假), valid from StartTime to
// EndTime, at the latest DelayEndTime.
//
//	{"workHoursPerDay":8,"overtimeDayType":"restDay","workDate":"20230521","overtimeDay":0.262,
//	 "corpId":"ding33f33xxxx","delayEndTime":1640966399000,"leaveCode":"c1f772d2-…",
//	 "overtimeHour":2.1,"vacationRate":2,"startTime":1615392000000,"endTime":1640966399000,"userId":"3350xxxx555"}
//
// Page: https://open.dingtalk.com/document/development/holiday-data-synchronization
// (third-party Stream only). The fields are the page's.
type OvertimeToVacation struct {
	Header
	DataCorp
	// UserID is the employee's userId.
	UserID string `json:"userId"`
	// WorkDate is the day of the overtime as written, yyyyMMdd ("20230521").
	WorkDate string `json:"workDate,omitempty"`
	// OvertimeDayType is "workDay", "restDay" or "holiday".
	OvertimeDayType string `json:"overtimeDayType,omitempty"`
	// OvertimeHour is the time off in hours (2.1).
	OvertimeHour float64 `json:"overtimeHour,omitempty"`
	// OvertimeDay is the time off in days: OvertimeHour / WorkHoursPerDay.
	OvertimeDay float64 `json:"overtimeDay,omitempty"`
	// WorkHoursPerDay is the length of a working day in hours.
	WorkHoursPerDay int64 `json:"workHoursPerDay,omitempty"`
	// VacationRate is the ratio of time off to overtime worked.
	VacationRate int64 `json:"vacationRate,omitempty"`
	// LeaveCode is the code of the leave type the overtime became.
	LeaveCode string `json:"leaveCode,omitempty"`
	// StartTime is when the time off becomes valid.
	StartTime Millis `json:"startTime,omitempty"`
	// EndTime is when it expires.
	EndTime Millis `json:"endTime,omitempty"`
	// DelayEndTime is when it expires at the latest, with any extension.
	DelayEndTime Millis `json:"delayEndTime,omitempty"`
}
