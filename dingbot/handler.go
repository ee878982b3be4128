package dingbot

import (
	"context"
	"crypto/hmac"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/robotsign"
	"github.com/kefu-go/kefu/observe"
)

const pkg = "dingbot"

// Errors of the signature check of NewHandler.
var (
	// ErrMissingSignature: no timestamp or sign header.
	ErrMissingSignature = errors.New("dingbot: missing timestamp or sign header")
	// ErrStaleTimestamp: the timestamp is not a number, or is more than an
	// hour from now.
	ErrStaleTimestamp = errors.New("dingbot: timestamp outside the hour DingTalk allows")
	// ErrSignatureMismatch: sign is not Base64(HMAC-SHA256(appSecret,
	// timestamp+"\n"+appSecret)).
	ErrSignatureMismatch = errors.New("dingbot: signature mismatch")
)

// Sign is the sign header DingTalk sends with a robot message pushed over
// HTTP: Base64 of HMAC-SHA256 keyed with the app secret over the timestamp
// (milliseconds), a newline and the app secret
// (https://open.dingtalk.com/document/orgapp/receive-message).
func Sign(appSecret, timestamp string) string { return robotsign.Sign(appSecret, timestamp) }

// handler is the http.Handler of NewHandler.
type handler struct {
	secret  string
	fn      func(context.Context, *Message) error
	log     *slog.Logger
	maxBody int64
	now     func() time.Time
	deliver deliver.Dispatcher
}

// NewHandler returns the http.Handler for robot messages DingTalk pushes to
// the robot's message URL (HTTP mode): it checks the timestamp and sign
// headers (in constant time; more than an hour from now is refused), reads
// the size-limited body, parses the message and runs fn through the
// receivers' dispatch stage — once per msgId WithDeduplicator, with panic
// recovery and WithHandlerTimeout.
//
// Replies: 200 with an empty body when fn returned nil (or the message was
// a duplicate already handled); 500 when fn failed, panicked or timed out;
// 409 while the same message is handled elsewhere; 4xx, reaching no
// handler, for a forged or malformed push (403 signature, 413 size, 400
// the rest). Reply to the customer through a Sender, not in the answer.
func NewHandler(appSecret string, fn func(ctx context.Context, m *Message) error, opts ...Option) (http.Handler, error) {
	switch {
	case appSecret == "":
		return nil, errors.New("dingbot: NewHandler: empty app secret")
	case fn == nil:
		return nil, errors.New("dingbot: NewHandler: nil handler")
	}
	cfg := newConfig(forHandler)
	if err := cfg.apply(opts); err != nil {
		return nil, err
	}
	h := &handler{secret: appSecret, fn: fn, log: httpx.Logger(cfg.log), maxBody: cfg.maxBody, now: cfg.now, deliver: cfg.deliver}
	h.deliver.Component, h.deliver.Log = pkg, h.log
	return h, nil
}

// ServeHTTP implements http.Handler: verify, parse, dispatch, reply.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, rerr := h.verify(w, r)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	m, err := ParseMessage(body)
	if err != nil {
		h.reject(w, r, httpx.Reject(pkg, http.StatusBadRequest, "invalid message", err))
		return
	}
	about := observe.Delivery{Type: m.MsgType, ID: m.MsgID}
	outcome, err := h.deliver.Deliver(r.Context(), about, func() string { return MessageKey(m) },
		func(ctx context.Context) error { return h.fn(ctx, m) })
	v := h.deliver.Report(r.Context(), outcome, err, slog.String("msg_id", m.MsgID), slog.String("msgtype", m.MsgType))
	switch {
	case v.Ack:
		w.WriteHeader(http.StatusOK)
	case outcome == deliver.InFlight:
		httpx.WriteJSON(w, http.StatusConflict, map[string]string{"error": "message already in flight"})
	default:
		httpx.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": "message handler failed"})
	}
}

// verify checks the method, the signature headers and reads the body.
func (h *handler) verify(w http.ResponseWriter, r *http.Request) ([]byte, *httpx.RequestError) {
	if rerr := httpx.CheckPost(pkg, w, r); rerr != nil {
		return nil, rerr
	}
	ts, sign := r.Header.Get("timestamp"), r.Header.Get("sign")
	if ts == "" || sign == "" {
		return nil, httpx.Reject(pkg, http.StatusForbidden, ErrMissingSignature.Error(), ErrMissingSignature)
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || h.now().Sub(time.UnixMilli(ms)).Abs() > SignatureWindow {
		return nil, httpx.Reject(pkg, http.StatusForbidden, ErrStaleTimestamp.Error(), ErrStaleTimestamp)
	}
	if !hmac.Equal([]byte(Sign(h.secret, ts)), []byte(sign)) {
		return nil, httpx.Reject(pkg, http.StatusForbidden, ErrSignatureMismatch.Error(), ErrSignatureMismatch)
	}
	return httpx.ReadLimited(pkg, w, r, h.maxBody)
}

func (h *handler) reject(w http.ResponseWriter, r *http.Request, e *httpx.RequestError) {
	httpx.LogRejected(h.log, r, e)
	httpx.WriteJSON(w, e.Status, map[string]string{"error": e.Reason})
}

// MessageKey is the de-duplication key of a robot message: its msgId, the
// key dingstream uses for the Stream topic, so one store covers both.
func MessageKey(m *Message) string {
	if m.MsgID != "" {
		return "robot:" + m.MsgID
	}
	return deliver.HashKey("robot-sha256:", m.Raw)
}
