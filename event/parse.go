package event

import (
	"encoding/json"
	"errors"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// Parse decodes a decrypted DingTalk HTTP callback body, in either wire
// shape: the legacy one (PascalCase keys, TimeStamp as a quoted number) or
// the current one (an EventType/EventTime/CorpId/BizId/eventId envelope and
// camelCase keys). It returns a pointer to the payload type of the event's
// Type, such as *OrgUserAdd, or *Unknown for a type this package does not
// know.
//
// Bad input returns a *DecodeError naming the event type and the field;
// Parse never panics.
func Parse(data []byte) (Event, error) {
	t, ok, err := peekType(data)
	if err != nil {
		return nil, decodeError("", invalidJSON(data, err))
	}
	if !ok {
		return nil, &DecodeError{Field: "EventType", Err: ErrMissingType}
	}
	ev, err := decodeAs(t, data)
	if err != nil {
		return nil, err
	}
	if got := normalType(ev.EventHeader().EventType); got != t && got != "" {
		// A repeated EventType key: encoding/json kept the last one.
		if ev, err = decodeAs(got, data); err != nil {
			return nil, err
		}
		t = got
	}
	ev.EventHeader().EventType = t
	settle(ev)
	return ev, nil
}

// Decode decodes the data of a DingTalk Stream-mode event frame. In Stream
// mode the event type and the envelope travel in the frame headers (see
// StreamHeader) and data, the body, usually has no EventType. Non-zero fields
// of h override the same fields of the body.
//
// As with Parse, an unknown type gives *Unknown and bad input a *DecodeError.
func Decode(h Header, data []byte) (Event, error) {
	t := normalType(h.EventType)
	if t == "" {
		bt, ok, err := peekType(data)
		if err != nil {
			return nil, decodeError("", invalidJSON(data, err))
		}
		if !ok {
			return nil, &DecodeError{Field: "EventType", Err: ErrMissingType}
		}
		t = bt
	} else if !jsonx.IsObject(data) {
		return nil, decodeError(t, invalidJSON(data, jsonx.ErrNotObject))
	}
	h.EventType = t
	ev, err := decodeAs(t, data)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) && de.payload != nil {
			overrideHeader(&de.header, h) // for AsUnknown
		}
		return nil, err
	}
	overrideHeader(ev.EventHeader(), h)
	settle(ev)
	return ev, nil
}

// overrideHeader sets the non-zero fields of h in eh: in Stream mode the
// frame headers win over the body.
func overrideHeader(eh *Header, h Header) {
	if h.EventType != "" {
		eh.EventType = h.EventType
	}
	if h.CorpID != "" {
		eh.CorpID = h.CorpID
	}
	if h.EventID != "" {
		eh.EventID = h.EventID
	}
	if h.BizID != "" {
		eh.BizID = h.BizID
	}
	if h.EventTime != 0 {
		eh.EventTime = h.EventTime
	}
}

//go:generate go run ../internal/cmd/eventgen

// decodeAs decodes data as the payload type registered for t, or as Unknown.
func decodeAs(t Type, data []byte) (Event, error) {
	d := jsonx.NewDecoder(data)
	ev := decodePayload(t, &d)
	if ev == nil {
		u := &Unknown{Raw: append(json.RawMessage(nil), data...)}
		hd := &u.Header // an unknown type: the header only
		hd.decodeFields(&d)
		if err := finished(&d, data); err != nil {
			return nil, decodeError(t, err)
		}
		return u, nil
	}
	if err := finished(&d, data); err != nil {
		de := decodeError(t, err)
		if errors.As(err, new(*jsonx.TypeError)) {
			// A valid JSON object of a known type (Parse and Decode let
			// no other through): keep what AsUnknown needs. The header
			// decodes on its own, or stays as far as it got.
			hd := jsonx.NewDecoder(data)
			de.header.decodeFields(&hd)
			de.header.EventType, de.payload = t, data
		}
		return nil, de
	}
	if u, ok := ev.(interface{ undocumented() *Undocumented }); ok {
		u.undocumented().Raw = append(json.RawMessage(nil), data...)
	}
	return ev, nil
}

// finished returns what d found wrong: a syntax error as encoding/json's
// *json.SyntaxError, which says where, or a *jsonx.TypeError.
func finished(d *jsonx.Decoder, data []byte) error {
	err := d.Finish()
	if errors.Is(err, jsonx.ErrSyntax) {
		return invalidJSON(data, err)
	}
	return err
}

// unmarshal is the UnmarshalJSON of the struct types found inside payloads,
// for users who decode them with encoding/json.
func unmarshal(data []byte, read func(*jsonx.Decoder)) error {
	d := jsonx.NewDecoder(data)
	read(&d)
	return finished(&d, data)
}

// invalidJSON turns a scan failure into encoding/json's own syntax error,
// which says what is wrong and where.
func invalidJSON(data []byte, scanErr error) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return scanErr
}
