package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/callbackreq"
)

// samples holds a realistic payload of every known type: copies of the
// event package's fixtures (go generate refreshes them; a test checks).
//
//go:embed samples/*.json
var samples embed.FS

var triggerUsage = `Usage: kefu trigger TYPE --url URL [--data FILE]
       kefu trigger --desk EVENT --url URL [--data FILE]
       kefu trigger --robot TEXT --url URL

Sends an event to a callback receiver as the platform would and prints
{"status":…,"reply":…} with the decrypted reply.

DingTalk: a sample event of TYPE (kefu types lists them), or the JSON in
FILE, encrypted and signed with DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY
and DINGTALK_OWNER_KEY.

Desk (--desk): a ` + deskcallback.CommandSessionEventNotify + ` of EVENT (` + string(deskcallback.EventSessionBegin) + `,
` + string(deskcallback.EventChatBotUserSendMsg) + `, …), or the JSON in FILE, signed with DESK_SDKAPPID and
DESK_CALLBACK_TOKEN.

Robot (--robot): a text message TEXT to a robot's message URL (HTTP
mode), signed with DINGTALK_APP_SECRET in the timestamp and sign headers;
prints {"status":…}.

Examples:
  kefu trigger user_add_org --url http://localhost:8080/dingtalk/callback
  kefu trigger --desk ` + string(deskcallback.EventChatBotUserSendMsg) + ` --url http://localhost:8080/desk/callback
  kefu trigger --robot "退款多久到账？" --url http://localhost:8080/robot
`

func trigger(ctx context.Context, e *env, args []string) error {
	fs := flags("trigger")
	target := fs.String("url", "", "the receiver's URL")
	dataFile := fs.String("data", "", "a file with the JSON to send instead of the sample")
	desk := fs.String("desk", "", "send this Tencent IM Desk session EVENT instead of a DingTalk event")
	robot := fs.String("robot", "", "send a robot text message with this TEXT (HTTP mode)")
	// TYPE may come before the flags.
	var typ string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		typ, args = args[0], args[1:]
	}
	if err := parse(e, fs, triggerUsage, args); err != nil {
		return err
	}
	if typ == "" && fs.NArg() > 0 {
		typ = fs.Arg(0)
	}
	switch {
	case *target == "":
		return usagef("--url is required")
	case *robot != "":
		if *desk != "" || typ != "" {
			return usagef("give one of a DingTalk TYPE, --desk EVENT or --robot TEXT")
		}
		return triggerRobot(ctx, e, *robot, *target)
	case *desk == "" && typ == "":
		return usagef("name the event TYPE (kefu types lists them), or use --desk EVENT")
	case *desk != "" && typ != "":
		return usagef("give either a DingTalk TYPE or --desk EVENT, not both")
	}
	var data []byte
	if *dataFile != "" {
		b, err := os.ReadFile(*dataFile)
		if err != nil {
			return err
		}
		if !json.Valid(b) {
			return fmt.Errorf("%s is not JSON", *dataFile)
		}
		data = b
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if *desk != "" {
		return triggerDesk(ctx, e, deskcallback.EventType(*desk), *target, data)
	}
	return triggerDingTalk(ctx, e, event.Type(typ), *target, data)
}

func triggerDingTalk(ctx context.Context, e *env, typ event.Type, target string, data []byte) error {
	if data == nil {
		b, err := samples.ReadFile("samples/" + string(typ) + ".json")
		if err != nil {
			return usagef("no sample of %q: kefu types lists the known types; --data FILE sends any JSON", typ)
		}
		data = b
	}
	c, err := callbackCrypto(e)
	if err != nil {
		return err
	}
	status, body, err := postDingTalk(ctx, c, target, data)
	if err != nil {
		return err
	}
	out := map[string]any{"status": status}
	if reply, err := callbackreq.OpenDingTalkReply(c, bytes.NewReader(body)); err == nil {
		out["reply"] = reply
	} else {
		out["body"] = strings.TrimSpace(string(body))
	}
	if err := json.NewEncoder(e.stdout).Encode(out); err != nil {
		return err
	}
	if out["reply"] != "success" {
		return fmt.Errorf("the receiver answered HTTP %d without the encrypted success", status)
	}
	return nil
}

func triggerDesk(ctx context.Context, e *env, ev deskcallback.EventType, target string, data []byte) error {
	v, err := e.need("the Desk application's SdkAppID and callback token", "DESK_SDKAPPID", "DESK_CALLBACK_TOKEN")
	if err != nil {
		return err
	}
	if data == nil {
		if !slices.Contains(deskcallback.EventTypes(), ev) {
			return usagef("unknown Desk event %q; documented: %s", ev, deskEvents())
		}
		data, err = deskSample(ev)
		if err != nil {
			return err
		}
	}
	req, err := callbackreq.Desk(target, v["DESK_SDKAPPID"], v["DESK_CALLBACK_TOKEN"], deskcallback.CommandSessionEventNotify, data)
	if err != nil {
		return err
	}
	status, body, err := do(ctx, req)
	if err != nil {
		return err
	}
	var reply any = strings.TrimSpace(string(body))
	if json.Valid(body) {
		reply = json.RawMessage(body)
	}
	if err := json.NewEncoder(e.stdout).Encode(map[string]any{"status": status, "reply": reply}); err != nil {
		return err
	}
	var r struct{ ActionStatus string }
	if json.Unmarshal(body, &r) != nil || r.ActionStatus != "OK" {
		return fmt.Errorf("the receiver answered HTTP %d without ActionStatus OK", status)
	}
	return nil
}

func deskEvents() string {
	var names []string
	for _, ev := range deskcallback.EventTypes() {
		names = append(names, string(ev))
	}
	return strings.Join(names, ", ")
}

// deskSample is a realistic Desk.SessionEventNotify body for ev, with a
// text message for the message events.
func deskSample(ev deskcallback.EventType) ([]byte, error) {
	var id [8]byte
	_, _ = rand.Read(id[:])
	body := map[string]any{
		"CallbackCommand":   deskcallback.CommandSessionEventNotify,
		"SessionId":         "kefu-" + hex.EncodeToString(id[:]),
		"Event":             ev,
		"EventTime":         time.Now().UnixMilli(),
		"ChannelType":       "SDK",
		"ClientUserId":      "kefu_cli_user",
		"CustomerServiceId": "@customer_service_account",
	}
	if ev.IsMessage() {
		body["MsgKey"] = "kefu-msg-" + hex.EncodeToString(id[:4])
		body["MsgBody"] = []any{map[string]any{"MsgType": "TIMTextElem", "MsgContent": map[string]string{"Text": "你好，来自 kefu trigger"}}}
	}
	if ev == deskcallback.EventSatisfactionSelected {
		body["SatisfactionSelected"] = 5
	}
	return json.Marshal(body)
}

// postDingTalk posts plain to url as DingTalk's HTTP push would: encrypted
// with c and signed.
func postDingTalk(ctx context.Context, c *dingcallback.Crypto, url string, plain []byte) (int, []byte, error) {
	req, err := callbackreq.DingTalk(c, url, plain)
	if err != nil {
		return 0, nil, err
	}
	return do(ctx, req)
}

// do sends req and returns the status and at most 1 MiB of the answer.
func do(ctx context.Context, req *http.Request) (int, []byte, error) {
	resp, err := http.DefaultClient.Do(req.WithContext(ctx)) //nolint:gosec // the URL is the user's own receiver, given on the command line
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, body, err
}

// triggerRobot posts a signed robot text message to target.
func triggerRobot(ctx context.Context, e *env, text, target string) error {
	v, err := e.need("the app's Client Secret, which signs robot pushes", "DINGTALK_APP_SECRET")
	if err != nil {
		return err
	}
	var id [8]byte
	_, _ = rand.Read(id[:])
	now := time.Now()
	msg, err := json.Marshal(map[string]any{"msgId": "msg" + hex.EncodeToString(id[:]) + "==", "msgtype": "text",
		"text": map[string]string{"content": text}, "conversationId": "cidKefuTrigger==", "conversationType": "1",
		"senderStaffId": "kefu-trigger", "senderNick": "kefu trigger", "createAt": now.UnixMilli(),
		"robotCode": e.getenv("DINGTALK_ROBOT_CODE")})
	if err != nil {
		return err
	}
	req, err := callbackreq.Robot(target, v["DINGTALK_APP_SECRET"], msg)
	if err != nil {
		return err
	}
	status, _, err := do(ctx, req)
	if err != nil {
		return err
	}
	if err := json.NewEncoder(e.stdout).Encode(map[string]any{"status": status}); err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("the robot receiver answered HTTP %d", status)
	}
	return nil
}
