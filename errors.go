package kefu

import (
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/internal/httpx"
)

// ErrValidation matches, through errors.Is, every *ValidationError.
var ErrValidation = errors.New("kefu: invalid request")

// ValidationError reports a request that was refused before any network
// call: a required field is missing or a value is malformed.
type ValidationError struct {
	// Field is the Go field, such as "EventID".
	Field string
	// WireName is the field's name in DingTalk's API, such as "event_id".
	WireName string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("kefu: EventDTO.%s (%s) %s", e.Field, e.WireName, e.Reason)
}

// Is reports whether target is ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// DingTalk error codes the client knows. DingTalk lists every code at
// https://open.dingtalk.com/document/orgapp/server-api-error-codes-1 and
// its rate limits at
// https://open.dingtalk.com/document/orgapp/invocation-frequency-limit.
const (
	CodeOK             = 0
	CodeSystemBusy     = -1    // system busy: retried
	CodeAuthFailed     = 88    // authorisation failure, see SubCode: not retried
	CodeInvalidToken   = 40014 // invalid access_token: refreshed and retried once
	CodeExpiredToken   = 42001 // expired access_token: refreshed and retried once
	CodeAppQPSLimit    = 90018 // per-app per-API QPS limit: retried after >= 1 s
	CodeGlobalQPSLimit = 90002 // global per-API QPS limit: retried after >= 1 s
	CodeMinuteLimit    = 90005 // per-minute limit: retry after about a minute
	CodeMinuteLimitApp = 90006 // per-minute limit: retry after about a minute
	CodeMonthlyQuota   = 90020 // monthly quota exhausted: not retried
)

// APIError is an error answered by DingTalk: an errcode other than 0, or
// success false. Reach it with errors.As.
type APIError struct {
	// Code is DingTalk's errcode.
	Code int
	// Message is DingTalk's errmsg.
	Message string
	// SubCode details some errors, such as 88.
	SubCode string
	// SubMessage is the text of SubCode.
	SubMessage string
	// RequestID identifies the call for DingTalk's support.
	RequestID string
	// HTTPStatus is the HTTP status of the answer.
	HTTPStatus int

	op string // what the client was doing, when not the call itself
}

// Error implements error.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("kefu: %sDingTalk error %d: %s", opPrefix(e.op), e.Code, e.Message)
	if e.SubCode != "" || e.SubMessage != "" {
		msg += fmt.Sprintf(" (sub_code %s: %s)", e.SubCode, e.SubMessage)
	}
	if e.RequestID != "" {
		msg += " [request_id " + e.RequestID + "]"
	}
	return msg
}

// retryKind says whether and how an error is retried. It is the one place
// that decides: the client's retry loop asks kindOf, and the errors'
// Retryable methods read the same answers.
type retryKind uint8

const (
	noRetry          retryKind = iota
	retryNow                   // the client retries after its backoff
	retryRateLimited           // the client retries after at least RateLimitDelay
	retryRefresh               // the client fetches a new token and retries once
	retryLater                 // may succeed later, after longer than one call waits
)

// codeRetry is how each DingTalk errcode is retried; codes not listed are
// not.
var codeRetry = map[int]retryKind{
	CodeSystemBusy:     retryNow,
	CodeAppQPSLimit:    retryRateLimited,
	CodeGlobalQPSLimit: retryRateLimited,
	CodeInvalidToken:   retryRefresh,
	CodeExpiredToken:   retryRefresh,
	CodeMinuteLimit:    retryLater,
	CodeMinuteLimitApp: retryLater,
}

// kindOf returns how err is retried: by its *APIError's code, *HTTPError's
// status or transport failure; anything else is not retried.
func kindOf(err error) retryKind {
	if errors.As(err, new(*httpx.TransportError)) { // refused, reset, timed out by WithTimeout
		return retryNow
	}
	var k interface{ retryKind() retryKind }
	if errors.As(err, &k) {
		return k.retryKind()
	}
	return noRetry
}

func (e *APIError) retryKind() retryKind { return codeRetry[e.Code] }

// Retryable reports whether the same call may succeed later: system busy
// and the QPS limits (which the client retries itself), an invalid or
// expired token (refreshed and retried once), and the per-minute limits
// (retry after about a minute).
func (e *APIError) Retryable() bool { return e.retryKind() != noRetry }

// tokenRejected reports whether DingTalk refused the access token.
func (e *APIError) tokenRejected() bool { return e.retryKind() == retryRefresh }

// HTTPError is an answer that is not DingTalk's JSON: an HTML ban page, a
// 502 from a proxy, an empty body.
type HTTPError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// ContentType is the answer's Content-Type.
	ContentType string
	// Snippet is the start of the body (200 bytes), for the log, with
	// secrets redacted.
	Snippet string
	// BodyLimit is set when the body was larger than the client reads
	// (WithMaxResponseSize): it was not read, and Snippet is empty.
	BodyLimit int

	op string // what the client was doing, when not the call itself
}

// ErrResponseTooLarge matches, through errors.Is, an *HTTPError for an
// answer over the client's size limit.
var ErrResponseTooLarge = errors.New("kefu: answer over the size limit")

// Error implements error.
func (e *HTTPError) Error() string {
	if e.BodyLimit > 0 {
		return fmt.Sprintf("kefu: %sDingTalk answered HTTP %d with a %q body over the %d-byte limit",
			opPrefix(e.op), e.StatusCode, e.ContentType, e.BodyLimit)
	}
	return fmt.Sprintf("kefu: %sDingTalk answered HTTP %d with a non-JSON %q body: %q",
		opPrefix(e.op), e.StatusCode, e.ContentType, e.Snippet)
}

// Is reports whether target is ErrResponseTooLarge and the body was over
// the limit.
func (e *HTTPError) Is(target error) bool { return target == ErrResponseTooLarge && e.BodyLimit > 0 }

func opPrefix(op string) string {
	if op == "" {
		return ""
	}
	return op + ": "
}

func (e *HTTPError) retryKind() retryKind {
	if e.StatusCode >= 500 {
		return retryNow
	}
	return noRetry
}

// Retryable reports whether the answer was a server error (5xx), which the
// client retries.
func (e *HTTPError) Retryable() bool { return e.retryKind() != noRetry }

// RetriesExhaustedError is returned when a call that could be retried
// failed on its last allowed attempt (RetryPolicy.MaxAttempts or
// MaxElapsed). errors.As still reaches the last attempt's *APIError or
// *HTTPError through it.
type RetriesExhaustedError struct {
	// Attempts is how many attempts were made.
	Attempts int
	// Err is the last attempt's error.
	Err error
}

// Error implements error.
func (e *RetriesExhaustedError) Error() string {
	return fmt.Sprintf("%v (gave up after %d attempts)", e.Err, e.Attempts)
}

// Unwrap returns the last attempt's error.
func (e *RetriesExhaustedError) Unwrap() error { return e.Err }
