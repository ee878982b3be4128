package event

import (
	"encoding/json"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// peekType finds the top-level EventType (or eventType) of a JSON object
// without decoding the rest. It stops at the first EventType; it reads the
// whole object only when it finds just eventType. It does not validate the
// document: the full decode that follows does, and Parse checks that the
// decoded type agrees (a repeated key could make it differ). Known types are
// returned without allocating. ok is false when the object has no type.
func peekType(data []byte) (t Type, ok bool, err error) {
	var pascal, camel []byte
	s := jsonx.NewObjectScanner(data)
	for s.Next() {
		switch string(s.Key()) {
		case `"EventType"`:
			pascal = s.Value()
		case `"eventType"`:
			camel = s.Value()
		}
		if pascal != nil {
			break
		}
	}
	if err := s.Err(); err != nil {
		return "", false, err
	}
	raw := pascal
	if raw == nil || string(raw) == "null" || string(raw) == `""` {
		raw = camel
	}
	if raw == nil || string(raw) == "null" {
		return "", false, nil
	}
	if name, simple := jsonx.SimpleString(raw); simple {
		if t, known := theIndex().canonical[string(name)]; known {
			return t, true, nil
		}
		return Type(name), len(name) > 0, nil
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return "", false, &DecodeError{Field: "EventType", Err: err}
	}
	return Type(str), str != "", nil
}
