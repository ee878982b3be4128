package event

import (
	"encoding/json"
	"strings"

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
		t := normalType(Type(name))
		return t, t != "", nil
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return "", false, &DecodeError{Field: "EventType", Err: err}
	}
	t = normalType(Type(str))
	return t, t != "", nil
}

// normalType is t without the spaces some third-party (ISV) samples pad
// it with (" org_suite_auth "): DingTalk's types never contain one, so the
// padding is noise, and a Router keyed by the type must see the type.
func normalType(t Type) Type {
	if t == "" || (t[0] != ' ' && t[0] != '\t' && t[len(t)-1] != ' ' && t[len(t)-1] != '\t') {
		return t
	}
	return Type(strings.Trim(string(t), " \t\r\n"))
}
