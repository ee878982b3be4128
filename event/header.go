package event

import "encoding/json"

// Type is a DingTalk event type: the wire value of EventType, such as
// "user_add_org". It is an open set: Parse returns *Unknown for a Type that
// has no constant.
type Type string

// Header is the envelope shared by every event, embedded in every payload
// type. In HTTP callbacks it comes from the body (EventType, CorpId, eventId,
// BizId, EventTime, in either PascalCase or camelCase); in Stream mode it
// comes from the frame headers (see StreamHeader).
type Header struct {
	// EventType is the wire type of the event.
	EventType Type `json:"EventType"`
	// CorpID is the corpId of the organisation the event belongs to
	// (attend_group_change's body spells it "corpid").
	CorpID string `json:"CorpId,omitempty" alias:"corpid"`
	// EventID is the unique id of the event (current payloads and Stream).
	EventID string `json:"eventId,omitempty"`
	// BizID is DingTalk's idempotency key for the business change (current
	// payloads, CRM events).
	BizID string `json:"BizId,omitempty"`
	// EventTime is when DingTalk produced the event (current payloads and
	// Stream's eventBornTime); zero on legacy payloads, which carry TimeStamp.
	EventTime Millis `json:"EventTime,omitempty"`
}

// EventHeader returns h. Through embedding it makes every payload type an
// Event.
func (h *Header) EventHeader() *Header { return h }

// Event is a decoded DingTalk event: a pointer to one of the payload types of
// this package, such as *OrgUserAdd, or *Unknown. Switch on its concrete type,
// or register typed handlers on a Router.
type Event interface {
	// EventHeader returns the event's common envelope.
	EventHeader() *Header
}

// Unknown is an event whose type this package does not know (DingTalk adds
// event types often), or, with Err set, an event of a known type whose
// payload did not decode. It carries the decoded Header and the payload as
// received, so nothing is lost.
//
// The receivers deliver both to the Router: an unknown type to its
// HandleType or HandleDefault handler (accepted when there is none), an
// undecodable payload to a HandleType or HandleDefault handler (typed
// handlers registered with Handle cannot take it); with no such handler it
// is not acknowledged, so the platform delivers it again, and it is logged
// at error level.
type Unknown struct {
	Header
	// Raw is a copy of the payload bytes (the decrypted body, or the Stream
	// data).
	Raw json.RawMessage `json:"-"`
	// Err is nil for a type this package does not know, and the
	// *DecodeError for a known type whose payload did not decode.
	Err error `json:"-"`
}

// Undocumented is embedded in the payload types of events DingTalk lists
// without documenting their payload, and of which there is no capture to go
// by: rather than guessed fields, they carry the payload as received.
type Undocumented struct {
	// Raw is a copy of the payload bytes (the decrypted body, or the Stream
	// data).
	Raw json.RawMessage `json:"-"`
}

// undocumented returns u. Through embedding it marks a payload type whose
// Raw decodeAs fills.
func (u *Undocumented) undocumented() *Undocumented { return u }
