package event

// Meeting-room and calendar events. The references name these types without
// a capture; the fields are those of DingTalk's current documentation.

// MeetingRoomBook is meetingroom_book (会议室预定): a room was booked, or a
// booking changed.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"meetingroom_book",
//	 "roomId":"room-1","calendarEventId":"cal-1","changeType":"create","startTime":1640700000000,
//	 "endTime":1640703600000}
//
// Provenance: no capture of this event; the fields come from DingTalk's
// documentation only, and its identifiers decode from a JSON string or a
// number.
type MeetingRoomBook struct {
	Header
	// RoomID is the id of the room.
	RoomID string `json:"roomId"`
	// CalendarEventID is the calendar event the booking belongs to.
	CalendarEventID string `json:"calendarEventId,omitempty"`
	// ChangeType is what happened to the booking.
	ChangeType string `json:"changeType,omitempty"`
	// StartTime and EndTime bound the booking.
	StartTime Millis `json:"startTime,omitempty"`
	// EndTime is when the booking ends.
	EndTime Millis `json:"endTime,omitempty"`
}

// MeetingRoomInfo is meetingroom_room_info (会议室信息变更): a room was
// created, changed or deleted.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"meetingroom_room_info",
//	 "roomId":"room-1","changeType":"update"}
//
// Provenance: no capture of this event; the fields come from DingTalk's
// documentation only, and its identifiers decode from a JSON string or a
// number.
type MeetingRoomInfo struct {
	Header
	// RoomID is the id of the room.
	RoomID string `json:"roomId"`
	// ChangeType is what happened to the room.
	ChangeType string `json:"changeType,omitempty"`
}

// CalendarEventChange is calendar_event_change (日程变更).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"calendar_event_change",
//	 "calendarEventId":"cal-1","calendarId":"primary","changeType":"update",
//	 "unionIdList":["iSjYiSU5816QIIG0p3h4iP2UQiEiE"]}
//
// Provenance: no capture of this event; the fields come from DingTalk's
// documentation only, and its identifiers decode from a JSON string or a
// number.
type CalendarEventChange struct {
	Header
	// CalendarEventID is the id of the calendar event.
	CalendarEventID string `json:"calendarEventId"`
	// CalendarID is the calendar that holds it, such as "primary".
	CalendarID string `json:"calendarId,omitempty"`
	// ChangeType is "create", "update" or "delete".
	ChangeType string `json:"changeType,omitempty"`
	// UnionIDs are the unionIds of the users whose calendars changed.
	UnionIDs []string `json:"unionIdList,omitempty"`
}
