package jsonx

import (
	"bytes"
	"errors"
)

// ErrNotObject reports input that is not a JSON object.
var ErrNotObject = errors.New("not a JSON object")

// ObjectScanner walks the members of a top-level JSON object without
// decoding them: one pass over the bytes, no allocation. It checks the
// structure it walks (quotes, nesting, colons) but not every detail of JSON
// syntax: callers that need a fully valid document decode it afterwards.
//
//	s := jsonx.NewObjectScanner(data)
//	for s.Next() {
//		key, value := s.Key(), s.Value() // raw bytes, key with its quotes
//	}
//	if err := s.Err(); err != nil { … }
type ObjectScanner struct {
	data       []byte
	i          int
	key, value []byte
	err        error
	done       bool
}

// NewObjectScanner returns a scanner over the object in data.
func NewObjectScanner(data []byte) ObjectScanner {
	s := ObjectScanner{data: data}
	s.i = skipSpace(data, 0)
	if s.i >= len(data) || data[s.i] != '{' {
		s.err, s.done = ErrNotObject, true
		return s
	}
	s.i++
	return s
}

// Next advances to the next member; it returns false at the end of the
// object or on an error (see Err).
func (s *ObjectScanner) Next() bool {
	if s.done {
		return false
	}
	d := s.data
	for {
		s.i = skipSpace(d, s.i)
		if s.i >= len(d) {
			return s.fail()
		}
		switch d[s.i] {
		case '}':
			s.done = true
			return false
		case ',':
			s.i++
			continue
		case '"':
		default:
			return s.fail()
		}
		break
	}
	keyEnd := skipString(d, s.i)
	if keyEnd < 0 {
		return s.fail()
	}
	s.key = d[s.i:keyEnd]
	s.i = skipSpace(d, keyEnd)
	if s.i >= len(d) || d[s.i] != ':' {
		return s.fail()
	}
	s.i = skipSpace(d, s.i+1)
	end := skipValue(d, s.i)
	if end <= s.i {
		return s.fail()
	}
	s.value = d[s.i:end]
	s.i = end
	return true
}

func (s *ObjectScanner) fail() bool {
	s.err, s.done = ErrNotObject, true
	return false
}

// Key returns the raw key of the current member, quotes included.
func (s *ObjectScanner) Key() []byte { return s.key }

// Value returns the raw value of the current member.
func (s *ObjectScanner) Value() []byte { return s.value }

// Err returns ErrNotObject if the input was not a well-formed object.
func (s *ObjectScanner) Err() error { return s.err }

// SimpleString returns the contents of a raw JSON string value that has no
// escapes, and whether it was one. Other values need encoding/json.
func SimpleString(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 {
			return nil, false
		}
	}
	return inner, true
}

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
	j := i + 1
	for {
		q := bytes.IndexByte(data[j:], '"')
		if q < 0 {
			return -1
		}
		j += q
		// The quote ends the string unless an odd number of backslashes
		// precede it.
		n := 0
		for k := j - 1; k > i && data[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return j + 1
		}
		j++
	}
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

// IsObject reports whether data, after leading white space, starts a JSON
// object: a body of null, a number or an array is not one.
func IsObject(data []byte) bool {
	i := skipSpace(data, 0)
	return i < len(data) && data[i] == '{'
}
