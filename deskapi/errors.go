package deskapi

import (
	"errors"
	"fmt"
)

// APIError is Desk's answer to a call that failed: HTTP 200 with
//
//	{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"…"}
//
// The codes are Tencent's (https://cloud.tencent.com/document/product/679/131708):
// 60000–60021 REST errors, 70001–70107 account and UserSig errors,
// 141000–141004 Desk errors, and each API's own. ErrorInfo is redacted: it
// never carries the UserSig or the secret key.
type APIError struct {
	// Command is the API called, such as "send_msg".
	Command string
	// ActionStatus is "FAIL".
	ActionStatus string
	// ErrorCode and ErrorInfo are Desk's.
	ErrorCode int
	ErrorInfo string
}

// Error implements error.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("deskapi: %s: ErrorCode %d", e.Command, e.ErrorCode)
	if e.ErrorInfo != "" {
		msg += ": " + e.ErrorInfo
	}
	return msg
}

// Retryable reports whether the same call may succeed later: Desk's busy,
// rate-limit and internal codes. A call that failed for the caller's own
// fault (a bad parameter, a session that does not exist, no permission) is
// never retried; neither is a UserSig error, which the client answers by
// renewing the UserSig once (see Client).
func (e *APIError) Retryable() bool { return retryCodes[e.ErrorCode] }

// UserSigRejected reports whether Desk rejected the UserSig: expired
// (70001), unparsable (70003), signed with another key (70009), for another
// UserID or SDKAppID (70013, 70014), or a key or SDKAppID Desk does not know
// (70016, 70020).
func (e *APIError) UserSigRejected() bool { return userSigCodes[e.ErrorCode] }

// retryCodes are the codes Tencent's page says to retry: 60007, 60011,
// 60018 and 60019 (too many requests), 60008 (timeout), 141002 (internal
// error, retry).
var retryCodes = map[int]bool{60007: true, 60008: true, 60011: true, 60018: true, 60019: true, 141002: true}

// userSigCodes are the codes of a rejected UserSig.
var userSigCodes = map[int]bool{70001: true, 70003: true, 70009: true, 70013: true, 70014: true, 70016: true, 70020: true}

// ErrBadAnswer matches, through errors.Is, an answer that is not Desk's
// JSON (a proxy's page, a truncated body) or is over the size limit.
var ErrBadAnswer = errors.New("deskapi: the answer is not Desk's JSON")

// AnswerError describes an answer that is not Desk's JSON.
type AnswerError struct {
	// Command is the API called.
	Command string
	// StatusCode is the HTTP status.
	StatusCode int
	// Snippet is the start of the body, redacted; empty when the body was
	// over the limit and not read.
	Snippet string
	// BodyLimit is the limit, when the body was over it.
	BodyLimit int
}

// Error implements error.
func (e *AnswerError) Error() string {
	if e.BodyLimit > 0 {
		return fmt.Sprintf("deskapi: %s: HTTP %d, answer over the %d-byte limit", e.Command, e.StatusCode, e.BodyLimit)
	}
	return fmt.Sprintf("deskapi: %s: HTTP %d with an answer that is not Desk's JSON: %q", e.Command, e.StatusCode, e.Snippet)
}

// Is matches ErrBadAnswer.
func (e *AnswerError) Is(target error) bool { return target == ErrBadAnswer }

// Retryable reports whether another attempt may help: 5xx, 429 and 408.
func (e *AnswerError) Retryable() bool {
	return e.StatusCode >= 500 || e.StatusCode == 429 || e.StatusCode == 408
}
