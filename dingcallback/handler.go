package dingcallback

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/observe"
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
//   - 409, no "success": the same event is in flight (WithDeduplicator).
//   - 4xx with a short JSON error: the request was forged or malformed
//     (405 not POST, 413 body too large, 403 bad signature or owner, 400 the
//     rest); nothing was dispatched.
type Handler struct {
	v       Validator
	router  *event.Router
	log     *slog.Logger
	deliver deliver.Dispatcher
}

// New returns a Handler for the subscription c, dispatching on r.
func New(c *Crypto, r *event.Router, opts ...Option) (*Handler, error) {
	if c == nil {
		return nil, errors.New("dingcallback: New: nil *Crypto")
	}
	if r == nil {
		return nil, errors.New("dingcallback: New: nil *event.Router")
	}
	cfg := newConfig(c, false)
	if err := cfg.apply(opts); err != nil {
		return nil, err
	}
	h := &Handler{v: cfg.v, router: r, log: httpx.Logger(cfg.log), deliver: cfg.deliver}
	h.deliver.Component, h.deliver.Log = pkg, h.log
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

// Validator returns the Handler's verify stage, with its options, for
// requests that arrive another way.
func (h *Handler) Validator() *Validator { v := h.v; return &v }

// ServeHTTP implements http.Handler. Every receiver has the same stages:
// verify, parse, dispatch, then reply or reject.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	plain, rerr := h.v.validate(w, r)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	ev, rerr := h.parse(r, plain)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	if answer, ok := handshake(ev); ok {
		h.reply(w, r, answer)
		return
	}
	outcome, err := h.dispatch(r.Context(), ev, plain)
	hd := ev.EventHeader()
	v := h.deliver.Report(r.Context(), outcome, err,
		slog.String("event_type", string(hd.EventType)), slog.String("event_id", hd.EventID))
	switch {
	case v.Ack:
		h.reply(w, r, success)
	case outcome == deliver.InFlight:
		h.reject(w, r, httpx.Reject(pkg, http.StatusConflict, "event already in flight", nil))
	default:
		h.reject(w, r, httpx.Reject(pkg, http.StatusInternalServerError, "event handler failed", nil))
	}
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
		return nil, httpx.Reject(pkg, http.StatusBadRequest, "invalid event payload", err)
	}
	h.log.WarnContext(r.Context(), "dingcallback: event payload did not decode; dispatching it as *event.Unknown",
		"event_type", u.EventType, "event_id", u.EventID, "error", err)
	return u, nil
}

// dispatch runs the Router through the shared dispatch stage.
func (h *Handler) dispatch(ctx context.Context, ev event.Event, plain []byte) (deliver.Outcome, error) {
	hd := ev.EventHeader()
	key := deliver.EventKey(hd.EventID, string(hd.EventType), hd.BizID, plain)
	return h.deliver.Deliver(ctx, observe.Delivery{Type: string(hd.EventType), ID: hd.EventID}, key, func(ctx context.Context) error {
		if h.log.Enabled(ctx, slog.LevelDebug) && !h.router.Handles(ev) {
			h.log.DebugContext(ctx, "dingcallback: no handler for the event",
				"event_type", hd.EventType, "event_id", hd.EventID)
		}
		return h.router.Dispatch(ctx, ev)
	})
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

// reply answers the encrypted msg.
func (h *Handler) reply(w http.ResponseWriter, r *http.Request, msg []byte) {
	reply, err := h.v.c.Encrypt(msg, strconv.FormatInt(h.v.now().UnixMilli(), 10), "")
	if err != nil {
		h.log.ErrorContext(r.Context(), "dingcallback: encrypting the reply failed", "error", err)
		h.reject(w, r, httpx.Reject(pkg, http.StatusInternalServerError, "encrypting the reply failed", nil))
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
// rejected before dispatch (4xx; the dispatch stage reports its own).
func (h *Handler) reject(w http.ResponseWriter, r *http.Request, e *httpx.RequestError) {
	if e.Status < http.StatusInternalServerError && e.Status != http.StatusConflict {
		httpx.LogRejected(h.log, r, e)
	}
	httpx.WriteJSON(w, e.Status, map[string]string{"error": e.Reason})
}
