package dingrecover

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
	"sync"
	"time"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/backoff"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/internal/redact"
	"github.com/kefu-go/kefu/internal/version"
	"github.com/kefu-go/kefu/observe"
)

// TokenSource gives the app's access token: the method set of
// kefu.TokenSource, so a kefu.Client's TokenSource fits.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// tokenInvalidator is kefu.TokenInvalidator's method set: a caching source
// that can drop a token DingTalk refused.
type tokenInvalidator interface {
	InvalidateToken(token string)
}

// The calls, under the base URL.
const (
	// PathFailedList is the list of failed pushes (internal and third-party
	// apps; up to 200 per call, consumed when fetched).
	PathFailedList = "/call_back/get_call_back_failed_result"
	// PathFailRecords is the third-party apps' fail records, by tag.
	PathFailRecords = "/topapi/callback/failrecord/list"
)

// Recoverer polls DingTalk's failed pushes and dispatches them. It is safe
// for concurrent use; several replicas may run one each with a shared
// dedup.Store.
type Recoverer struct {
	tokens    TokenSource
	router    *event.Router
	baseURL   string
	hc        *http.Client
	log       *slog.Logger
	interval  time.Duration
	maxAnswer int
	maxHeld   int
	tags      []string
	deliver   deliver.Dispatcher

	mu   sync.Mutex
	held []held // failed or in flight: dispatched again next round
}

// held is an event kept for the next round.
type held struct {
	plain []byte
	tries int
}

// New returns a Recoverer that fetches with tokens and dispatches on r. It
// makes no call: Poll and Run do.
func New(tokens TokenSource, r *event.Router, opts ...Option) (*Recoverer, error) {
	switch {
	case tokens == nil:
		return nil, errors.New("dingrecover: New: nil TokenSource")
	case r == nil:
		return nil, errors.New("dingrecover: New: nil *event.Router")
	}
	cfg := config{baseURL: DefaultBaseURL, interval: DefaultInterval, maxAnswer: DefaultMaxResponseSize, maxHeld: DefaultMaxHeld}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	rec := &Recoverer{tokens: tokens, router: r, baseURL: strings.TrimRight(cfg.baseURL, "/"),
		hc: httpx.WithSameOriginRedirects(cfg.httpClient), log: httpx.Logger(cfg.log), interval: cfg.interval,
		maxAnswer: cfg.maxAnswer, maxHeld: cfg.maxHeld, tags: cfg.tags, deliver: cfg.deliver}
	rec.deliver.Component, rec.deliver.Log = "dingrecover", rec.log
	return rec, nil
}

// Run polls every interval (WithInterval) until ctx ends, and returns nil
// then. A failed round is logged and the next one runs as planned.
func (r *Recoverer) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if n, err := r.Poll(ctx); err != nil && ctx.Err() == nil {
			r.log.ErrorContext(ctx, "dingrecover: poll failed; trying again next round", "dispatched", n, "error", err)
		}
		t.Reset(r.interval)
	}
}

// Poll runs one round: the events held from the last round, then every
// page of failed pushes (and of fail records, WithFailRecords), each turned
// into the event its live callback would have delivered and dispatched. It
// returns how many events reached a handler and accepted, and the first
// error of a fetch (the round goes on with the other list).
func (r *Recoverer) Poll(ctx context.Context) (int, error) {
	n := 0
	r.mu.Lock()
	again := r.held
	r.held = nil
	r.mu.Unlock()
	for _, h := range again {
		if r.dispatch(ctx, h.plain, h.tries) {
			n++
		}
	}
	var firstErr error
	got, err := r.pollFailedList(ctx)
	n += got
	firstErr = cmpErr(firstErr, err)
	if len(r.tags) > 0 {
		got, err = r.pollFailRecords(ctx)
		n += got
		firstErr = cmpErr(firstErr, err)
	}
	return n, firstErr
}

func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// maxPages bounds one round's pages of one list: 100 pages of 200 items.
const maxPages = 100

// pollFailedList fetches every page of the legacy list.
func (r *Recoverer) pollFailedList(ctx context.Context) (int, error) {
	n := 0
	for range maxPages {
		var ans struct {
			apiAnswer
			HasMore    bool              `json:"has_more"`
			FailedList []json.RawMessage `json:"failed_list"`
		}
		if err := r.call(ctx, "get_call_back_failed_result", http.MethodGet, PathFailedList, nil, &ans); err != nil {
			return n, err
		}
		for _, item := range ans.FailedList {
			if r.dispatch(ctx, normaliseFailedItem(item), 0) {
				n++
			}
		}
		if !ans.HasMore || len(ans.FailedList) == 0 {
			return n, nil
		}
	}
	return n, nil
}

// pollFailRecords fetches every page of the third-party fail records of the
// tags, unconfirmed ones, confirming them.
func (r *Recoverer) pollFailRecords(ctx context.Context) (int, error) {
	n := 0
	cursor := ""
	for range maxPages {
		req := map[string]any{"tags": r.tags, "status": 1, "page_size": 100, "confirm": true}
		if cursor != "" {
			req["cursor"] = cursor
		}
		body, err := json.Marshal(map[string]any{"req": req})
		if err != nil {
			return n, err
		}
		var ans struct {
			apiAnswer
			failRecordPage
			Result *failRecordPage `json:"result"`
		}
		if err := r.call(ctx, "callback.failrecord.list", http.MethodPost, PathFailRecords, body, &ans); err != nil {
			return n, err
		}
		page := ans.failRecordPage
		if ans.Result != nil {
			page = *ans.Result
		}
		for _, rec := range page.FailedList {
			if r.dispatch(ctx, normaliseFailRecord(rec), 0) {
				n++
			}
		}
		next := page.NextCursor
		if next == "" && len(page.FailedList) > 0 {
			next = string(page.FailedList[len(page.FailedList)-1].ID)
		}
		if !page.HasMore || len(page.FailedList) == 0 || next == cursor {
			return n, nil
		}
		cursor = next
	}
	return n, nil
}

// failRecordPage is one page of fail records, at the top level of the
// answer or under result.
type failRecordPage struct {
	HasMore    bool         `json:"has_more"`
	NextCursor string       `json:"next_cursor"`
	FailedList []failRecord `json:"failed_list"`
}

// failRecord is one third-party fail record.
type failRecord struct {
	ID           jsonText `json:"id"`
	CorpID       string   `json:"corpid"`
	CallBackTag  string   `json:"call_back_tag"`
	CallBackData string   `json:"call_back_data"`
	EventTime    int64    `json:"event_time"`
}

// jsonText is a value sent as a string or a number, kept as text.
type jsonText string

func (t *jsonText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = jsonText(s)
		return nil
	}
	*t = jsonText(bytes.TrimSpace(b))
	return nil
}

// dispatch parses plain and runs it through the dispatch stage; an event
// whose handler failed, or that is in flight elsewhere, is held for the
// next round. It reports whether a handler accepted it.
func (r *Recoverer) dispatch(ctx context.Context, plain []byte, tries int) bool {
	ev, err := event.Parse(plain)
	if err != nil {
		u, ok := event.AsUnknown(err)
		if !ok {
			// Not even an event: delivered raw, so nothing is dropped.
			u = &event.Unknown{Raw: append(json.RawMessage(nil), plain...), Err: err}
		}
		ev = u
	}
	h := ev.EventHeader()
	outcome, err := r.deliver.Deliver(ctx, observe.Delivery{Type: string(h.EventType), ID: h.EventID}, deliver.EventKey(h.EventID, string(h.EventType), h.BizID, plain),
		func(ctx context.Context) error { return r.router.Dispatch(ctx, ev) })
	r.deliver.Report(ctx, outcome, err, slog.String("event_type", string(h.EventType)), slog.String("event_id", h.EventID))
	if outcome == deliver.Failed || outcome == deliver.InFlight {
		r.hold(ctx, plain, tries+1, h)
	}
	return outcome == deliver.Accepted
}

// hold keeps an event for the next round, dropping the oldest (logged at
// ERROR) beyond maxHeld.
func (r *Recoverer) hold(ctx context.Context, plain []byte, tries int, h *event.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.held) >= r.maxHeld {
		r.log.ErrorContext(ctx, "dingrecover: too many events held; the oldest is dropped", "max_held", r.maxHeld)
		r.held = r.held[1:]
	}
	r.held = append(r.held, held{plain: plain, tries: tries})
	r.log.WarnContext(ctx, "dingrecover: event held for the next round", "event_type", h.EventType, "event_id", h.EventID, "tries", tries)
}

// apiAnswer is DingTalk's envelope.
type apiAnswer struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// APIError is DingTalk's refusal of a fetch: its errcode and errmsg, with no
// access token in either.
type APIError struct {
	// API is the call, such as "get_call_back_failed_result".
	API     string
	ErrCode int
	ErrMsg  string
}

// Error implements error.
func (e *APIError) Error() string {
	return fmt.Sprintf("dingrecover: %s: errcode %d: %s", e.API, e.ErrCode, e.ErrMsg)
}

// Retryable reports whether the same call may succeed later: -1 (busy) and
// the QPS limits 90002 and 90018.
func (e *APIError) Retryable() bool {
	return e.ErrCode == -1 || e.ErrCode == 90002 || e.ErrCode == 90018
}

// tokenRejected reports a token DingTalk calls invalid or expired.
func tokenRejected(code int) bool { return code == 40014 || code == 42001 || code == 40001 }

// call makes one API call with the access token in the query, retrying
// transport errors, 5xx and retryable codes up to three times, and
// refreshing a rejected token once.
func (r *Recoverer) call(ctx context.Context, api, method, path string, body []byte, ans any) error {
	refreshed := false
	for attempt := 1; ; attempt++ {
		token, err := r.tokens.Token(ctx)
		if err != nil {
			return fmt.Errorf("dingrecover: %s: the access token: %w", api, err)
		}
		err = r.attempt(ctx, api, method, path, token, body, ans, attempt)
		var apiErr *APIError
		if errors.As(err, &apiErr) && tokenRejected(apiErr.ErrCode) && !refreshed {
			refreshed = true
			if inv, ok := r.tokens.(tokenInvalidator); ok {
				inv.InvalidateToken(token)
			}
			attempt--
			continue
		}
		var te *httpx.TransportError
		retry := errors.As(err, &te) || (errors.As(err, &apiErr) && apiErr.Retryable())
		if err == nil || !retry || attempt == 3 {
			return err
		}
		if backoff.Sleep(ctx, backoff.Exponential(retryBase, retryMax, attempt)) != nil {
			return err
		}
	}
}

// The waits between the attempts of a call: 200 ms, then 400 ms, with
// jitter.
const retryBase, retryMax = 200 * time.Millisecond, time.Second

// attempt makes the n-th call, observed.
func (r *Recoverer) attempt(ctx context.Context, api, method, path, token string, body []byte, ans any, n int) error {
	ctx, obs := observed.StartCallURL(ctx, r.deliver.Observer, method, r.baseURL+path, n)
	status, err := r.send(ctx, api, method, path, token, body, ans)
	code := ""
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		code = strconv.Itoa(apiErr.ErrCode)
	}
	obs.End(status, code, err)
	return err
}

// send makes one call and returns the HTTP status (0 without an answer).
func (r *Recoverer) send(ctx context.Context, api, method, path, token string, body []byte, ans any) (int, error) {
	u := r.baseURL + path + "?access_token=" + url.QueryEscape(token)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, fmt.Errorf("dingrecover: %s: %w", api, redact.Error(err, token))
	}
	req.Header.Set("User-Agent", "kefu-go/"+version.Version)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return 0, httpx.Transport("dingrecover", api, err, token)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(r.maxAnswer)+1))
	switch {
	case err != nil:
		return resp.StatusCode, httpx.Transport("dingrecover", api+": reading the answer", err, token)
	case len(data) > r.maxAnswer:
		return resp.StatusCode, fmt.Errorf("dingrecover: %s: answer over the %d-byte limit (WithMaxResponseSize)", api, r.maxAnswer)
	case resp.StatusCode >= 500:
		return resp.StatusCode, &httpx.TransportError{Err: fmt.Errorf("dingrecover: %s: HTTP %d: %s", api, resp.StatusCode, redact.Snippet(string(data), 200, token))}
	}
	var env apiAnswer
	if err := json.Unmarshal(data, &env); err != nil || resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("dingrecover: %s: HTTP %d with an answer that is not DingTalk's JSON: %q", api, resp.StatusCode,
			redact.Snippet(string(data), 200, token))
	}
	if env.ErrCode != 0 {
		return resp.StatusCode, &APIError{API: api, ErrCode: env.ErrCode, ErrMsg: redact.Snippet(env.ErrMsg, 300, token)}
	}
	if err := json.Unmarshal(data, ans); err != nil {
		return resp.StatusCode, fmt.Errorf("dingrecover: %s: %w", api, err)
	}
	return resp.StatusCode, nil
}
