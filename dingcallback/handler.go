package dingcallback

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/jsonx"
)

// Handler is the http.Handler for DingTalk's encrypted HTTP callbacks. It
// reads the size-limited body, verifies and decrypts it, answers check_url
// and the suite URL checks itself, parses the event with event.Parse,
// dispatches it on the Router with the request's context, and replies the
// encrypted "success" only when the event handler returned nil.
//
// Replies:
//   - 200 and the encrypted "success": the event was accepted (or was a URL
//     check, or a duplicate already accepted).
//   - 500 with a short JSON error, no "success": the event handler failed,
//     panicked or timed out; DingTalk delivers the event again.
//   - 4xx with a short JSON error: the request was forged or malformed
//     (405 not POST, 413 body too large, 403 bad signature or owner, 400 the
//     rest); nothing was dispatched.
type Handler struct {
	crypto   *Crypto
	router   *event.Router
	settings httpx.Settings
	window   time.Duration
	deliver  deliver.Dispatcher
}

// New returns a Handler for the subscription c, dispatching on r.
func New(c *Crypto, r *event.Router, opts ...Option) (*Handler, error) {
	if c == nil {
		return nil, errors.New("dingcallback: New: nil *Crypto")
	}
	if r == nil {
		return nil, errors.New("dingcallback: New: nil *event.Router")
	}
	h := &Handler{crypto: c, router: r, settings: httpx.DefaultSettings()}
	for _, opt := range opts {
		if err := opt(h); err != nil {
			return nil, err
		}
	}
	h.settings.Log = httpx.Logger(h.settings.Log)
	h.deliver.Component, h.deliver.Log = "dingcallback", h.settings.Log
	return h, nil
}

// NewHandler is New for use at start-up: it panics if c or r is nil or an
// option is invalid, like regexp.MustCompile.
func NewHandler(c *Crypto, r *event.Router, opts ...Option) http.Handler {
	h, err := New(c, r, opts...)
	if err != nil {
		panic(err)
	}
	return h
}

// requestError is a rejected request: the status and what to say.
type requestError struct {
	status int
	msg    string
	err    error
}

func reject(status int, msg string, err error) *requestError {
	return &requestError{status: status, msg: msg, err: err}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(w, r, reject(http.StatusMethodNotAllowed, "method not allowed", nil))
		return
	}
	plain, rerr := h.open(w, r)
	if rerr != nil {
		h.fail(w, r, rerr)
		return
	}
	ev, err := event.Parse(plain)
	if err != nil {
		// A known type whose payload did not decode still reaches the
		// Router, as *event.Unknown with Err set; only input that is no
		// event at all is rejected.
		u, ok := event.AsUnknown(err)
		if !ok {
			h.fail(w, r, reject(http.StatusBadRequest, "invalid event payload", err))
			return
		}
		h.settings.Log.WarnContext(r.Context(), "dingcallback: event payload did not decode; dispatching it as *event.Unknown",
			"event_type", u.EventType, "event_id", u.EventID, "error", err)
		ev = u
	}
	ctx := r.Context()
	if answer, ok := handshake(ev); ok {
		h.succeed(w, r, answer)
		return
	}
	outcome, err := h.deliver.Deliver(ctx, deliver.EventKey(ev, plain), func(ctx context.Context) error {
		return h.router.Dispatch(ctx, ev)
	})
	switch {
	case outcome.Ack():
		h.succeed(w, r, success)
	case outcome == deliver.InFlight:
		h.fail(w, r, reject(http.StatusConflict, "event already in flight", nil))
	default:
		hd := ev.EventHeader()
		h.settings.Log.ErrorContext(ctx, "dingcallback: event handler failed; DingTalk will deliver again",
			"event_type", hd.EventType, "event_id", hd.EventID, "error", err)
		h.fail(w, r, reject(http.StatusInternalServerError, "event handler failed", nil))
	}
}

var success = []byte("success")

// handshake answers the URL checks: check_url with "success", the suite URL
// checks with their Random value.
func handshake(ev event.Event) ([]byte, bool) {
	switch e := ev.(type) {
	case *event.CheckURL:
		return success, true
	case *event.CheckCreateSuiteURL:
		return suiteAnswer(e.Random), true
	case *event.CheckUpdateSuiteURL:
		return suiteAnswer(e.Random), true
	}
	return nil, false
}

func suiteAnswer(random string) []byte {
	if random == "" {
		return success
	}
	return []byte(random)
}

// encryptField returns the encrypt member of the body {"encrypt":"…"}.
// Base64 needs no JSON escapes, so the common case is a slice of the body,
// not a copy; anything else goes through encoding/json.
func encryptField(body []byte) ([]byte, error) {
	s := jsonx.NewObjectScanner(body)
	for s.Next() {
		if string(s.Key()) != `"encrypt"` {
			continue
		}
		if v, ok := jsonx.SimpleString(s.Value()); ok {
			return v, nil
		}
		var str string
		if err := json.Unmarshal(s.Value(), &str); err != nil {
			return nil, err
		}
		return []byte(str), nil
	}
	return nil, s.Err()
}

// open reads, verifies and decrypts the request.
func (h *Handler) open(w http.ResponseWriter, r *http.Request) ([]byte, *requestError) {
	q := r.URL.Query()
	sig := q.Get("msg_signature")
	if sig == "" {
		sig = q.Get("signature")
	}
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if sig == "" || ts == "" || nonce == "" {
		return nil, reject(http.StatusBadRequest, "missing msg_signature, timestamp or nonce", nil)
	}
	if h.window > 0 {
		ms, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return nil, reject(http.StatusBadRequest, "timestamp is not a number", nil)
		}
		if d := h.settings.Now().Sub(time.UnixMilli(ms)).Abs(); d > h.window {
			return nil, reject(http.StatusBadRequest, "timestamp outside the replay window", nil)
		}
	}
	body, err := httpx.ReadBody(w, r, h.settings.MaxBody)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, reject(http.StatusRequestEntityTooLarge, "body too large", nil)
		}
		return nil, reject(http.StatusBadRequest, "reading body failed", err)
	}
	encrypt, err := encryptField(body)
	if err != nil {
		return nil, reject(http.StatusBadRequest, `body is not {"encrypt":"…"} JSON`, err)
	}
	if len(encrypt) == 0 {
		return nil, reject(http.StatusBadRequest, "empty encrypt", nil)
	}
	plain, err := h.crypto.decrypt(sig, ts, nonce, encrypt)
	switch {
	case err == nil:
		return plain, nil
	case errors.Is(err, ErrSignatureMismatch), errors.Is(err, ErrOwnerMismatch):
		return nil, reject(http.StatusForbidden, err.Error(), nil)
	default:
		return nil, reject(http.StatusBadRequest, err.Error(), nil)
	}
}

// succeed replies the encrypted msg.
func (h *Handler) succeed(w http.ResponseWriter, r *http.Request, msg []byte) {
	reply, err := h.crypto.Encrypt(msg, strconv.FormatInt(h.settings.Now().UnixMilli(), 10), "")
	if err != nil {
		h.settings.Log.ErrorContext(r.Context(), "dingcallback: encrypting the reply failed", "error", err)
		h.fail(w, r, reject(http.StatusInternalServerError, "encrypting the reply failed", nil))
		return
	}
	// Every field is digits, hex, base64 or alphanumeric: nothing to escape.
	body := make([]byte, 0, 80+len(reply.Encrypt))
	body = append(body, `{"msg_signature":"`...)
	body = append(body, reply.MsgSignature...)
	body = append(body, `","timeStamp":"`...)
	body = append(body, reply.TimeStamp...)
	body = append(body, `","nonce":"`...)
	body = append(body, reply.Nonce...)
	body = append(body, `","encrypt":"`...)
	body = append(body, reply.Encrypt...)
	body = append(body, `"}`...)
	httpx.WriteBody(w, http.StatusOK, body)
}

// fail replies a short JSON error and logs the rejection.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, e *requestError) {
	if e.status < http.StatusInternalServerError && e.status != http.StatusConflict { // 409: logged by the dispatcher
		attrs := []any{"status", e.status, "reason", e.msg, "remote", r.RemoteAddr}
		if e.err != nil {
			attrs = append(attrs, "error", e.err)
		}
		h.settings.Log.WarnContext(r.Context(), "dingcallback: request rejected", attrs...)
	}
	httpx.WriteJSON(w, e.status, map[string]string{"error": e.msg})
}
