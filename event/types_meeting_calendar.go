package event

// Meeting-room and calendar events.

// MeetingRoomBook is meetingroom_book (会议室预定等事件): a meeting room was
// booked, or a booking cancelled.
//
// DingTalk lists this event at
// https://open.dingtalk.com/document/development/hidden-event-list; its
// page (会议室事件, https://open.dingtalk.com/document/development/nqrbp8) was
// not available to compare against, and there is no capture of it: the
// payload is kept in Raw, undecoded.
type MeetingRoomBook struct {
	Header
	Undocumented
}

// MeetingRoomInfo is meetingroom_room_info (会议室创建、更新、删除等).
//
// DingTalk lists this event at
// https://open.dingtalk.com/document/development/hidden-event-list; its
// page (会议室事件, https://open.dingtalk.com/document/development/nqrbp8) was
// not available to compare against, and there is no capture of it: the
// payload is kept in Raw, undecoded.
type MeetingRoomInfo struct {
	Header
	Undocumented
}

// Calendar change types, the ChangeType of a CalendarEventChange, as the
// page lists them. The page's own sample sends "create": compare with
// strings.HasPrefix or accept both when it matters.
const (
	CalendarCreated    = "created"    // the event was created
	CalendarUpdated    = "updated"    // the event was updated
	CalendarCancelled  = "cancelled"  // the event was cancelled
	CalendarDeleteView = "deleteView" // a user removed the event from their own calendar
)

// CalendarEventChange is calendar_event_change (日程变更).
//
//	{"EventType":"calendar_event_change","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "calendarEventId":"eWFOdXI5bjZIxxxx","calendarEventUpdateTime":168489710004,
//	 "calendarId":"xxxxxxxxxxx","unionIdList":["AlmxxxxwiEiE"],"changeType":"create",
//	 "operator":{"type":"user"},"legacyCalendarEventId":"xxxxxxxxxxx"}
//
// Page: https://open.dingtalk.com/document/development/event-calendar-event-change
// (internal HTTP and Stream, third-party Stream: the same data). DingTalk's
// API explorer shows the same event with PascalCase keys
// (CalendarEventUpdateTime, LegacyCalendarEventId); both decode.
type CalendarEventChange struct {
	Header
	// CalendarEventID is the id of the calendar event.
	CalendarEventID string `json:"calendarEventId"`
	// CalendarID is the calendar that holds it.
	CalendarID string `json:"calendarId,omitempty"`
	// ChangeType is what happened: CalendarCreated, CalendarUpdated, ….
	ChangeType string `json:"changeType,omitempty"`
	// UnionIDs are the unionIds of the users the change affects.
	UnionIDs []string `json:"unionIdList,omitempty"`
	// CalendarEventUpdateTime is when the event was updated.
	CalendarEventUpdateTime Millis `json:"calendarEventUpdateTime,omitempty"`
	// LegacyCalendarEventID is the event's id in DingTalk's older calendar
	// API.
	LegacyCalendarEventID string `json:"legacyCalendarEventId,omitempty"`
	// Operator is who made the change.
	Operator CalendarOperator `json:"operator"`
}

// CalendarOperator is the operator of a calendar_event_change.
type CalendarOperator struct {
	// Type is the kind of operator, such as "user".
	Type string `json:"type,omitempty"`
}

// UnmarshalJSON accepts both spellings of every key.
func (o *CalendarOperator) UnmarshalJSON(data []byte) error { return unmarshal(data, o.decodeFields) }
