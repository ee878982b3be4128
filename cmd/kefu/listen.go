package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/callbackreq"
	"github.com/kefu-go/kefu/observe"
)

const listenUsage = `Usage: kefu listen [--types a,b] [--forward URL]

Connects to DingTalk in Stream mode (no public URL needed) and prints each
event as one JSON line {"type":…,"id":…,"corp":…,"time":…,"payload":{…}},
answering SUCCESS, and each message customers send the app's robot as
{"robot":{"msgId":…,"msgtype":…,"text":…,"sender":…,"conversation":…}}.
Ctrl-C stops it. Each connection attempt, failure and retry is reported on
stderr; kefu listen exits with status 1 when it never connected (after
--connect-timeout, or on Ctrl-C).

With --forward, each event is delivered to your local HTTP receiver as an
encrypted, signed DingTalk callback, and answered SUCCESS only when the
receiver answered the encrypted "success" (LATER otherwise, so DingTalk
pushes it again): run your HTTP callback code against real events.

Environment: DINGTALK_APP_KEY, DINGTALK_APP_SECRET; with --forward also
DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY, DINGTALK_OWNER_KEY (those your
receiver uses). DINGTALK_BASE_URL points at another gateway.

Examples:
  kefu listen | jq .
  kefu listen --count 1 --connect-timeout 30s   # one event, then exit
  kefu listen --types user_add_org,user_leave_org --forward http://localhost:8080/dingtalk/callback
`

func listen(ctx context.Context, e *env, args []string) error {
	fs := flags("listen")
	typeList := fs.String("types", "", "comma-separated event types to print or forward; others are acknowledged and skipped")
	forward := fs.String("forward", "", "a local callback URL to deliver each event to")
	count := fs.Int("count", 0, "exit after printing (or forwarding) this many events and messages; 0: run until Ctrl-C")
	connectTimeout := fs.Duration("connect-timeout", 0, "give up, exit status 1, when not connected after this long (0: keep retrying)")
	if err := parse(e, fs, listenUsage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *count < 0 {
		return usagef("--count %d: want 0 or more", *count)
	}
	var only []event.Type
	for t := range strings.SplitSeq(*typeList, ",") {
		if t = strings.TrimSpace(t); t != "" {
			only = append(only, event.Type(t))
		}
	}
	v, err := e.need("the app's Client ID and Client Secret from the DingTalk developer console", "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET")
	if err != nil {
		return err
	}
	crypto, err := forwardCrypto(e, *forward)
	if err != nil {
		return err
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex // one line at a time
	printed := 0
	enc := json.NewEncoder(e.stdout)
	emit := func(line any) error { // under mu
		if err := enc.Encode(line); err != nil {
			return err
		}
		if printed++; *count > 0 && printed >= *count {
			cancel(errCountReached)
		}
		return nil
	}
	r := event.NewRouter()
	r.HandleDefault(func(ctx context.Context, ev event.Event) error {
		h := ev.EventHeader()
		if len(only) > 0 && !slices.Contains(only, h.EventType) {
			return nil
		}
		line := eventJSON(ev)
		delete(line, "go")
		if crypto != nil {
			if err := forwardEvent(ctx, crypto, *forward, ev); err != nil {
				fmt.Fprintf(e.stderr, "kefu listen: %s %s: %v; answered LATER\n", h.EventType, h.EventID, err)
				return err
			}
		}
		mu.Lock()
		defer mu.Unlock()
		return emit(line)
	})
	opts := []dingstream.Option{dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(_ context.Context, m *dingbot.Message) error {
		mu.Lock()
		defer mu.Unlock()
		return emit(map[string]any{"robot": map[string]any{"msgId": m.MsgID, "msgtype": m.MsgType, "text": m.Text,
			"sender": m.SenderStaffID, "nick": m.SenderNick, "conversation": m.ConversationID, "conversationType": m.ConversationType}})
	}))}
	if base := e.getenv("DINGTALK_BASE_URL"); base != "" {
		opts = append(opts, dingstream.WithBaseURL(base))
	}
	conns := &connReporter{w: e.stderr, connected: make(chan struct{})}
	opts = append(opts, dingstream.WithObserver(conns))
	c, err := dingstream.New(v["DINGTALK_APP_KEY"], v["DINGTALK_APP_SECRET"], r, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "kefu listen: connecting in Stream mode; Ctrl-C to stop")
	if *connectTimeout > 0 {
		go func() {
			t := time.NewTimer(*connectTimeout)
			defer t.Stop()
			select {
			case <-t.C:
				cancel(fmt.Errorf("not connected after --connect-timeout %s", *connectTimeout))
			case <-conns.connected:
			case <-runCtx.Done():
			}
		}()
	}
	err = c.Run(runCtx)
	if errors.Is(context.Cause(runCtx), errCountReached) {
		return err
	}
	select {
	case <-conns.connected:
		return err
	default:
	}
	// Never connected: say so, and exit non-zero even on Ctrl-C.
	if cause := context.Cause(runCtx); err == nil && cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if err == nil || errors.Is(err, context.Canceled) {
		err = errors.New("stopped before a connection was made")
	}
	return fmt.Errorf("never connected to the Stream gateway: %w", err)
}

// errCountReached ends Run when --count lines were printed.
var errCountReached = errors.New("--count reached")

// connReporter prints each change of the Stream connection's state to
// stderr, so that an unreachable gateway or refused credentials show at
// once, and notes the first connection.
type connReporter struct {
	observe.Nop
	w         io.Writer
	mu        sync.Mutex
	connected chan struct{} // closed on the first connection
	once      sync.Once
}

func (r *connReporter) ConnState(_ context.Context, s observe.ConnState) {
	var line string
	switch s.State {
	case observe.Connecting:
		line = fmt.Sprintf("connecting (attempt %d)", s.Attempt)
	case observe.Connected:
		r.once.Do(func() { close(r.connected) })
		line = fmt.Sprintf("connected (connection %d)", s.ConnID)
	case observe.Reconnecting:
		line = fmt.Sprintf("retrying in %s", s.Delay.Round(time.Millisecond))
	default:
		line = string(s.State)
	}
	if s.Reason != "" && s.Reason != string(s.State) {
		line += ": " + s.Reason
	}
	if s.Err != nil {
		line += ": " + oneLine(s.Err.Error())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.w, "kefu listen: %s\n", line)
}

// forwardEvent delivers ev to url as DingTalk's HTTP push would: the
// Stream data as the gateway sent it (dingstream.EventData; the event
// marshalled back to its wire shape elsewhere), with the envelope keys
// (EventType, eventId, CorpId, EventTime) added where missing, encrypted
// and signed. It fails unless the receiver answered the encrypted
// "success".
func forwardEvent(ctx context.Context, c *dingcallback.Crypto, url string, ev event.Event) error {
	plain, err := httpPlaintext(ctx, ev)
	if err != nil {
		return err
	}
	status, body, err := postDingTalk(ctx, c, url, plain)
	if err != nil {
		return err
	}
	if reply, err := callbackreq.OpenDingTalkReply(c, bytes.NewReader(body)); err != nil || reply != "success" {
		return fmt.Errorf("the receiver answered HTTP %d without the encrypted success", status)
	}
	return nil
}

// httpPlaintext is the plaintext of an HTTP callback carrying ev: every
// key of the payload keeps its value byte for byte (the keys come in
// sorted order).
func httpPlaintext(ctx context.Context, ev event.Event) ([]byte, error) {
	var data []byte
	if raw, ok := dingstream.EventData(ctx); ok {
		data = raw
	} else if u, ok := ev.(*event.Unknown); ok {
		data = u.Raw
	} else {
		b, err := json.Marshal(ev)
		if err != nil {
			return nil, err
		}
		data = b
	}
	fields := map[string]json.RawMessage{}
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, errors.New("the event's data is not a JSON object; not forwarded")
	}
	h := ev.EventHeader()
	add := func(key string, v any) {
		if _, ok := fields[key]; !ok {
			b, _ := json.Marshal(v)
			fields[key] = b
		}
	}
	add("EventType", h.EventType)
	if h.EventID != "" {
		add("eventId", h.EventID)
	}
	if h.CorpID != "" {
		add("CorpId", h.CorpID)
	}
	if h.EventTime != 0 {
		add("EventTime", int64(h.EventTime))
	}
	return json.Marshal(fields)
}
