package event

import (
	"bytes"
	"encoding/json"
)

// The payload types marshal with encoding/json into the wire shape Parse
// reads back: Parse(json.Marshal(e)) is e for an event Parse returned, and
// Decode(h, json.Marshal(e)) for one Decode returned. Most types need
// nothing for that beyond their json tags; the methods below are the
// exceptions.

// MarshalJSON writes the payload as received: an undocumented event has no
// other shape. An Undocumented without Raw (one built by hand) marshals as
// an empty object.
func (u Undocumented) MarshalJSON() ([]byte, error) { return rawOrEmpty(u.Raw), nil }

// MarshalJSON writes the payload as received, or, for an Unknown built by
// hand without Raw, its Header.
func (u Unknown) MarshalJSON() ([]byte, error) {
	if len(u.Raw) > 0 {
		return u.Raw, nil
	}
	return json.Marshal(u.Header)
}

// rawOrEmpty is raw, or {} when raw is empty.
func rawOrEmpty(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return []byte("{}")
	}
	return raw
}

// The types whose third-party record travels inline, among the event's own
// keys (a field tagged kefu:"inline"), have a generated MarshalJSON
// (decode_gen.go) that writes it back there with marshalInline.

// marshalInline marshals outer, then merges the members of inline (a
// pointer to a struct; nil writes nothing) into the same object.
func marshalInline[T any](outer any, inline *T) ([]byte, error) {
	a, err := json.Marshal(outer)
	if err != nil || inline == nil {
		return a, err
	}
	b, err := json.Marshal(inline)
	if err != nil {
		return nil, err
	}
	return mergeObjects(a, b), nil
}

// mergeObjects joins two marshalled JSON objects into one.
func mergeObjects(a, b []byte) []byte {
	b = bytes.TrimSpace(b)
	if len(b) <= 2 { // {}
		return a
	}
	a = bytes.TrimSpace(a)
	out := make([]byte, 0, len(a)+len(b))
	out = append(out, a[:len(a)-1]...)
	if len(a) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...)
}
