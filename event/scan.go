package event

import (
	"bytes"
	"encoding/json"
	"errors"
)

// errNotObject reports a payload that is not a JSON object.
var errNotObject = errors.New("payload is not a JSON object")

// peekType finds the top-level EventType (or eventType) of a JSON object
// without decoding the rest. It stops at the first EventType; it reads the
// whole object only when it finds just eventType. It does not validate the
// document: the full decode that follows does, and Parse checks that the
// decoded type agrees (a repeated key could make it differ). Known types are
// returned without allocating. ok is false when the object has no type.
func peekType(data []byte) (t Type, ok bool, err error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return "", false, errNotObject
	}
	i++
	var pascal, camel []byte
	var pascalOK, camelOK bool
	for {
		i = skipSpace(data, i)
		if i >= len(data) {
			return "", false, errNotObject
		}
		if data[i] == '}' {
			break
		}
		if data[i] == ',' {
			i++
			continue
		}
		if data[i] != '"' {
			return "", false, errNotObject
		}
		keyEnd := skipString(data, i)
		if keyEnd < 0 {
			return "", false, errNotObject
		}
		key := data[i:keyEnd]
		i = skipSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return "", false, errNotObject
		}
		i = skipSpace(data, i+1)
		valEnd := skipValue(data, i)
		if valEnd < 0 {
			return "", false, errNotObject
		}
		switch string(key) {
		case `"EventType"`:
			pascal, pascalOK = data[i:valEnd], true
		case `"eventType"`:
			camel, camelOK = data[i:valEnd], true
		}
		i = valEnd
		if pascalOK {
			break
		}
	}
	raw, found := pascal, pascalOK
	if !found || string(raw) == "null" || string(raw) == `""` {
		if camelOK {
			raw, found = camel, true
		}
	}
	if !found || string(raw) == "null" {
		return "", false, nil
	}
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && !hasEscape(raw[1:len(raw)-1]) {
		name := raw[1 : len(raw)-1]
		if t, known := canonical[string(name)]; known {
			return t, true, nil
		}
		return Type(name), len(name) > 0, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false, &DecodeError{Field: "EventType", Err: err}
	}
	return Type(s), s != "", nil
}

func hasEscape(b []byte) bool { return bytes.IndexByte(b, '\\') >= 0 }

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the string starting at data[i] == '"',
// or -1 if it does not end.
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index after the value starting at data[i], or -1.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end := skipString(data, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
}
