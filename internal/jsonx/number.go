package jsonx

import (
	"encoding/json"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// ParseInt decodes a JSON value holding an integer: a number (123), a quoted
// number ("123"), or "" and null, which decode to 0. Anything else returns a
// *json.UnmarshalTypeError for typ, so encoding/json adds the field path when
// it is called from an UnmarshalJSON method.
func ParseInt(data []byte, typ reflect.Type) (int64, error) {
	raw, ok := unquote(data)
	if !ok {
		return 0, typeError(data, typ)
	}
	if len(raw) == 0 {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, typeError(data, typ)
	}
	return n, nil
}

// ParseFloat decodes a JSON value holding a float: a number, a quoted number,
// or "" and null (0). Errors are *json.UnmarshalTypeError, as with ParseInt.
func ParseFloat(data []byte, typ reflect.Type) (float64, error) {
	raw, ok := unquote(data)
	if !ok {
		return 0, typeError(data, typ)
	}
	if len(raw) == 0 {
		return 0, nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, typeError(data, typ)
	}
	return f, nil
}

// unquote strips the quotes of a simple JSON string and maps null to empty.
// A string holding escapes is not a number, so it is reported as not ok.
func unquote(data []byte) ([]byte, bool) {
	if string(data) == "null" {
		return nil, true
	}
	if len(data) >= 2 && data[0] == '"' && data[len(data)-1] == '"' {
		inner := data[1 : len(data)-1]
		for _, c := range inner {
			if c == '\\' || c == '"' {
				return nil, false
			}
		}
		return inner, true
	}
	if len(data) > 0 && (data[0] == '-' || (data[0] >= '0' && data[0] <= '9')) {
		return data, true
	}
	return nil, false
}

func typeError(data []byte, typ reflect.Type) error {
	v := string(data)
	if len(v) > 32 {
		v = v[:32] + "…"
	}
	return &json.UnmarshalTypeError{Value: "value " + v, Type: typ}
}

// String is a string that also decodes from a JSON number (kept as written)
// and from null (empty). DingTalk's sub_code comes both ways.
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(data []byte) error {
	if v, ok := SimpleString(data); ok && utf8.Valid(v) {
		*s = String(v)
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = String(v)
		return nil
	}
	if string(data) == "null" {
		*s = ""
		return nil
	}
	if _, ok := unquote(data); !ok {
		return typeError(data, stringType)
	}
	*s = String(data)
	return nil
}

var stringType = reflect.TypeFor[string]()

// UnixMilli returns the time of a millisecond Unix timestamp, or the zero
// time.Time for 0, so that IsZero tells an absent timestamp.
func UnixMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
