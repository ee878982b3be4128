package dingbot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/internal/redact"
	"github.com/kefu-go/kefu/internal/version"
	"github.com/kefu-go/kefu/observe"
)

// The robot APIs of the Sender, under its base URL.
const (
	// PathSendToUsers sends to users one by one (at most MaxUsersPerSend
	// per call): https://open.dingtalk.com/document/development/chatbots-send-one-on-one-chat-messages-in-batches
	PathSendToUsers = "/v1.0/robot/oToMessages/batchSend"
	// PathSendToGroup sends to a group: https://open.dingtalk.com/document/development/the-robot-sends-a-group-message
	PathSendToGroup = "/v1.0/robot/groupMessages/send"
	// PathDownload turns a message's downloadCode into a URL:
	// https://open.dingtalk.com/document/development/download-the-file-content-of-the-robot-receiving-message
	PathDownload = "/v1.0/robot/messageFiles/download"
)

// MaxUsersPerSend is how many users one batchSend call takes.
const MaxUsersPerSend = 20

// maxAnswer bounds every answer the Sender reads.
const maxAnswer = 1 << 20

// Reply is a message the robot sends: Text or Markdown. It is written as
// the webhook's body ({"msgtype":"text","text":{…}}) or as the send APIs'
// message template (msgKey sampleText, msgParam "{\"content\":…}").
type Reply struct {
	msgType string
	body    map[string]string
	msgKey  string
}

// Text is a text message.
func Text(content string) Reply {
	return Reply{msgType: "text", body: map[string]string{"content": content}, msgKey: "sampleText"}
}

// Markdown is a markdown message with its title (what notifications show).
func Markdown(title, text string) Reply {
	return Reply{msgType: "markdown", body: map[string]string{"title": title, "text": text}, msgKey: "sampleMarkdown"}
}

// Errors of the Sender.
var (
	// ErrUntrustedWebhook: a message's sessionWebhook is not on DingTalk's
	// host (WebhookOrigin) or the WithBaseURL's: it is never dialled, and
	// no proactive send replaces it, so a forged message cannot turn the
	// service into a proxy.
	ErrUntrustedWebhook = errors.New("dingbot: the message's sessionWebhook is not DingTalk's")
	// ErrEmptyReply: the Reply is the zero value.
	ErrEmptyReply = errors.New("dingbot: empty reply; use Text or Markdown")
)

// APIError is DingTalk's refusal of a robot call: the OpenAPI's
// {"code":"…","message":"…","requestid":"…"} with an HTTP status, or the
// webhook's {"errcode":…,"errmsg":"…"}. No access token or webhook session
// is in any of its fields.
type APIError struct {
	// API is the call: "webhook", "batchSend", "groupSend" or "download".
	API string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code and Message are the OpenAPI's; ErrCode the webhook's.
	Code    string
	Message string
	ErrCode int
	// RequestID is DingTalk's, for its support.
	RequestID string
}

// Error implements error.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("dingbot: %s: HTTP %d", e.API, e.StatusCode)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.ErrCode != 0 {
		msg += fmt.Sprintf(" errcode %d", e.ErrCode)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Retryable reports whether the same call may succeed later: 5xx, 429,
// a throttling code, or the webhook's errcode -1 (busy).
func (e *APIError) Retryable() bool {
	return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests ||
		strings.Contains(e.Code, "Throttling") || e.ErrCode == -1
}

// SessionGone reports whether the webhook answered that the session is gone
// (errcode 300001): the reply goes through the send APIs instead.
func (e *APIError) SessionGone() bool { return e.ErrCode == 300001 }

// SendError is a send DingTalk accepted for some users only: those it calls
// invalid (not in the organisation, not reachable by the robot) and those
// flow-controlled (sent too often; try later).
type SendError struct {
	InvalidUserIDs        []string
	FlowControlledUserIDs []string
}

// Error implements error.
func (e *SendError) Error() string {
	var parts []string
	if len(e.InvalidUserIDs) > 0 {
		parts = append(parts, "invalid users "+strings.Join(e.InvalidUserIDs, ","))
	}
	if len(e.FlowControlledUserIDs) > 0 {
		parts = append(parts, "flow-controlled users "+strings.Join(e.FlowControlledUserIDs, ","))
	}
	return "dingbot: batchSend: " + strings.Join(parts, "; ")
}

// Sender sends as the robot: replies through a message's sessionWebhook
// while it is valid, the send APIs otherwise, and media downloads. It is
// safe for concurrent use.
type Sender struct {
	robotCode string
	tokens    kefu.TokenSource
	baseURL   string
	origins   []string // trusted webhook origins
	hc        *http.Client
	log       *slog.Logger
	now       func() time.Time
	observer  observe.Observer
}

// NewSender returns a Sender for the robot robotCode, with the app's access
// tokens from tokens (a kefu.Client's TokenSource, say). Options:
// WithBaseURL, WithHTTPClient, WithLogger, WithClock, WithObserver.
func NewSender(robotCode string, tokens kefu.TokenSource, opts ...Option) (*Sender, error) {
	switch {
	case robotCode == "":
		return nil, errors.New("dingbot: NewSender: empty robot code")
	case tokens == nil:
		return nil, errors.New("dingbot: NewSender: nil token source")
	}
	cfg := newConfig(forSender)
	if err := cfg.apply(opts); err != nil {
		return nil, err
	}
	base := strings.TrimRight(cfg.baseURL, "/")
	return &Sender{robotCode: robotCode, tokens: tokens, baseURL: base, origins: []string{WebhookOrigin, origin(base)},
		hc: httpx.WithSameOriginRedirects(cfg.httpClient), log: httpx.Logger(cfg.log), now: cfg.now,
		observer: cfg.deliver.Observer}, nil
}

// origin is scheme://host[:port] of a URL, "" when it does not parse.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

// Reply answers m: through m.SessionWebhook while it is valid (no access
// token), and once it has expired or the webhook answers that the session
// is gone (errcode 300001), through the send APIs — to the group for a
// group message, to the sender for a single chat. A sessionWebhook that is
// not DingTalk's is refused with ErrUntrustedWebhook.
func (s *Sender) Reply(ctx context.Context, m *Message, r Reply) error {
	if r.msgType == "" {
		return ErrEmptyReply
	}
	if m == nil {
		return errors.New("dingbot: Reply: nil message")
	}
	if m.SessionWebhook != "" {
		if o := origin(m.SessionWebhook); o == "" || (o != s.origins[0] && o != s.origins[1]) {
			return fmt.Errorf("%w (%s)", ErrUntrustedWebhook, redact.URL(m.SessionWebhook))
		}
		if m.SessionWebhookExpiredTime == 0 || s.now().Before(m.SessionWebhookExpiredTime.Time()) {
			err := s.webhook(ctx, m.SessionWebhook, r)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !apiErr.SessionGone() {
				return err
			}
			s.log.InfoContext(ctx, "dingbot: the webhook session is gone; sending through the robot API", "msg_id", m.MsgID)
		}
	}
	if m.ConversationType == ConversationGroup {
		return s.SendToGroup(ctx, m.ConversationID, r)
	}
	if m.SenderStaffID == "" {
		return errors.New("dingbot: Reply: the webhook expired and the sender has no staff id to send to")
	}
	return s.SendToUsers(ctx, []string{m.SenderStaffID}, r)
}

// webhook posts r to a session webhook.
func (s *Sender) webhook(ctx context.Context, hook string, r Reply) error {
	body, err := json.Marshal(map[string]any{"msgtype": r.msgType, r.msgType: r.body})
	if err != nil {
		return err
	}
	return s.retry(ctx, func(attempt int) error {
		var ans struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		_, err := s.post(ctx, "webhook", hook, "", body, &ans, attempt, func(status int) error {
			if ans.ErrCode != 0 {
				return &APIError{API: "webhook", StatusCode: status, ErrCode: ans.ErrCode, Message: redact.Text(ans.ErrMsg, sessionOf(hook))}
			}
			return nil
		})
		return err
	})
}

// SendToUsers sends r to users one by one, at most MaxUsersPerSend per
// call, in as few calls as that allows. Users DingTalk refuses (invalid or
// flow-controlled) are named in a *SendError after every call was made.
func (s *Sender) SendToUsers(ctx context.Context, userIDs []string, r Reply) error {
	if r.msgType == "" {
		return ErrEmptyReply
	}
	if len(userIDs) == 0 {
		return errors.New("dingbot: SendToUsers: no user ids")
	}
	param, err := json.Marshal(r.body)
	if err != nil {
		return err
	}
	refused := &SendError{}
	for start := 0; start < len(userIDs); start += MaxUsersPerSend {
		chunk := userIDs[start:min(start+MaxUsersPerSend, len(userIDs))]
		body, err := json.Marshal(map[string]any{"robotCode": s.robotCode, "userIds": chunk, "msgKey": r.msgKey, "msgParam": string(param)})
		if err != nil {
			return err
		}
		var ans struct {
			ProcessQueryKey           string   `json:"processQueryKey"`
			InvalidStaffIDList        []string `json:"invalidStaffIdList"`
			FlowControlledStaffIDList []string `json:"flowControlledStaffIdList"`
		}
		if err := s.openAPI(ctx, "batchSend", PathSendToUsers, body, &ans); err != nil {
			return err
		}
		refused.InvalidUserIDs = append(refused.InvalidUserIDs, ans.InvalidStaffIDList...)
		refused.FlowControlledUserIDs = append(refused.FlowControlledUserIDs, ans.FlowControlledStaffIDList...)
	}
	if len(refused.InvalidUserIDs)+len(refused.FlowControlledUserIDs) > 0 {
		return refused
	}
	return nil
}

// SendToGroup sends r to a group the robot is in.
func (s *Sender) SendToGroup(ctx context.Context, openConversationID string, r Reply) error {
	if r.msgType == "" {
		return ErrEmptyReply
	}
	if openConversationID == "" {
		return errors.New("dingbot: SendToGroup: empty openConversationId")
	}
	param, err := json.Marshal(r.body)
	if err != nil {
		return err
	}
	body, err := json.Marshal(map[string]any{"robotCode": s.robotCode, "openConversationId": openConversationID,
		"msgKey": r.msgKey, "msgParam": string(param)})
	if err != nil {
		return err
	}
	return s.openAPI(ctx, "groupSend", PathSendToGroup, body, nil)
}

// DownloadURL returns the temporary URL of a message's media (a picture,
// audio, video or file, by its downloadCode).
func (s *Sender) DownloadURL(ctx context.Context, downloadCode string) (string, error) {
	if downloadCode == "" {
		return "", errors.New("dingbot: DownloadURL: empty download code")
	}
	body, err := json.Marshal(map[string]string{"downloadCode": downloadCode, "robotCode": s.robotCode})
	if err != nil {
		return "", err
	}
	var ans struct {
		DownloadURL string `json:"downloadUrl"`
	}
	if err := s.openAPI(ctx, "download", PathDownload, body, &ans); err != nil {
		return "", err
	}
	if ans.DownloadURL == "" {
		return "", &APIError{API: "download", StatusCode: http.StatusOK, Message: "no downloadUrl in the answer"}
	}
	return ans.DownloadURL, nil
}

// openAPI calls an OpenAPI robot path with the app's access token,
// refreshing a token DingTalk rejects (401) once.
func (s *Sender) openAPI(ctx context.Context, api, path string, body []byte, ans any) error {
	refreshed := false
	return s.retry(ctx, func(attempt int) error {
		for {
			token, err := s.tokens.Token(ctx)
			if err != nil {
				return fmt.Errorf("dingbot: %s: the access token: %w", api, err)
			}
			_, err = s.post(ctx, api, s.baseURL+path, token, body, ans, attempt, nil)
			var apiErr *APIError
			if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized && !refreshed {
				refreshed = true
				if inv, ok := s.tokens.(kefu.TokenInvalidator); ok {
					inv.InvalidateToken(token)
				}
				continue
			}
			return err
		}
	})
}

// post sends the attempt-th request, observed, decodes its JSON answer
// into ans and, when check is not nil, checks the decoded answer.
func (s *Sender) post(ctx context.Context, api, target, token string, body []byte, ans any, attempt int,
	check func(status int) error) (int, error) {
	ctx, obs := observed.StartCallURL(ctx, s.observer, http.MethodPost, target, attempt)
	status, err := s.send(ctx, api, target, token, body, ans)
	if err == nil && check != nil {
		err = check(status)
	}
	code := ""
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		code = apiErr.Code
		if code == "" && apiErr.ErrCode != 0 {
			code = strconv.Itoa(apiErr.ErrCode)
		}
	}
	obs.End(status, code, err)
	return status, err
}

// send sends one request and decodes its JSON answer into ans.
func (s *Sender) send(ctx context.Context, api, target, token string, body []byte, ans any) (int, error) {
	// The secrets of this call: the token, and a webhook's session key,
	// which an answer may echo with the URL.
	secrets := []string{token, sessionOf(target)}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("dingbot: %s: %w", api, redact.Error(err, secrets...))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "kefu-go/"+version.Version)
	if token != "" {
		req.Header.Set("x-acs-dingtalk-access-token", token)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, httpx.Transport("dingbot", api, err, secrets...)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return resp.StatusCode, httpx.Transport("dingbot", api+": reading the answer", err, secrets...)
	}
	if len(data) > maxAnswer {
		return resp.StatusCode, &APIError{API: api, StatusCode: resp.StatusCode, Message: "answer over the size limit"}
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestid"`
		}
		_ = json.Unmarshal(data, &e)
		return resp.StatusCode, &APIError{API: api, StatusCode: resp.StatusCode, Code: redact.Text(e.Code, secrets...),
			Message: redact.Snippet(e.Message, 300, secrets...), RequestID: e.RequestID}
	}
	if ans != nil && len(data) > 0 {
		if err := json.Unmarshal(data, ans); err != nil {
			return resp.StatusCode, &APIError{API: api, StatusCode: resp.StatusCode,
				Message: "the answer is not JSON: " + redact.Snippet(string(data), 120, secrets...)}
		}
	}
	return resp.StatusCode, nil
}

// retry runs call up to three times while it fails with a transport error
// or a retryable *APIError, waiting 200 ms, then 400 ms, with jitter.
func (s *Sender) retry(ctx context.Context, call func(attempt int) error) error {
	for attempt := 1; ; attempt++ {
		err := call(attempt)
		var te *httpx.TransportError
		var apiErr *APIError
		retryable := errors.As(err, &te) || (errors.As(err, &apiErr) && apiErr.Retryable())
		if err == nil || !retryable || attempt == 3 || ctx.Err() != nil {
			return err
		}
		d := backoff.Exponential(200*time.Millisecond, time.Second, attempt)
		s.log.WarnContext(ctx, "dingbot: call failed; retrying", "attempt", attempt, "wait", d, "error", err)
		if backoff.Sleep(ctx, d) != nil {
			return err
		}
	}
}

// sessionOf is the session key of a webhook URL, a secret.
func sessionOf(hook string) string {
	if u, err := url.Parse(hook); err == nil {
		return u.Query().Get("session")
	}
	return ""
}
