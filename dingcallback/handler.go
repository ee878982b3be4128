package dingcallback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	h := &Handler{crypto: c, router: r, settings: httpx.DefaultSettings(DefaultMaxBodySize)}
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

// ServeHTTP implements http.Handler. Every receiver has the same stages:
// verify, parse, dispatch, then reply or reject.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	plain, rerr := h.verify(w, r)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	ev, rerr := h.parse(r, plain)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	ctx := r.Context()
	if answer, ok := handshake(ev); ok {
		h.reply(w, r, answer)
		return
	}
	outcome, err := h.deliver.Deliver(ctx, deliver.EventKey(ev, plain), func(ctx context.Context) error {
		if h.settings.Log.Enabled(ctx, slog.LevelDebug) && !h.router.Handles(ev) {
			hd := ev.EventHeader()
			h.settings.Log.DebugContext(ctx, "dingcallback: no handler for the event",
				"event_type", hd.EventType, "event_id", hd.EventID)
		}
		return h.router.Dispatch(ctx, ev)
	})
	switch {
	case outcome.Ack():
		h.reply(w, r, success)
	case outcome == deliver.InFlight:
		h.reject(w, r, httpx.Reject(http.StatusConflict, "event already in flight", nil))
	default:
		hd := ev.EventHeader()
		h.settings.Log.ErrorContext(ctx, "dingcallback: event handler failed; DingTalk will deliver again",
			"event_type", hd.EventType, "event_id", hd.EventID, "error", err)
		h.reject(w, r, httpx.Reject(http.StatusInternalServerError, "event handler failed", nil))
	}
}

// verify checks the method and the replay window, then reads, verifies and
// decrypts the request.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) ([]byte, *httpx.RequestError) {
	if rerr := httpx.CheckPost(w, r); rerr != nil {
		return nil, rerr
	}
	if h.window > 0 {
		ms, err := strconv.ParseInt(r.URL.Query().Get("timestamp"), 10, 64)
		if err != nil {
			return nil, httpx.Reject(http.StatusBadRequest, "timestamp is not a number", nil)
		}
		if d := h.settings.Now().Sub(time.UnixMilli(ms)).Abs(); d > h.window {
			return nil, httpx.Reject(http.StatusBadRequest, "timestamp outside the replay window", nil)
		}
	}
	return h.crypto.validate(w, r, h.settings.MaxBody)
}

// parse decodes the plaintext. A known type whose payload did not decode
// still reaches the Router, as *event.Unknown with Err set; only input that
// is no event at all is rejected.
func (h *Handler) parse(r *http.Request, plain []byte) (event.Event, *httpx.RequestError) {
	ev, err := event.Parse(plain)
	if err == nil {
		return ev, nil
	}
	u, ok := event.AsUnknown(err)
	if !ok {
		return nil, httpx.Reject(http.StatusBadRequest, "invalid event payload", err)
	}
	h.settings.Log.WarnContext(r.Context(), "dingcallback: event payload did not decode; dispatching it as *event.Unknown",
		"event_type", u.EventType, "event_id", u.EventID, "error", err)
	return u, nil
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

// ValidateRequest verifies and decrypts a DingTalk callback request, for
// users of other routers (gin, echo, chi) or of queues (verify now, parse
// later): it checks that the request is a POST, reads the body (at most
// DefaultMaxBodySize bytes), checks the signature, decrypts and checks the
// owner key, and returns the plaintext JSON for event.Parse. It does not
// answer the request: reply with Encrypt.
//
// Its errors match, through errors.Is, the sentinels of Decrypt
// (ErrSignatureMismatch, ErrOwnerMismatch, …) and ErrMissingParams,
// ErrBadBody; errors.As finds *http.MaxBytesError for a body over the
// limit. The Handler answers them 403 (signature, owner), 413 (size), 405
// (method) and 400.
func (c *Crypto) ValidateRequest(r *http.Request) ([]byte, error) {
	plain, rerr := c.validate(nil, r, DefaultMaxBodySize)
	if rerr != nil {
		return nil, rerr
	}
	return plain, nil
}

// validate is ValidateRequest with the handler's body limit and writer.
func (c *Crypto) validate(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *httpx.RequestError) {
	if rerr := httpx.CheckPost(w, r); rerr != nil {
		return nil, rerr
	}
	q := r.URL.Query()
	sig := q.Get("msg_signature")
	if sig == "" {
		sig = q.Get("signature")
	}
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if sig == "" || ts == "" || nonce == "" {
		return nil, httpx.Reject(http.StatusBadRequest, "missing msg_signature, timestamp or nonce", ErrMissingParams)
	}
	body, rerr := httpx.ReadLimited(w, r, limit)
	if rerr != nil {
		return nil, rerr
	}
	encrypt, err := encryptField(body)
	if err != nil {
		return nil, httpx.Reject(http.StatusBadRequest, `body is not {"encrypt":"…"} JSON`, fmt.Errorf("%w: %w", ErrBadBody, err))
	}
	if len(encrypt) == 0 {
		return nil, httpx.Reject(http.StatusBadRequest, "empty encrypt", ErrBadBody)
	}
	plain, err := c.decrypt(sig, ts, nonce, encrypt)
	switch {
	case err == nil:
		return plain, nil
	case errors.Is(err, ErrSignatureMismatch), errors.Is(err, ErrOwnerMismatch):
		return nil, httpx.Reject(http.StatusForbidden, err.Error(), err)
	default:
		return nil, httpx.Reject(http.StatusBadRequest, err.Error(), err)
	}
}

// reply answers the encrypted msg.
func (h *Handler) reply(w http.ResponseWriter, r *http.Request, msg []byte) {
	reply, err := h.crypto.Encrypt(msg, strconv.FormatInt(h.settings.Now().UnixMilli(), 10), "")
	if err != nil {
		h.settings.Log.ErrorContext(r.Context(), "dingcallback: encrypting the reply failed", "error", err)
		h.reject(w, r, httpx.Reject(http.StatusInternalServerError, "encrypting the reply failed", nil))
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

// reject answers a short JSON error, without "success", and logs requests
// rejected before dispatch (4xx; 409 is logged by the dispatcher).
func (h *Handler) reject(w http.ResponseWriter, r *http.Request, e *httpx.RequestError) {
	if e.Status < http.StatusInternalServerError && e.Status != http.StatusConflict {
		h.settings.LogRejected(r, "dingcallback", e)
	}
	httpx.WriteJSON(w, e.Status, map[string]string{"error": e.Reason})
}
