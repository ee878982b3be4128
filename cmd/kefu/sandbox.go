package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

const sandboxUsage = `Usage: kefu sandbox [--addr 127.0.0.1:0]
       kefu sandbox push TYPE | robot TEXT | failed TYPE

Starts package kefutest's fakes on loopback — DingTalk's OpenAPI (tokens,
event changes, robot webhooks, failed-callback lists), its Stream gateway
and Tencent IM Desk's REST API — and prints the environment that points
every other command at them, with the fakes' test credentials (public
constants of kefutest, never real ones; also DINGTALK_ROBOT_CODE and
DINGTALK_BU_ID for the examples). In a second terminal, after exporting
it, listen, send, recover, desk and the examples run end to end without a
DingTalk or Tencent account.

Each line typed into the sandbox pushes something, and so does kefu sandbox
push from another terminal (it finds the sandbox through KEFU_SANDBOX_URL):
  TYPE         a sample event of that type over the Stream gateway (kefu types lists them)
  robot TEXT   a customer's message to the app's robot
  failed TYPE  a sample event on the failed-callback list kefu recover reads
Ctrl-C stops it.

Example:
  kefu sandbox                    # terminal 1: prints the export lines
  # terminal 2: paste the export lines, then
  kefu listen &
  kefu sandbox push user_add_org  # listen prints the event
`

// sandbox is the set of fakes kefu sandbox runs, behind one front server:
// the Stream gateway's open call and the OpenAPI share DINGTALK_BASE_URL,
// as they share DingTalk's host.
type sandbox struct {
	dt   *kefutest.DingTalkServer
	gw   *kefutest.StreamGateway
	desk *kefutest.DeskServer
	url  string
}

func sandboxCmd(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "push" {
		return sandboxPush(ctx, e, args[1:])
	}
	fs := flags("sandbox")
	addr := fs.String("addr", "127.0.0.1:0", "the loopback address the sandbox listens on")
	if err := parse(e, fs, sandboxUsage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usagef("--addr: %v", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usagef("--addr %s: the sandbox listens on loopback only (it hands out test credentials)", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	sb := newSandbox()
	defer sb.close()
	sb.url = "http://" + ln.Addr().String()
	srv := &http.Server{Handler: sb.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	fmt.Fprint(e.stdout, sb.environment())
	fmt.Fprintln(e.stderr, "kefu sandbox: running; type an event type, \"robot TEXT\" or \"failed TYPE\" and Enter to push it; Ctrl-C stops")
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(e.stdin)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				lines = nil // stdin closed: keep serving until Ctrl-C
				continue
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			res, err := sb.push(strings.Fields(line))
			if err != nil {
				fmt.Fprintf(e.stderr, "kefu sandbox: %v\n", err)
				continue
			}
			fmt.Fprintf(e.stderr, "kefu sandbox: pushed %s\n", res)
		}
	}
}

func newSandbox() *sandbox {
	return &sandbox{dt: kefutest.NewDingTalkServer(), gw: kefutest.NewStreamGateway(), desk: kefutest.NewDeskServer()}
}

func (sb *sandbox) close() {
	sb.gw.Close()
	sb.dt.Close()
	sb.desk.Close()
}

// environment is what the sandbox prints: shell export lines.
func (sb *sandbox) environment() string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"KEFU_SANDBOX_URL", sb.url},
		{"DINGTALK_BASE_URL", sb.url},
		{"DINGTALK_APP_KEY", kefutest.AppKey},
		{"DINGTALK_APP_SECRET", kefutest.AppSecret},
		{"DINGTALK_CALLBACK_TOKEN", kefutest.DingTalkToken},
		{"DINGTALK_AES_KEY", kefutest.DingTalkAESKey},
		{"DINGTALK_OWNER_KEY", kefutest.DingTalkOwnerKey},
		{"DINGTALK_ROBOT_CODE", kefutest.RobotCode},
		{"DINGTALK_BU_ID", "100"}, // a customer-service tenant id, for examples/eventchange
		{"DESK_BASE_URL", sb.desk.URL},
		{"DESK_SDKAPPID", strconv.FormatInt(kefutest.DeskAppID, 10)},
		{"DESK_ADMIN_ID", kefutest.DeskAdminID},
		{"DESK_SECRET_KEY", kefutest.DeskSecretKey},
		{"DESK_CALLBACK_TOKEN", kefutest.DeskToken},
	} {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], kv[1])
	}
	return b.String()
}

// handler routes the Stream open call to the gateway, the sandbox's own
// push to push, and everything else to the OpenAPI fake.
func (sb *sandbox) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1.0/gateway/", proxyTo(sb.gw.URL))
	mux.Handle("/", proxyTo(sb.dt.URL))
	mux.HandleFunc("POST /sandbox/push", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Args []string `json:"args"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
			return
		}
		res, err := sb.push(req.Args)
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": err.Error()})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "pushed": res})
	})
	return mux
}

func proxyTo(target string) http.Handler {
	u, _ := url.Parse(target) // an httptest URL
	return httputil.NewSingleHostReverseProxy(u)
}

// push pushes what args name and says what it pushed.
func (sb *sandbox) push(args []string) (string, error) {
	if len(args) == 0 {
		return "", errors.New("push what? an event type, robot TEXT or failed TYPE")
	}
	switch args[0] {
	case "robot":
		if len(args) < 2 {
			return "", errors.New("robot needs the message's text")
		}
		text := strings.Join(args[1:], " ")
		// The reply goes to the message's sessionWebhook, which must be on
		// DINGTALK_BASE_URL's host (dingbot refuses others): the front's.
		msg := bytes.ReplaceAll(sb.dt.RobotMessage(text, false), []byte(sb.dt.URL), []byte(sb.url))
		id := sb.gw.PushCallback(dingbot.TopicMessage, msg)
		return fmt.Sprintf("robot message %q (messageId %s)", text, id), nil
	case "failed":
		if len(args) != 2 {
			return "", errors.New("failed needs one event type")
		}
		typ, body, err := sandboxSample(args[1])
		if err != nil {
			return "", err
		}
		sb.dt.AddFailedPushes(kefutest.FailedPush(string(typ), sandboxCorp, "callbackData", body, time.Now()))
		return fmt.Sprintf("%s on the failed-callback list", typ), nil
	}
	if len(args) != 1 {
		return "", fmt.Errorf("unexpected %q after the event type", strings.Join(args[1:], " "))
	}
	typ, body, err := sandboxSample(args[0])
	if err != nil {
		return "", err
	}
	id := sb.gw.PushEventHeaders(map[string]string{"eventType": string(typ), "eventCorpId": sandboxCorp}, body)
	return fmt.Sprintf("%s (eventId %s)", typ, id), nil
}

// sandboxCorp is the corpId of the sandbox's events.
const sandboxCorp = "dingsandboxcorp"

// sandboxSample returns the sample payload of typ that kefu trigger sends,
// without its envelope (the Stream frame's headers carry that).
func sandboxSample(name string) (event.Type, []byte, error) {
	typ := event.Type(name)
	b, err := samples.ReadFile("samples/" + name + ".json")
	if _, unknown := event.New(typ).(*event.Unknown); err != nil || unknown {
		return "", nil, fmt.Errorf("no sample of %q (kefu types lists the event types)", name)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return "", nil, err
	}
	for _, k := range []string{"EventType", "EventTime", "CorpId", "BizId", "eventId"} {
		delete(fields, k)
	}
	data, err := json.Marshal(fields)
	return typ, data, err
}

// sandboxPush asks the running sandbox (KEFU_SANDBOX_URL) to push args.
func sandboxPush(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			return usagef("push what? an event type, robot TEXT or failed TYPE")
		}
		fmt.Fprint(e.stdout, sandboxUsage)
		return flag.ErrHelp
	}
	v, err := e.need("the URL kefu sandbox printed", "KEFU_SANDBOX_URL")
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string][]string{"args": args})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(v["KEFU_SANDBOX_URL"], "/")+"/sandbox/push", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is kefu sandbox running? %w", err)
	}
	defer res.Body.Close()
	var out struct {
		OK     bool   `json:"ok"`
		Pushed string `json:"pushed"`
		Error  string `json:"error"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<16)).Decode(&out); err != nil {
		return fmt.Errorf("sandbox answered HTTP %d: %w", res.StatusCode, err)
	}
	if !out.OK {
		return usageError{out.Error}
	}
	return json.NewEncoder(e.stdout).Encode(map[string]any{"ok": true, "pushed": out.Pushed})
}
