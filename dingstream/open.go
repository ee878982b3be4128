package dingstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/go-resty/resty/v2"

	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/observed"
	"github.com/kefu-go/kefu/internal/redact"
	"github.com/kefu-go/kefu/internal/streamwire"
	"github.com/kefu-go/kefu/internal/version"
)

// OpenPath is the open-connection call, under the base URL.
const OpenPath = "/v1.0/gateway/connections/open"

const (
	// openTimeout bounds the open call and the WebSocket handshake.
	openTimeout = 10 * time.Second
	// maxOpenAnswer bounds the open call's answer.
	maxOpenAnswer = 64 << 10
)

// userAgent is the ua member of the open call.
const userAgent = "kefu-go/" + version.Version

// subscriptions are every EVENT (the console chooses which arrive) and the
// CALLBACK topics that have a handler, in a stable order.
func (c *Client) subscriptions() []streamwire.Subscription {
	subs := []streamwire.Subscription{{Type: streamwire.TypeEvent, Topic: "*"}}
	topics := make([]string, 0, len(c.callbacks))
	for t := range c.callbacks {
		topics = append(topics, t)
	}
	slices.Sort(topics)
	for _, t := range topics {
		subs = append(subs, streamwire.Subscription{Type: streamwire.TypeCallback, Topic: t})
	}
	return subs
}

// connect opens a connection: the open call for a one-use ticket, then the
// WebSocket handshake to endpoint?ticket=…. Its errors never carry the
// secret or the ticket.
func (c *Client) connect(ctx context.Context, attempt int) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	wsURL, ticket, err := c.observedOpen(ctx, attempt)
	if err != nil {
		return nil, err
	}
	ws, resp, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{HTTPClient: c.httpClient})
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("dingstream: WebSocket handshake with %s: %w",
			redact.URL(wsURL), redact.Error(err, ticket, c.cred.secret))
	}
	ws.SetReadLimit(c.maxFrame)
	return ws, nil
}

// observedOpen is open, reported to the observer as the attempt-th.
func (c *Client) observedOpen(ctx context.Context, attempt int) (wsURL, ticket string, err error) {
	ctx, obs := observed.StartCallURL(ctx, c.deliver.Observer, http.MethodPost, c.baseURL+OpenPath, attempt)
	wsURL, ticket, err = c.open(ctx)
	status, code := http.StatusOK, ""
	var oe *OpenError
	switch {
	case errors.As(err, &oe):
		status, code = oe.StatusCode, oe.Code
	case err != nil:
		status = 0
	}
	obs.End(status, code, err)
	return wsURL, ticket, err
}

// open asks the gateway for a connection and returns the WebSocket URL and
// its ticket.
func (c *Client) open(ctx context.Context) (wsURL, ticket string, err error) {
	var ans streamwire.OpenAnswer
	resp, err := c.rest.R().
		SetContext(ctx).
		SetHeader("Content-Type", "application/json").
		SetHeader("Accept", "application/json").
		SetBody(streamwire.OpenRequest{
			ClientID:      c.cred.id,
			ClientSecret:  c.cred.secret,
			Subscriptions: c.subscriptions(),
			UA:            userAgent,
			LocalIP:       c.localIP,
		}).
		Post(OpenPath)
	if err != nil {
		if errors.Is(err, resty.ErrResponseBodyTooLarge) {
			return "", "", &OpenError{StatusCode: resp.StatusCode(), Snippet: fmt.Sprintf("answer over %d bytes", maxOpenAnswer)}
		}
		var ue *url.Error
		if errors.Is(err, httpx.ErrCrossOriginRedirect) && errors.As(err, &ue) {
			return "", "", &OpenError{StatusCode: resp.StatusCode(), Snippet: redact.Text(ue.Err.Error(), c.cred.secret), Redirect: true}
		}
		return "", "", fmt.Errorf("dingstream: open connection: %w", redact.Error(err, c.cred.secret))
	}
	jsonErr := json.Unmarshal(resp.Body(), &ans)
	if resp.StatusCode() == 200 && jsonErr == nil && ans.Endpoint != "" && ans.Ticket != "" {
		u, err := url.Parse(ans.Endpoint)
		if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return "", "", &OpenError{StatusCode: 200, Snippet: "endpoint is not a ws or wss URL: " + c.text(ans.Endpoint)}
		}
		sep := "?"
		if u.RawQuery != "" {
			sep = "&"
		}
		return ans.Endpoint + sep + "ticket=" + url.QueryEscape(ans.Ticket), ans.Ticket, nil
	}
	e := &OpenError{StatusCode: resp.StatusCode()}
	if jsonErr == nil {
		e.Code, e.Message, e.RequestID = c.text(ans.Code), c.text(ans.Message), c.text(ans.RequestID)
	}
	if e.Code == "" && e.Message == "" {
		e.Snippet = redact.Snippet(strings.TrimSpace(string(resp.Body())), 200, c.cred.secret)
		if e.Snippet == "" && resp.StatusCode() == 200 {
			e.Snippet = "no endpoint or ticket in the answer"
		}
	}
	return "", "", e
}

// text removes the secret from text copied from an answer.
func (c *Client) text(s string) string { return redact.Text(s, c.cred.secret) }
