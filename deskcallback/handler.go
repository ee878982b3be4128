package deskcallback

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/internal/httpx"
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
	CodeHandlerFailed    = 500 // the handler returned an error or panicked
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
	routes   map[string]route
}

// route handles one command's body and returns the reply's extra fields.
// A body that does not parse is a *badBody, told apart from the errors the
// user's handler returns.
type route func(ctx context.Context, q *Query, body []byte) (any, error)

// badBody is a callback body that did not parse.
type badBody struct{ err error }

func (b *badBody) Error() string { return b.err.Error() }
func (b *badBody) Unwrap() error { return b.err }

// New returns a Handler for cfg.
func New(cfg Config, opts ...Option) (*Handler, error) {
	h := &Handler{cfg: cfg, settings: httpx.DefaultSettings(), window: DefaultSignatureWindow}
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
		h.routes[CommandSessionEventNotify] = func(ctx context.Context, q *Query, body []byte) (any, error) {
			ev, err := ParseSessionEvent(body)
			if err != nil {
				return nil, &badBody{err}
			}
			return nil, fn(ctx, q, ev)
		}
	}
	if fn := cfg.OnAssignHuman; fn != nil {
		h.routes[CommandOnAssignHuman] = resultRoute(ParseAssignHuman, fn)
	}
	if fn := cfg.OnInterfaceInvocation; fn != nil {
		h.routes[CommandInterfaceInvocation] = resultRoute(ParseInterfaceInvocation, fn)
	}
	if len(h.routes) == 0 {
		return nil, errors.New("deskcallback: Config sets no handler")
	}
	h.settings.Log = httpx.Logger(h.settings.Log)
	return h, nil
}

// resultRoute adapts a handler that answers a result (merged into the
// reply) to a route. A nil result adds nothing to the reply.
func resultRoute[Req, Res any](parse func([]byte) (*Req, error),
	fn func(context.Context, *Query, *Req) (*Res, error)) route {
	return func(ctx context.Context, q *Query, body []byte) (any, error) {
		req, err := parse(body)
		if err != nil {
			return nil, &badBody{err}
		}
		res, err := fn(ctx, q, req)
		if res == nil {
			return nil, err
		}
		return res, err
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

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.fail(w, r, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method not allowed", nil)
		return
	}
	values := r.URL.Query()
	q := &Query{
		SdkAppID:        values.Get("SdkAppid"),
		CallbackCommand: values.Get("CallbackCommand"),
		ClientIP:        values.Get("ClientIP"),
		OptPlatform:     values.Get("OptPlatform"),
		Values:          values,
	}
	if q.SdkAppID != h.cfg.SdkAppID {
		h.fail(w, r, http.StatusForbidden, CodeForbidden, "SdkAppid does not match", nil)
		return
	}
	// New ensures a Token unless WithoutSignature was chosen.
	if h.cfg.Token != "" {
		if err := verifySignature(h.cfg.Token, values.Get("RequestTime"), values.Get("Sign"), h.settings.Now(), h.window); err != nil {
			h.fail(w, r, http.StatusForbidden, CodeForbidden, err.Error(), nil)
			return
		}
	}
	if rt := values.Get("RequestTime"); rt != "" {
		sec, err := strconv.ParseInt(rt, 10, 64)
		if err != nil {
			h.fail(w, r, http.StatusBadRequest, CodeBadRequest, ErrBadRequestTime.Error(), nil)
			return
		}
		q.RequestTime = time.Unix(sec, 0)
	}
	body, err := httpx.ReadBody(w, r, h.settings.MaxBody)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, CodeTooLarge, "body too large", nil)
			return
		}
		h.fail(w, r, http.StatusBadRequest, CodeBadRequest, "reading body failed", err)
		return
	}
	rt, ok := h.routes[q.CallbackCommand]
	if !ok {
		h.fail(w, r, http.StatusOK, CodeUnknownCommand, fmt.Sprintf("unknown CallbackCommand %q", q.CallbackCommand), nil)
		return
	}
	extra, err := h.run(r.Context(), rt, q, body)
	var bad *badBody
	var re *ReplyError
	switch {
	case err == nil:
	case errors.As(err, &bad):
		h.fail(w, r, http.StatusBadRequest, CodeBadRequest, bad.Error(), nil)
		return
	case errors.As(err, &re):
		h.settings.Log.WarnContext(r.Context(), "deskcallback: handler answered FAIL", "command", q.CallbackCommand, "code", re.Code, "info", re.Info)
		h.fail(w, r, http.StatusOK, re.Code, re.Info, nil)
		return
	default:
		h.settings.Log.ErrorContext(r.Context(), "deskcallback: handler failed", "command", q.CallbackCommand, "error", err)
		h.fail(w, r, http.StatusOK, CodeHandlerFailed, "handler failed", nil)
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

// run calls a route, recovering a panic into an error.
func (h *Handler) run(ctx context.Context, rt route, q *Query, body []byte) (extra any, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.settings.Log.ErrorContext(ctx, "deskcallback: handler panicked", "command", q.CallbackCommand, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			extra, err = nil, fmt.Errorf("deskcallback: handler panicked: %v", p)
		}
	}()
	return rt(ctx, q, body)
}

// fail replies ActionStatus FAIL and logs rejected requests.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status, code int, info string, err error) {
	if status != http.StatusOK {
		attrs := []any{"status", status, "reason", info, "remote", r.RemoteAddr}
		if err != nil {
			attrs = append(attrs, "error", err)
		}
		h.settings.Log.WarnContext(r.Context(), "deskcallback: request rejected", attrs...)
	}
	httpx.WriteJSON(w, status, reply{ActionStatus: "FAIL", ErrorInfo: info, ErrorCode: code})
}
