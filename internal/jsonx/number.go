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

// Int64 is an int64 that decodes with ParseInt.
type Int64 int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int64) UnmarshalJSON(data []byte) error {
	v, err := ParseInt(data, int64Type)
	*n = Int64(v)
	return err
}

// Float64 is a float64 that decodes with ParseFloat.
type Float64 float64

// UnmarshalJSON implements json.Unmarshaler.
func (f *Float64) UnmarshalJSON(data []byte) error {
	v, err := ParseFloat(data, float64Type)
	*f = Float64(v)
	return err
}

var (
	int64Type   = reflect.TypeFor[int64]()
	float64Type = reflect.TypeFor[float64]()
)

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

// Strings is a list of identifiers that DingTalk sends as a JSON array of
// strings or numbers (["a","b"], [1,2]), or, in some shapes, as one string or
// number ("a"), which decodes to a list of one. null and "" decode to nil;
// elements decode as String does.
type Strings []string

// UnmarshalJSON implements json.Unmarshaler. encoding/json has checked
// that data is one valid JSON value before it calls this, so the elements
// are found by scanning; each becomes a string with one allocation, as a
// plain []string would.
func (l *Strings) UnmarshalJSON(data []byte) error {
	if len(data) == 0 || data[0] != '[' {
		var s String
		if err := s.UnmarshalJSON(data); err != nil {
			return typeError(data, stringsType)
		}
		*l = nil
		if s != "" {
			*l = Strings{string(s)}
		}
		return nil
	}
	n := 0
	for range arrayElems(data) {
		n++
	}
	out := make(Strings, 0, n)
	for raw := range arrayElems(data) {
		var s String
		if err := s.UnmarshalJSON(raw); err != nil {
			return err
		}
		out = append(out, string(s))
	}
	*l = out
	return nil
}

// arrayElems yields the raw elements of data, a valid JSON array.
func arrayElems(data []byte) func(yield func([]byte) bool) {
	return func(yield func([]byte) bool) {
		i := skipSpace(data, 1)
		for i < len(data) && data[i] != ']' {
			end := skipValue(data, i)
			if end < 0 || !yield(data[i:end]) {
				return
			}
			i = skipSpace(data, end)
			if i < len(data) && data[i] == ',' {
				i = skipSpace(data, i+1)
			}
		}
	}
}

var stringsType = reflect.TypeFor[[]string]()
