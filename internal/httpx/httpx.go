package httpx

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
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

// DefaultMaxBody is the default body limit of the callback handlers.
const DefaultMaxBody = 1 << 20

// DefaultSettings returns the shared defaults: a 1 MiB body limit, silence,
// time.Now.
func DefaultSettings() Settings {
	return Settings{MaxBody: DefaultMaxBody, Now: time.Now}
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
