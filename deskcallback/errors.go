package deskcallback

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// Errors of VerifySignature. None of them contains the token.
var (
	// ErrMissingSignature: the request has no Sign or no RequestTime.
	ErrMissingSignature = errors.New("deskcallback: missing Sign or RequestTime")
	// ErrBadRequestTime: RequestTime is not a number of seconds.
	ErrBadRequestTime = errors.New("deskcallback: RequestTime is not Unix seconds")
	// ErrRequestExpired: RequestTime is outside the allowed window (a replay,
	// or a clock far off).
	ErrRequestExpired = errors.New("deskcallback: RequestTime outside the allowed window")
	// ErrSignatureMismatch: Sign is not sha256(Token + RequestTime).
	ErrSignatureMismatch = errors.New("deskcallback: signature mismatch")
)

// ErrWrongSdkAppID is the cause of a request for another application's
// SdkAppid.
var ErrWrongSdkAppID = errors.New("deskcallback: SdkAppid does not match")

// ErrUnknownCommand is the cause of a callback whose CallbackCommand has no
// handler in the Config.
var ErrUnknownCommand = errors.New("deskcallback: no handler for the CallbackCommand")

// ErrInvalidPayload matches, through errors.Is, every error of the Parse
// functions.
var ErrInvalidPayload = errors.New("deskcallback: invalid payload")

// DecodeError describes a callback body that could not be decoded.
type DecodeError struct {
	// Command is the callback being decoded, such as Desk.SessionEventNotify.
	Command string
	// Field is the JSON field that was wrong, when known.
	Field string
	// Err is the underlying error.
	Err error
}

// Error implements error.
func (e *DecodeError) Error() string {
	msg := "deskcallback: "
	if e.Command != "" {
		msg += e.Command + ": "
	}
	if e.Field != "" {
		msg += fmt.Sprintf("field %q: ", e.Field)
	}
	return msg + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// Is reports whether target is ErrInvalidPayload.
func (e *DecodeError) Is(target error) bool { return target == ErrInvalidPayload }

// ErrNotObject is returned (in a *DecodeError) for a body that is valid JSON
// but not an object, such as null.
var ErrNotObject = errors.New("the body is not a JSON object")

// decode unmarshals a callback body into v, wrapping errors in *DecodeError.
// The body must be a JSON object: null would decode to an empty event.
func decode(command string, body []byte, v any) error {
	if !jsonx.IsObject(body) {
		if !json.Valid(body) {
			var probe any
			return &DecodeError{Command: command, Err: json.Unmarshal(body, &probe)}
		}
		return &DecodeError{Command: command, Err: ErrNotObject}
	}
	if err := json.Unmarshal(body, v); err != nil {
		de := &DecodeError{Command: command, Err: err}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			de.Field = te.Field
		}
		return de
	}
	return nil
}

// ReplyError lets a handler choose the ErrorCode and ErrorInfo of the FAIL
// reply. Any other error is answered with CodeHandlerFailed and a generic
// ErrorInfo, so internal details do not reach Tencent.
type ReplyError struct {
	Code int
	Info string
}

// Error implements error.
func (e *ReplyError) Error() string {
	return fmt.Sprintf("deskcallback: reply FAIL %d: %s", e.Code, e.Info)
}
