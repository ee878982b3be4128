package deskcallback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/observe"
)

// ErrorCode values of FAIL replies. They follow HTTP status numbers so that
// Tencent's callback logs read plainly.
const (
	CodeOK               = 0
	CodeBadRequest       = 400 // malformed query or body
	CodeForbidden        = 403 // wrong SdkAppid or bad Sign
	CodeUnknownCommand   = 404 // a CallbackCommand with no handler
	CodeMethodNotAllowed = 405 // not POST
	CodeTooLarge         = 413 // body over the limit
	CodeInFlight         = 409 // the same callback is being handled (WithDeduplicator)
	CodeHandlerFailed    = 500 // the handler returned an error, panicked or timed out
)

// Query is the query string of a callback: who sent it and how. Handlers
// receive it with the decoded body.
type Query struct {
	SdkAppID        string
	CallbackCommand string
	ClientIP        string
	// OptPlatform is RESTAPI, Web, Android, iOS (one callback sends IOS),
	// Windows, Mac, iPad or Unknown.
	OptPlatform string
	// RequestTime is when Tencent signed the request; zero without callback
	// authentication.
	RequestTime time.Time
	// RequestID identifies the callback request; Tencent sends the same
	// one again when it retries a callback, for de-duplication
	// (https://cloud.tencent.com/document/product/269/111212). Empty from
	// senders that do not set it.
	RequestID string
	// Values holds every query parameter, for those not named above.
	Values url.Values
}

// Config configures a Handler. SdkAppID and at least one handler are
// required; so is Token, unless the handler is built WithoutSignature.
type Config struct {
	// SdkAppID is the application's SDKAppID; requests for any other are
	// rejected.
	SdkAppID string
	// Token is the callback authentication token (回调鉴权 Token). When set,
	// every request must carry a valid Sign and RequestTime.
	Token string

	// OnSessionEvent handles Desk.SessionEventNotify.
	OnSessionEvent func(ctx context.Context, q *Query, ev *SessionEvent) error
	// OnAssignHuman handles ChatBot.OnAssignHuman; a nil result lets Desk
	// choose the agent.
	OnAssignHuman func(ctx context.Context, q *Query, req *AssignHumanRequest) (*AssignHumanResult, error)
	// OnInterfaceInvocation handles Chatbot.InterfaceInvocation; a nil result
	// sets no variables.
	OnInterfaceInvocation func(ctx context.Context, q *Query, req *InterfaceInvocationRequest) (*InterfaceInvocationResult, error)
}

// Handler is the http.Handler for Tencent Cloud IM Desk callbacks. It reads
// the size-limited body, checks SdkAppid and the signature, routes on
// CallbackCommand to the configured handler and answers
// {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}, or ActionStatus FAIL
// with a non-zero ErrorCode.
//
// Tencent documents no redelivery: the handler runs before the reply, so an
// error it returns reaches Tencent as FAIL, but an event accepted with OK and
// then lost is lost for good. Hand events to a durable queue before
// returning nil.
//
// Replies: 200 with OK or, when the handler fails or the command is unknown,
// FAIL; 405, 413, 400 (malformed) or 403 (wrong SdkAppid or Sign) with FAIL
// for requests that reach no handler.
type Handler struct {
	cfg      Config
	settings httpx.Settings
	window   time.Duration
	skipSign bool
	deliver  deliver.Dispatcher
	routes   map[string]route
}

// route parses one command's body and returns the call of the user's
// handler, which answers the reply's extra fields.
type route func(body []byte) (call, error)

// call runs the user's handler for a parsed body.
type call func(ctx context.Context, q *Query) (any, error)

// New returns a Handler for cfg.
func New(cfg Config, opts ...Option) (*Handler, error) {
	h := &Handler{cfg: cfg, settings: httpx.DefaultSettings(DefaultMaxBodySize), window: DefaultSignatureWindow}
	for _, opt := range opts {
		if err := opt(h); err != nil {
			return nil, err
		}
	}
	if cfg.SdkAppID == "" {
		return nil, errors.New("deskcallback: Config.SdkAppID is empty")
	}
	if cfg.Token == "" && !h.skipSign {
		return nil, errors.New("deskcallback: Config.Token is empty; set it, or build the handler WithoutSignature() to accept unsigned callbacks")
	}
	h.routes = map[string]route{}
	if fn := cfg.OnSessionEvent; fn != nil {
		h.routes[CommandSessionEventNotify] = func(body []byte) (call, error) {
			ev, err := ParseSessionEvent(body)
			if err != nil {
				return nil, err
			}
			return func(ctx context.Context, q *Query) (any, error) { return nil, fn(ctx, q, ev) }, nil
		}
	}
	if fn := cfg.OnAssignHuman; fn != nil {
		h.routes[CommandOnAssignHuman] = resultRoute(ParseAssignHuman, fn)
		h.routes[CommandOnAssignAgent] = h.routes[CommandOnAssignHuman]
	}
	if fn := cfg.OnInterfaceInvocation; fn != nil {
		h.routes[CommandInterfaceInvocation] = resultRoute(ParseInterfaceInvocation, fn)
	}
	if len(h.routes) == 0 {
		return nil, errors.New("deskcallback: Config sets no handler")
	}
	h.settings.Log = httpx.Logger(h.settings.Log)
	h.deliver.Component, h.deliver.Log = "deskcallback", h.settings.Log
	return h, nil
}

// resultRoute adapts a handler that answers a result (merged into the
// reply) to a route. A nil result adds nothing to the reply.
func resultRoute[Req, Res any](parse func([]byte) (*Req, error),
	fn func(context.Context, *Query, *Req) (*Res, error)) route {
	return func(body []byte) (call, error) {
		req, err := parse(body)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, q *Query) (any, error) {
			res, err := fn(ctx, q, req)
			if res == nil {
				return nil, err
			}
			return res, err
		}, nil
	}
}

// NewHandler is New for use at start-up: it panics if the configuration or
// an option is invalid, like regexp.MustCompile.
func NewHandler(cfg Config, opts ...Option) http.Handler {
	h, err := New(cfg, opts...)
	if err != nil {
		panic(err)
	}
	return h
}

// reply is the answer Tencent expects, with the extra fields of the
// sibling callbacks.
type reply struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorInfo    string `json:"ErrorInfo"`
	ErrorCode    int    `json:"ErrorCode"`
	*AssignHumanResult
	*InterfaceInvocationResult
}

// ServeHTTP implements http.Handler. Every receiver has the same stages:
// verify, parse, dispatch, then reply or reject.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := h.cfg.Token // New ensures one unless WithoutSignature was chosen
	values, body, rerr := validate(w, r, h.cfg.SdkAppID, token, h.settings.Now(), h.window, h.settings.MaxBody)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	q, handle, rerr := h.parse(values, body)
	if rerr != nil {
		h.reject(w, r, rerr)
		return
	}
	extra, outcome, err := h.dispatch(r.Context(), q, handle, body)
	v := h.deliver.Report(r.Context(), outcome, err, slog.String("command", q.CallbackCommand))
	var re *ReplyError
	switch {
	case v.Ack:
		h.reply(w, extra)
	case outcome == deliver.InFlight:
		h.fail(w, http.StatusOK, CodeInFlight, "the same callback is being handled")
	case errors.As(err, &re):
		h.fail(w, http.StatusOK, re.Code, re.Info)
	default:
		h.fail(w, http.StatusOK, CodeHandlerFailed, "handler failed")
	}
}

// dispatch runs the handler through the shared dispatch stage and returns
// what it answered for the reply.
func (h *Handler) dispatch(ctx context.Context, q *Query, handle call, body []byte) (any, deliver.Outcome, error) {
	// The body identifies a callback: Tencent signs the query, which a
	// second send changes.
	key := func() string { return deliver.HashKey("desk:"+q.CallbackCommand+":", body) }
	about := observe.Delivery{Type: q.CallbackCommand, ID: q.RequestID}
	return deliver.Call(ctx, &h.deliver, about, key, func(ctx context.Context) (any, error) { return handle(ctx, q) })
}

// ValidateRequest checks a Desk callback request for users of other routers
// (gin, echo, chi) or of queues: that it is a POST for sdkAppID, signed with
// token within DefaultSignatureWindow of now, and returns its body (at most
// DefaultMaxBodySize bytes) for ParseSessionEvent and its siblings. An empty
// token skips the signature check, as WithoutSignature does. It does not
// answer the request.
//
// Its errors match, through errors.Is, ErrWrongSdkAppID and the errors of
// VerifySignature (ErrMissingSignature, ErrSignatureMismatch, …);
// errors.As finds *http.MaxBytesError for a body over the limit. Each has a
// StatusCode method, the status the Handler answers (405 not POST, 413 too
// large, 403 SdkAppid or Sign, 400 the rest), reachable with errors.As:
//
//	var sc interface{ StatusCode() int }
//	if errors.As(err, &sc) {
//		c.AbortWithStatus(sc.StatusCode())
//	}
//
// Sign covers only the token and RequestTime, not the body: see the package
// doc.
func ValidateRequest(r *http.Request, sdkAppID, token string) ([]byte, error) {
	_, body, rerr := validate(nil, r, sdkAppID, token, time.Now(), DefaultSignatureWindow, DefaultMaxBodySize)
	if rerr != nil {
		return nil, rerr
	}
	return body, nil
}

const pkg = "deskcallback"

// validate is ValidateRequest with the handler's settings and writer; it
// returns the query it parsed, for the parse stage.
func validate(w http.ResponseWriter, r *http.Request, sdkAppID, token string, now time.Time,
	window time.Duration, limit int64) (url.Values, []byte, *httpx.RequestError) {
	if rerr := httpx.CheckPost(pkg, w, r); rerr != nil {
		return nil, nil, rerr
	}
	values := r.URL.Query()
	if values.Get("SdkAppid") != sdkAppID {
		return nil, nil, httpx.Reject(pkg, http.StatusForbidden, "SdkAppid does not match", ErrWrongSdkAppID)
	}
	if token != "" {
		if err := verifySignature(token, values.Get("RequestTime"), values.Get("Sign"), now, window); err != nil {
			return nil, nil, httpx.Reject(pkg, http.StatusForbidden, err.Error(), err)
		}
	} else if rt := values.Get("RequestTime"); rt != "" {
		if _, err := strconv.ParseInt(rt, 10, 64); err != nil {
			return nil, nil, httpx.Reject(pkg, http.StatusBadRequest, ErrBadRequestTime.Error(), ErrBadRequestTime)
		}
	}
	body, rerr := httpx.ReadLimited(pkg, w, r, limit)
	return values, body, rerr
}

// parse reads the query and parses the body for its command.
func (h *Handler) parse(values url.Values, body []byte) (*Query, call, *httpx.RequestError) {
	q := &Query{
		SdkAppID:        values.Get("SdkAppid"),
		CallbackCommand: values.Get("CallbackCommand"),
		ClientIP:        values.Get("ClientIP"),
		OptPlatform:     values.Get("OptPlatform"),
		RequestID:       values.Get("RequestID"),
		Values:          values,
	}
	if sec, err := strconv.ParseInt(values.Get("RequestTime"), 10, 64); err == nil {
		q.RequestTime = time.Unix(sec, 0)
	}
	rt, ok := h.routes[q.CallbackCommand]
	if !ok {
		// Answered 200 FAIL: the request is genuine, the command not handled here.
		return nil, nil, httpx.Reject(pkg, http.StatusOK, fmt.Sprintf("unknown CallbackCommand %q", q.CallbackCommand), ErrUnknownCommand)
	}
	handle, err := rt(body)
	if err != nil {
		return nil, nil, httpx.Reject(pkg, http.StatusBadRequest, err.Error(), err)
	}
	return q, handle, nil
}

// replyOK is the answer without extra fields.
var replyOK = []byte(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`)

// reply answers OK with the handler's extra fields.
func (h *Handler) reply(w http.ResponseWriter, extra any) {
	if extra == nil {
		httpx.WriteBody(w, http.StatusOK, replyOK)
		return
	}
	out := reply{ActionStatus: "OK"}
	switch v := extra.(type) {
	case *AssignHumanResult:
		out.AssignHumanResult = v
	case *InterfaceInvocationResult:
		out.InterfaceInvocationResult = v
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// reject answers FAIL for a request that reached no handler, and logs the
// ones that were not genuine. A genuine request for a command with no
// handler is answered 200 FAIL CodeUnknownCommand, without a log line.
func (h *Handler) reject(w http.ResponseWriter, r *http.Request, e *httpx.RequestError) {
	if errors.Is(e.Err, ErrUnknownCommand) {
		h.fail(w, e.Status, CodeUnknownCommand, e.Reason)
		return
	}
	httpx.LogRejected(h.settings.Log, r, e)
	h.fail(w, e.Status, e.Status, e.Reason)
}

// fail answers ActionStatus FAIL.
func (h *Handler) fail(w http.ResponseWriter, status, code int, info string) {
	httpx.WriteJSON(w, status, reply{ActionStatus: "FAIL", ErrorInfo: info, ErrorCode: code})
}
