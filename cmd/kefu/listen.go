package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/callbackreq"
)

const listenUsage = `Usage: kefu listen [--types a,b] [--forward URL]

Connects to DingTalk in Stream mode (no public URL needed) and prints each
event as one JSON line {"type":…,"id":…,"corp":…,"time":…,"payload":{…}},
answering SUCCESS, and each message customers send the app's robot as
{"robot":{"msgId":…,"msgtype":…,"text":…,"sender":…,"conversation":…}}.
Ctrl-C stops it.

With --forward, each event is delivered to your local HTTP receiver as an
encrypted, signed DingTalk callback, and answered SUCCESS only when the
receiver answered the encrypted "success" (LATER otherwise, so DingTalk
pushes it again): run your HTTP callback code against real events.

Environment: DINGTALK_APP_KEY, DINGTALK_APP_SECRET; with --forward also
DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY, DINGTALK_OWNER_KEY (those your
receiver uses). DINGTALK_BASE_URL points at another gateway.

Examples:
  kefu listen | jq .
  kefu listen --types user_add_org,user_leave_org --forward http://localhost:8080/dingtalk/callback
`

func listen(ctx context.Context, e *env, args []string) error {
	fs := flags("listen")
	typeList := fs.String("types", "", "comma-separated event types to print or forward; others are acknowledged and skipped")
	forward := fs.String("forward", "", "a local callback URL to deliver each event to")
	if err := parse(e, fs, listenUsage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
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
	var crypto *dingcallback.Crypto
	if *forward != "" {
		if crypto, err = callbackCrypto(e); err != nil {
			return fmt.Errorf("--forward: %w", err)
		}
	}
	var mu sync.Mutex // one line at a time
	enc := json.NewEncoder(e.stdout)
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
		return enc.Encode(line)
	})
	opts := []dingstream.Option{dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(_ context.Context, m *dingbot.Message) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(map[string]any{"robot": map[string]any{"msgId": m.MsgID, "msgtype": m.MsgType, "text": m.Text,
			"sender": m.SenderStaffID, "nick": m.SenderNick, "conversation": m.ConversationID, "conversationType": m.ConversationType}})
	}))}
	if base := e.getenv("DINGTALK_BASE_URL"); base != "" {
		opts = append(opts, dingstream.WithBaseURL(base))
	}
	c, err := dingstream.New(v["DINGTALK_APP_KEY"], v["DINGTALK_APP_SECRET"], r, opts...)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "kefu listen: connecting in Stream mode; Ctrl-C to stop")
	return c.Run(ctx)
}

// forwardEvent delivers ev to url as DingTalk's HTTP push would: the
// Stream data with the envelope keys (EventType, eventId, CorpId,
// EventTime) added where missing, encrypted and signed. It fails unless the
// receiver answered the encrypted "success".
func forwardEvent(ctx context.Context, c *dingcallback.Crypto, url string, ev event.Event) error {
	plain, err := httpPlaintext(ev)
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

// httpPlaintext is the plaintext of an HTTP callback carrying ev.
func httpPlaintext(ev event.Event) ([]byte, error) {
	var data []byte
	if u, ok := ev.(*event.Unknown); ok {
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
