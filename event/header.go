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
	// CorpID is the corpId of the organisation the event belongs to (some
	// bodies spell it "corpid"). In the payload types that embed DataCorp,
	// the body's "corpId" and "corpid" go to DataCorpID instead.
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

// DataCorp is embedded in the payload types whose body names an
// organisation of its own besides the envelope's: attend_group_change and
// org_update ("corpid"), overtime_to_vacation_data and
// servicegroup_ticket_deal_feedback ("corpId"). DingTalk's Stream samples
// of these carry two different ids, eventCorpId ("ding9f50…") in the frame
// and corpId ("dingadc8…") in the data, so the data's is kept here rather
// than lost to Header.CorpID, which the frame's fills.
//
// Only the keys "corpId" and "corpid" fill DataCorpID; "CorpId" is the
// envelope's. When a body carries one of the two ids only (HTTP callbacks
// send a single "CorpId"), both fields hold it.
type DataCorp struct {
	// DataCorpID is the corpId in the payload itself.
	DataCorpID string `json:"corpId,omitempty" alias:"corpid" kefu:"exact"`
}

// dataCorp returns d. Through embedding it marks a payload type whose two
// corp ids settle fills.
func (d *DataCorp) dataCorp() *DataCorp { return d }

// settle fills, in a payload type that embeds DataCorp, whichever of
// Header.CorpID and DataCorpID the body left empty with the other.
func settle(ev Event) {
	c, ok := ev.(interface{ dataCorp() *DataCorp })
	if !ok {
		return
	}
	d, h := c.dataCorp(), ev.EventHeader()
	switch {
	case d.DataCorpID == "":
		d.DataCorpID = h.CorpID
	case h.CorpID == "":
		h.CorpID = d.DataCorpID
	}
}
