package event

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// ErrInvalidPayload matches, through errors.Is, every error Parse and Decode
// return for bad input.
var ErrInvalidPayload = errors.New("event: invalid payload")

// ErrMissingType is returned (wrapped in a *DecodeError) when a payload names
// no event type: neither EventType in the body nor in the Stream header.
var ErrMissingType = errors.New("no EventType")

// DecodeError describes a payload that could not be decoded. It names the
// event type (when known) and the JSON field that was wrong (when known).
// errors.Is(err, ErrInvalidPayload) is true for every DecodeError.
type DecodeError struct {
	// Type is the event type being decoded; empty when it was not found.
	Type Type
	// Field is the JSON key path of the bad value, such as "UserId" or
	// "PostLabelList.id"; empty for errors of the document as a whole.
	Field string
	// Err is the underlying error: a *json.SyntaxError for invalid JSON, an
	// error saying which value could not be used as what for a value of
	// the wrong kind.
	Err error

	// The payload of a known type that did not decode, for AsUnknown.
	payload []byte
	header  Header
}

// AsUnknown returns, for an error of Parse or Decode about an event of a
// known type whose payload did not decode (a field of an unexpected type),
// the event as *Unknown with its header, a copy of the payload in Raw, and
// Err set to err; a receiver hands it to the Router so that no event is
// dropped silently. It returns false for input that is no event at all:
// invalid JSON, no EventType.
func AsUnknown(err error) (*Unknown, bool) {
	var de *DecodeError
	if !errors.As(err, &de) || de.payload == nil {
		return nil, false
	}
	return &Unknown{Header: de.header, Raw: append(json.RawMessage(nil), de.payload...), Err: err}, true
}

// Error implements error.
func (e *DecodeError) Error() string {
	msg := "event: "
	if e.Type != "" {
		msg += string(e.Type) + ": "
	}
	if e.Field != "" {
		msg += fmt.Sprintf("field %q: ", e.Field)
	}
	var se *json.SyntaxError
	if errors.As(e.Err, &se) {
		return msg + fmt.Sprintf("invalid JSON at offset %d: %v", se.Offset, se)
	}
	return msg + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidPayload.
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidPayload }

// decodeError wraps a decoding error with the event type and the field.
func decodeError(t Type, err error) *DecodeError {
	var de *DecodeError
	if errors.As(err, &de) {
		if de.Type == "" {
			de.Type = t
		}
		return de
	}
	e := &DecodeError{Type: t, Err: err}
	var te *jsonx.TypeError
	if errors.As(err, &te) {
		e.Field = te.Field
	}
	return e
}
