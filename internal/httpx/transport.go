package httpx

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/kefu-go/kefu/internal/redact"
)

// TransportError is a call that got no usable answer — refused, reset,
// timed out, a body that could not be read, or a 5xx some client treats
// alike: every client retries it.
type TransportError struct{ Err error }

// Error returns the wrapped error's text.
func (e *TransportError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *TransportError) Unwrap() error { return e.Err }

// Transport returns err, the failure of call op of package pkg, as a
// *TransportError without the literals: the URL of a *url.Error is
// redacted in place (its query may carry a token; errors.As still finds
// the *url.Error, and errors.Is its cause's sentinels), any other text
// whole.
func Transport(pkg, op string, err error, literals ...string) *TransportError {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = &url.Error{Op: ue.Op, URL: redact.URL(ue.URL), Err: redact.Error(ue.Err, literals...)}
	} else {
		err = redact.Error(err, literals...)
	}
	return &TransportError{Err: fmt.Errorf("%s: %s: %w", pkg, op, err)}
}
