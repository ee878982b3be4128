package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// ReadBody reads at most limit bytes of r's body through http.MaxBytesReader,
// sized by Content-Length when the request declares one. A larger body
// returns an error that errors.As matches as *http.MaxBytesError.
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, limit)
	n := r.ContentLength
	if n <= 0 || n > limit {
		return io.ReadAll(body)
	}
	buf := make([]byte, 0, n+1) // +1 to see EOF without growing
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// WriteJSON writes v as a JSON reply with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	WriteBody(w, status, body)
}

// WriteBody writes a JSON body with status.
func WriteBody(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Logger returns l, or a logger that discards everything when l is nil.
func Logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// Settings are the options both callback handlers share. Each package's
// options set them through the methods below, which validate.
type Settings struct {
	MaxBody int64
	Log     *slog.Logger
	Now     func() time.Time
}

// DefaultSettings returns the shared defaults: the package's body limit,
// silence, time.Now.
func DefaultSettings(maxBody int64) Settings {
	return Settings{MaxBody: maxBody, Now: time.Now}
}

// SetMaxBody sets the body limit; pkg names the caller in the error.
func (s *Settings) SetMaxBody(pkg string, n int64) error {
	if n <= 0 {
		return fmt.Errorf("%s: WithMaxBodySize(%d): the size must be positive", pkg, n)
	}
	s.MaxBody = n
	return nil
}

// SetClock sets the clock; pkg names the caller in the error.
func (s *Settings) SetClock(pkg string, now func() time.Time) error {
	if now == nil {
		return fmt.Errorf("%s: WithClock(nil)", pkg)
	}
	s.Now = now
	return nil
}

// RequestError is a request a receiver rejects before any handler runs: the
// package that rejected it, the HTTP status, a short reason for the reply
// and the log, and the cause. ValidateRequest functions return it as a plain
// error; errors.Is and errors.As reach the cause (a package's sentinel,
// *http.MaxBytesError), and its StatusCode method, reachable through
// errors.As with an interface{ StatusCode() int }, is the status the
// package's Handler answers.
type RequestError struct {
	Pkg    string
	Status int
	Reason string
	Err    error
}

// Reject returns a *RequestError of package pkg.
func Reject(pkg string, status int, reason string, err error) *RequestError {
	return &RequestError{Pkg: pkg, Status: status, Reason: reason, Err: err}
}

// Error implements error: the package once, the reason, and the cause when
// it says more than the reason.
func (e *RequestError) Error() string {
	msg := strings.TrimPrefix(e.Reason, e.Pkg+": ")
	if e.Err != nil {
		cause := strings.TrimPrefix(e.Err.Error(), e.Pkg+": ")
		if strings.HasPrefix(cause, msg) {
			msg = cause
		} else {
			msg += ": " + cause
		}
	}
	return e.Pkg + ": " + msg
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// StatusCode is the HTTP status the receiver answers the request with.
func (e *RequestError) StatusCode() int { return e.Status }

// ErrMethod is the cause of a rejected non-POST request.
var ErrMethod = errors.New("callbacks are POST")

// CheckPost rejects (405, with an Allow header when w is not nil) a request
// that is not a POST.
func CheckPost(pkg string, w http.ResponseWriter, r *http.Request) *RequestError {
	if r.Method == http.MethodPost {
		return nil
	}
	if w != nil {
		w.Header().Set("Allow", http.MethodPost)
	}
	return Reject(pkg, http.StatusMethodNotAllowed, "method not allowed", ErrMethod)
}

// ReadLimited reads the body up to limit bytes: a larger one is a 413, a
// failed read a 400. w may be nil (ValidateRequest outside a handler).
func ReadLimited(pkg string, w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *RequestError) {
	body, err := ReadBody(w, r, limit)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, Reject(pkg, http.StatusRequestEntityTooLarge, "body too large", err)
		}
		return nil, Reject(pkg, http.StatusBadRequest, "reading body failed", err)
	}
	return body, nil
}

// LogRejected logs a rejected request at warn level: who sent it, the
// status and why. Reasons and causes never hold secrets.
func LogRejected(log *slog.Logger, r *http.Request, e *RequestError) {
	log.WarnContext(r.Context(), e.Pkg+": request rejected",
		"status", e.Status, "reason", e.Reason, "remote", r.RemoteAddr, "error", e.Error())
}
