package dingstream

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrUnauthorized matches, through errors.Is, the *OpenError of a gateway
// that refused the client id and secret (401 or 403). Run returns it: no
// retry would succeed.
var ErrUnauthorized = errors.New("dingstream: credentials rejected")

// ErrShutdownTimeout matches the error Run returns when handlers were still
// running when the shutdown timeout ran out; their frames were answered
// LATER (or not at all, when the connection was gone) and will be pushed
// again.
var ErrShutdownTimeout = errors.New("dingstream: handlers still running at the shutdown timeout")

// OpenError is the gateway's answer to an open-connection call that gave no
// connection, such as
//
//	401 {"requestid":"ED20…","code":"authFailed","message":"鉴权失败"}
//
// Every text copied from the answer is redacted. Run retries a retryable one
// with backoff and returns any other.
type OpenError struct {
	// StatusCode is the HTTP status of the answer.
	StatusCode int
	// Code and Message are the gateway's code and message, when the answer
	// was JSON; Snippet is the start of any other answer (an HTML page).
	Code, Message, Snippet string
	// RequestID is the gateway's request id, for DingTalk's support.
	RequestID string
	// Redirect is true when the answer was a redirect to another origin,
	// which the client refuses: the open call carries the client secret.
	// Run stops: no retry would succeed.
	Redirect bool
}

// Error implements error.
func (e *OpenError) Error() string {
	msg := fmt.Sprintf("dingstream: open connection: HTTP %d", e.StatusCode)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Snippet != "" {
		msg += fmt.Sprintf(": %q", e.Snippet)
	}
	if e.RequestID != "" {
		msg += " (request id " + e.RequestID + ")"
	}
	return msg
}

// Retryable reports whether another attempt may succeed: server errors,
// 408, 429, and a 200 without endpoint or ticket. Any other 4xx is a
// configuration error (credentials, base URL) that no retry fixes.
func (e *OpenError) Retryable() bool {
	switch {
	case e.Redirect:
		return false
	case e.StatusCode == http.StatusOK, e.StatusCode == http.StatusRequestTimeout,
		e.StatusCode == http.StatusTooManyRequests, e.StatusCode >= 500:
		return true
	}
	return false
}

// Is matches ErrUnauthorized for 401 and 403.
func (e *OpenError) Is(target error) bool {
	return target == ErrUnauthorized &&
		(e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden)
}
