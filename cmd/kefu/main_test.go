package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	kefuroot "github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/golist"
	"github.com/kefu-go/kefu/kefutest"
)

// kefuBin is the binary under test, built once by TestMain.
var kefuBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kefu-cli")
	if err != nil {
		panic(err)
	}
	kefuBin = filepath.Join(dir, "kefu")
	if runtime.GOOS == "windows" {
		kefuBin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", kefuBin, ".").CombinedOutput(); err != nil {
		panic("building kefu: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// secrets are every secret the tests give the binary; none may be printed.
var secrets = []string{kefutest.AppSecret, kefutest.DingTalkToken, kefutest.DingTalkAESKey, kefutest.DeskToken, kefutest.DeskSecretKey}

// dingEnv is the environment of the test subscription and app.
func dingEnv(extra ...string) []string {
	return append([]string{
		"DINGTALK_APP_KEY=" + kefutest.AppKey, "DINGTALK_APP_SECRET=" + kefutest.AppSecret,
		"DINGTALK_CALLBACK_TOKEN=" + kefutest.DingTalkToken, "DINGTALK_AES_KEY=" + kefutest.DingTalkAESKey,
		"DINGTALK_OWNER_KEY=" + kefutest.DingTalkOwnerKey,
		"DESK_SDKAPPID=" + kefutest.DeskSdkAppID, "DESK_CALLBACK_TOKEN=" + kefutest.DeskToken,
	}, extra...)
}

type result struct {
	code           int
	stdout, stderr string
}

// kefu runs the binary with env (and a PATH) and stdin, and checks that no
// secret was printed.
func kefu(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kefuBin, args...)
	cmd.Env = append(env, "PATH="+os.Getenv("PATH"))
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	noSecrets(t, r.stdout+r.stderr)
	return r
}

// noSecrets fails when s holds a secret, or any 8 bytes in a row of the
// app secret or the AES key: a prefix that survived a cut is a leak too.
// (The test tokens are words, such as "desk-callback-token-for-tests",
// whose pieces are ordinary text.)
func noSecrets(t *testing.T, s string) {
	t.Helper()
	for _, sec := range secrets {
		assert.NotContains(t, s, sec, "a secret was printed")
	}
	for _, sec := range []string{kefutest.AppSecret, kefutest.DingTalkAESKey} {
		for i := 0; i+8 <= len(sec); i++ {
			if !assert.NotContains(t, s, sec[i:i+8], "a piece of a secret was printed") {
				break
			}
		}
	}
}

// A server page that echoes the app secret across the 200-byte cut of an
// error leaves no piece of it in what send and listen print.
func TestSendAndListenPrintNoPieceOfTheSecret(t *testing.T) {
	t.Parallel()
	for pad := 170; pad <= 200; pad += 10 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(strings.Repeat("x", pad) + kefutest.AppSecret + "</html>"))
		}))
		res := kefu(t, dingEnv("DINGTALK_BASE_URL="+srv.URL), "", "send", "--event-code", "c", "--event-id", "e",
			"--biz-type", "b", "--bu-id", "1", "--source", "s", "--body", "{}")
		assert.Equal(t, 1, res.code, res.stderr)
		res = kefu(t, dingEnv("DINGTALK_BASE_URL="+srv.URL), "", "listen")
		assert.NotEqual(t, 0, res.code, res.stderr)
		srv.Close()
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage: kefu COMMAND"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"trigger", "user_add_org"}, "--url is required"},
		{[]string{"trigger", "--url", "http://x"}, "name the event TYPE"},
		{[]string{"trigger", "no_such_type", "--url", "http://x"}, `no sample of "no_such_type"`},
		{[]string{"trigger", "--desk", "Nope", "--url", "http://x"}, `unknown Desk event "Nope"`},
		{[]string{"decrypt"}, "--url is required"},
		{[]string{"send", "--event-id", "x"}, "--biz-type, --body, --bu-id, --event-code, --source are required"},
		{[]string{"send", "--event-id", "x", "--biz-type", "case", "--bu-id", "1", "--event-code", "c", "--source", "s"}, "--body is required"},
		{[]string{"types", "--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"listen", "extra"}, `unexpected argument "extra"`},
	} {
		r := kefu(t, dingEnv(), "", tc.args...)
		assert.Equal(t, 2, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
}

func TestHelpShowsEveryCommandWithAnExample(t *testing.T) {
	t.Parallel()
	r := kefu(t, nil, "", "help")
	require.Equal(t, 0, r.code)
	for _, c := range []string{"listen", "trigger", "decrypt", "send", "types"} {
		assert.Contains(t, r.stdout, "  "+c+" ")
		h := kefu(t, nil, "", c, "-h")
		assert.Equal(t, 0, h.code, c)
		assert.Contains(t, h.stdout, "Usage: kefu "+c, c)
		assert.Contains(t, h.stdout, "Example", c)
		assert.True(t, strings.HasPrefix(h.stdout, kefu(t, nil, "", "help", c).stdout), "kefu help %s is the start of kefu %s -h", c, c)
	}
}

func TestTypesListsEveryType(t *testing.T) {
	t.Parallel()
	r := kefu(t, nil, "", "types")
	require.Equal(t, 0, r.code, r.stderr)
	got := map[string]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(r.stdout), "\n") {
		var l struct{ Type, Go string }
		require.NoError(t, json.Unmarshal([]byte(line), &l), line)
		got[l.Type] = l.Go
	}
	require.Len(t, got, len(event.Types()))
	assert.Equal(t, "*event.OrgUserAdd", got["user_add_org"])
	assert.Equal(t, "*event.BpmTaskChange", got["bpms_task_change"])
}

// Every known type has a sample, and the sample is the event package's
// fixture (go generate ./cmd/kefu refreshes them).
func TestSamplesAreTheFixtures(t *testing.T) {
	t.Parallel()
	for _, typ := range event.Types() {
		sample, err := os.ReadFile(filepath.Join("samples", string(typ)+".json"))
		require.NoError(t, err, "no sample for %s", typ)
		fixture, err := os.ReadFile(filepath.Join("..", "..", "event", "testdata", string(typ)+".current.json"))
		require.NoError(t, err)
		assert.Equal(t, string(fixture), string(sample), "%s: run go generate ./cmd/kefu", typ)
		ev, err := event.Parse(sample)
		require.NoError(t, err, typ)
		assert.Equal(t, typ, ev.EventHeader().EventType)
	}
}

func TestDecryptThePublicVector(t *testing.T) {
	t.Parallel()
	const callbackURL = "https://example.com/cb?signature=f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc&timestamp=1605695694141&nonce=WelUQl6bCqcBa2fM"
	const body = `{"encrypt":"X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ=="}`
	r := kefu(t, dingEnv(), body, "decrypt", "--url", callbackURL)
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"plaintext":"success"}`, r.stdout)

	for name, tc := range map[string]struct {
		env  []string
		want string
	}{
		"token": {dingEnv("DINGTALK_CALLBACK_TOKEN=another-token"), "signature check failed"},
		"owner": {dingEnv("DINGTALK_OWNER_KEY=dingother"), "owner check failed"},
		"key":   {dingEnv("DINGTALK_AES_KEY=" + strings.Repeat("a", 43)), "decryption failed"},
		"unset": {[]string{"DINGTALK_CALLBACK_TOKEN=x"}, "set DINGTALK_AES_KEY, DINGTALK_OWNER_KEY"},
	} {
		r := kefu(t, tc.env, body, "decrypt", "--url", callbackURL)
		assert.Equal(t, 1, r.code, name)
		assert.Contains(t, r.stderr, tc.want, name)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %s", r.stderr)
	}
}

func TestTriggerDeliversATypedEventToTheReceiver(t *testing.T) {
	t.Parallel()
	got := make(chan *event.OrgUserAdd, 1)
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error { got <- e; return nil })
	srv := httptest.NewServer(dingcallback.NewHandler(kefutest.NewDingTalkCrypto(), r))
	t.Cleanup(srv.Close)

	res := kefu(t, dingEnv(), "", "trigger", "user_add_org", "--url", srv.URL)
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"status":200,"reply":"success"}`, res.stdout)
	e := <-got
	assert.NotEmpty(t, e.UserIDs)
	assert.NotEmpty(t, e.CorpID)

	data := filepath.Join(t.TempDir(), "ev.json")
	require.NoError(t, os.WriteFile(data, []byte(`{"EventType":"user_add_org","CorpId":"dingmine","UserId":["me"]}`), 0o600))
	res = kefu(t, dingEnv(), "", "trigger", "user_add_org", "--url", srv.URL, "--data", data)
	require.Equal(t, 0, res.code, res.stderr)
	e = <-got
	assert.Equal(t, []string{"me"}, e.UserIDs)
	assert.Equal(t, "dingmine", e.CorpID)

	// A receiver with another token refuses it: the CLI says so and exits 1.
	res = kefu(t, dingEnv("DINGTALK_CALLBACK_TOKEN=not-the-receivers"), "", "trigger", "user_add_org", "--url", srv.URL)
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stdout, `"status":403`)
	assert.Contains(t, res.stderr, "without the encrypted success")
}

func TestTriggerDeskSignsASessionEvent(t *testing.T) {
	t.Parallel()
	got := make(chan *deskcallback.SessionEvent, 1)
	srv := httptest.NewServer(deskcallback.NewHandler(deskcallback.Config{
		SdkAppID: kefutest.DeskSdkAppID, Token: kefutest.DeskToken,
		OnSessionEvent: func(_ context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			got <- ev
			return nil
		},
	}))
	t.Cleanup(srv.Close)
	res := kefu(t, dingEnv(), "", "trigger", "--desk", "ChatBot.UserSendMsg", "--url", srv.URL)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"ActionStatus":"OK"`)
	ev := <-got
	assert.Equal(t, deskcallback.EventChatBotUserSendMsg, ev.Event)
	require.Len(t, ev.MsgBody, 1)
	assert.IsType(t, &deskcallback.TextElem{}, ev.MsgBody[0].Content)

	res = kefu(t, dingEnv("DESK_CALLBACK_TOKEN=wrong-desk-token"), "", "trigger", "--desk", "SessionBegin", "--url", srv.URL)
	assert.Equal(t, 1, res.code, "a bad Sign is refused")
}

func TestSendPostsAnEventChange(t *testing.T) {
	t.Parallel()
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	args := []string{"send", "--event-code", "CASE_TASK_STATUS_CHANGE", "--event-id", "cli-1", "--biz-type", "CASE",
		"--bu-id", "100", "--source", "XSPACE", "--body", `{"caseId":123,"taskId":321}`}
	res := kefu(t, dingEnv("DINGTALK_BASE_URL="+dt.URL), "", args...)
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"ok":true,"event_id":"cli-1"}`, res.stdout)
	rec := dt.Received()
	require.Len(t, rec, 1)
	assert.Equal(t, "cli-1", rec[0].EventDTO["event_id"])
	assert.JSONEq(t, `{"caseId":123,"taskId":321}`, rec[0].EventDTO["event_body"].(string))

	dt.Script(kefutest.Reply{ErrCode: 88, ErrMsg: "no permission, access_token=" + dt.IssueToken() + " appsecret=" + kefutest.AppSecret})
	res = kefu(t, dingEnv("DINGTALK_BASE_URL="+dt.URL), "", args...)
	assert.Equal(t, 1, res.code)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &out), res.stdout)
	assert.Equal(t, false, out["ok"])
	assert.InDelta(t, 88, out["code"], 0)
	assert.Equal(t, false, out["retryable"])
	assert.Contains(t, res.stderr, "DingTalk refused the change")
}

func TestListenForwardsStreamEventsToALocalReceiver(t *testing.T) {
	t.Parallel()
	gw := kefutest.NewStreamGateway()
	t.Cleanup(gw.Close)
	got := make(chan event.Event, 4)
	fail := make(chan struct{}, 1)
	r := event.NewRouter()
	r.HandleDefault(func(_ context.Context, ev event.Event) error {
		select {
		case <-fail:
			return errors.New("receiver down")
		default:
		}
		got <- ev
		return nil
	})
	crypto := kefutest.NewDingTalkCrypto()
	h := dingcallback.NewHandler(crypto, r)
	plaintexts := make(chan []byte, 8) // what the receiver decrypted
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		peek := req.Clone(req.Context())
		peek.Body = io.NopCloser(bytes.NewReader(body))
		if plain, err := crypto.ValidateRequest(peek); err == nil {
			plaintexts <- plain
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)

	cmd := exec.Command(kefuBin, "listen", "--types", "user_add_org,user_leave_org", "--forward", srv.URL)
	cmd.Env = append(dingEnv("DINGTALK_BASE_URL="+gw.URL), "PATH="+os.Getenv("PATH"))
	var out, errOut kefutest.LogBuffer // safe to read while the process writes
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id := gw.PushEventHeaders(map[string]string{"eventType": "user_add_org", "eventId": "fwd-1", "eventCorpId": "ding1", "eventBornTime": "1690362102000"},
		[]byte(`{"userId":["u1"],"timeStamp":"1690362102000","notModelled":{"n":1.50}}`))
	ack, err := gw.WaitAcked(ctx, id)
	require.NoError(t, err, "stderr: %s", errOut.String())
	assert.Equal(t, "SUCCESS", ack.Status)
	ev := (<-got).(*event.OrgUserAdd)
	assert.Equal(t, []string{"u1"}, ev.UserIDs)
	assert.Equal(t, "ding1", ev.CorpID)
	assert.Equal(t, "fwd-1", ev.EventID)
	// The receiver got what DingTalk sent, keys kefu does not model
	// included, byte for byte in each value, and the envelope.
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(<-plaintexts, &fields))
	assert.Equal(t, `{"n":1.50}`, string(fields["notModelled"]))
	assert.Equal(t, `"1690362102000"`, string(fields["timeStamp"]))
	assert.Equal(t, `"user_add_org"`, string(fields["EventType"]))
	assert.Equal(t, `"fwd-1"`, string(fields["eventId"]))

	// A receiver that fails: LATER, so DingTalk pushes it again.
	fail <- struct{}{}
	id2 := gw.PushEvent(event.TypeUserLeaveOrg, "fwd-2", []byte(`{"userId":["u2"]}`))
	require.NoError(t, gw.Wait(ctx, func(g *kefutest.StreamGateway) bool {
		for _, a := range g.Acks() {
			if a.MessageID == id2 {
				return true
			}
		}
		return false
	}))
	for _, a := range gw.Acks() {
		if a.MessageID == id2 {
			assert.Equal(t, "LATER", a.Status)
		}
	}
	// A type not in --types is acknowledged and skipped; fwd-2, pushed
	// again, reaches the receiver, which takes it this time.
	waitOK, err := gw.WaitAcked(ctx, gw.PushEvent(event.TypeOrgChange, "skipped", []byte(`{}`)))
	require.NoError(t, err)
	assert.Equal(t, "SUCCESS", waitOK.Status)
	gw.Redeliver()
	_, err = gw.WaitAcked(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, "fwd-2", (<-got).EventHeader().EventID)

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait(), "Ctrl-C ends listen cleanly; stderr: %s", errOut.String())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, "fwd-1, and fwd-2 once it was delivered: %s", out.String())
	assert.Contains(t, lines[1], `"id":"fwd-2"`)
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &line))
	assert.Equal(t, "user_add_org", line["type"])
	assert.Equal(t, "fwd-1", line["id"])
	assert.Equal(t, "ding1", line["corp"])
	assert.InDelta(t, 1690362102000, line["time"], 0)
	assert.Contains(t, line["payload"], "UserId", "the typed payload")
	assert.Contains(t, errOut.String(), "fwd-2")
	noSecrets(t, out.String()+errOut.String())
}

func TestListenEndsOnRefusedCredentials(t *testing.T) {
	t.Parallel()
	gw := kefutest.NewStreamGateway()
	t.Cleanup(gw.Close)
	res := kefu(t, []string{"DINGTALK_APP_KEY=" + kefutest.AppKey, "DINGTALK_APP_SECRET=wrong-secret-value", "DINGTALK_BASE_URL=" + gw.URL}, "", "listen")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "authFailed")
	assert.NotContains(t, res.stderr, "wrong-secret-value")
}

// kefutest is for users' tests; the binary links it for kefu sandbox only,
// which serves its fakes (a newcomer's first run needs no account). No
// other command may reach the fakes' test credentials.
func TestOnlySandboxLinksKefutest(t *testing.T) {
	t.Parallel()
	deps := golist.Deps(t)
	assert.Contains(t, deps, "github.com/kefu-go/kefu/dingcallback", "the listing is of this binary")
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var importers []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range parsed.Imports {
			if imp.Path.Value == `"github.com/kefu-go/kefu/kefutest"` {
				importers = append(importers, f)
			}
		}
	}
	assert.Equal(t, []string{"sandbox.go"}, importers)
}

func deskEnv(base string) []string {
	return []string{"DESK_SDKAPPID=" + strconv.FormatInt(kefutest.DeskAppID, 10), "DESK_ADMIN_ID=" + kefutest.DeskAdminID,
		"DESK_SECRET_KEY=" + kefutest.DeskSecretKey, "DESK_BASE_URL=" + base}
}

func TestDeskActsOnASession(t *testing.T) {
	t.Parallel()
	srv := kefutest.NewDeskServer()
	t.Cleanup(srv.Close)
	res := kefu(t, deskEnv(srv.URL), "", "desk", "send", "--session", "s-1", "--text", "您好")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"ok":true}`, res.stdout)
	res = kefu(t, deskEnv(srv.URL), "", "desk", "transfer", "--session", "s-1", "--group", "7")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"ok":true,"agent":"agent@example.com","in_queue":false}`, res.stdout)
	res = kefu(t, deskEnv(srv.URL), "", "desk", "state", "--session", "s-1")
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"ok":true,"session":"session-1","state":"Chatbot","agent":""}`, res.stdout)
	srv.Script(kefutest.DeskReply{ErrorCode: 141004, ErrorInfo: "invalid SessionId"})
	res = kefu(t, deskEnv(srv.URL), "", "desk", "end", "--session", "nope")
	assert.Equal(t, 1, res.code)
	assert.JSONEq(t, `{"ok":false,"code":141004,"info":"invalid SessionId"}`, res.stdout)
	assert.NotContains(t, res.stdout+res.stderr, kefutest.DeskSecretKey)

	calls := srv.Calls()
	require.Len(t, calls, 4)
	assert.JSONEq(t, `{"SessionId":"s-1","AgentGroupId":7,"SendTipIfNoAgentOnline":0}`, string(calls[1].Body))

	res = kefu(t, deskEnv(srv.URL), "", "desk", "send", "--session", "s-1")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--text is required")
	res = kefu(t, deskEnv(srv.URL), "", "desk", "fly")
	assert.Equal(t, 2, res.code)
	res = kefu(t, nil, "", "desk", "end", "--session", "s")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "DESK_ADMIN_ID")
}

// kefu listen prints robot messages too; kefu trigger --robot posts a
// signed HTTP-mode robot message that dingbot's handler accepts.
func TestRobotMessagesListenAndTrigger(t *testing.T) {
	t.Parallel()
	gw := kefutest.NewStreamGateway()
	t.Cleanup(gw.Close)
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	cmd := exec.Command(kefuBin, "listen")
	cmd.Env = append(dingEnv("DINGTALK_BASE_URL="+gw.URL), "PATH="+os.Getenv("PATH"))
	var out, errOut kefutest.LogBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id := gw.PushCallback(dingbot.TopicMessage, dt.RobotMessage("你好，机器人", true))
	_, err := gw.WaitAcked(ctx, id)
	require.NoError(t, err, "stderr: %s", errOut.String())
	require.Eventually(t, func() bool { return strings.Contains(out.String(), `"robot"`) }, 10*time.Second, 10*time.Millisecond)
	var line struct {
		Robot map[string]string `json:"robot"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(out.String())), &line), out.String())
	assert.Equal(t, "你好，机器人", line.Robot["text"])
	assert.Equal(t, "customer01", line.Robot["sender"])
	assert.Equal(t, "2", line.Robot["conversationType"])
	require.NoError(t, cmd.Process.Signal(os.Interrupt))

	got := make(chan *dingbot.Message, 1)
	h, err := dingbot.NewHandler(kefutest.AppSecret, func(_ context.Context, m *dingbot.Message) error { got <- m; return nil })
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	res := kefu(t, dingEnv(), "", "trigger", "--robot", "退款多久到账？", "--url", srv.URL)
	require.Equal(t, 0, res.code, res.stderr)
	assert.JSONEq(t, `{"status":200}`, res.stdout)
	assert.Equal(t, "退款多久到账？", (<-got).Text)
	res = kefu(t, nil, "", "trigger", "--robot", "x", "--url", srv.URL)
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "DINGTALK_APP_SECRET")
}

// kefu recover fetches the failed pushes, prints them, and forwards them to
// the receiver; --dry-run prints only.
func TestRecoverPrintsAndForwards(t *testing.T) {
	t.Parallel()
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	got := make(chan event.Event, 4)
	r := event.NewRouter()
	r.HandleDefault(func(_ context.Context, ev event.Event) error { got <- ev; return nil })
	srv := httptest.NewServer(dingcallback.NewHandler(kefutest.NewDingTalkCrypto(), r))
	t.Cleanup(srv.Close)

	dt.AddFailedPushes(json.RawMessage(`{"user_add_org":{"userid":["zhangsan"],"corpid":"ding241f"},"call_back_tag":"user_add_org","event_time":1606126433000}`))
	res := kefu(t, dingEnv("DINGTALK_BASE_URL="+dt.URL), "", "recover", "--forward", srv.URL)
	require.Equal(t, 0, res.code, res.stderr)
	var line struct {
		Type    string         `json:"type"`
		Corp    string         `json:"corp"`
		Payload map[string]any `json:"payload"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &line), res.stdout)
	assert.Equal(t, "user_add_org", line.Type)
	assert.Equal(t, "ding241f", line.Corp)
	ev := (<-got).(*event.OrgUserAdd)
	assert.Equal(t, []string{"zhangsan"}, ev.UserIDs)
	assert.Contains(t, res.stderr, "1 events delivered")

	dt.AddFailedPushes(json.RawMessage(`{"org_change":{"corpid":"c","callbackData":{"eventId":"e-dry"}},"call_back_tag":"org_change","event_time":1}`))
	res = kefu(t, dingEnv("DINGTALK_BASE_URL="+dt.URL), "", "recover", "--dry-run")
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, `"e-dry"`)
	assert.Contains(t, res.stderr, "removed from DingTalk's list")
	assert.Empty(t, got, "--dry-run delivers nothing")
	res = kefu(t, dingEnv(), "", "recover")
	assert.Equal(t, 2, res.code)
}

// An unreachable gateway shows at once: each attempt and failure on
// stderr, and exit status 1 when no connection was ever made.
func TestListenNeverConnected(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	res := kefu(t, dingEnv("DINGTALK_BASE_URL=http://"+addr), "", "listen", "--connect-timeout", "1500ms")
	assert.Equal(t, 1, res.code, res.stderr)
	assert.Contains(t, res.stderr, "kefu listen: connecting (attempt 1)")
	assert.Contains(t, res.stderr, "kefu listen: retrying in ")
	assert.Contains(t, res.stderr, "connection refused")
	assert.Contains(t, res.stderr, "never connected to the Stream gateway: not connected after --connect-timeout 1.5s")
	assert.Empty(t, res.stdout)
}

func TestVersion(t *testing.T) {
	t.Parallel()
	res := kefu(t, nil, "", "version")
	assert.Equal(t, 0, res.code)
	assert.Regexp(t, `^github\.com/kefu-go/kefu `+regexp.QuoteMeta(kefuVersion)+` go1\.\d+`, res.stdout)
}

func TestHelpUnknownCommand(t *testing.T) {
	t.Parallel()
	res := kefu(t, nil, "", "help", "nope")
	assert.Equal(t, 2, res.code)
	assert.Equal(t, "kefu help: unknown command \"nope\" (kefu help lists them)\n", res.stderr)
	res = kefu(t, nil, "", "help", "sandbox")
	assert.Equal(t, 0, res.code)
	assert.Contains(t, res.stdout, "kefu sandbox push TYPE")
}

// The sandbox hands out test credentials: loopback only. A push it cannot
// do is bad usage.
func TestSandboxRefusals(t *testing.T) {
	t.Parallel()
	res := kefu(t, nil, "", "sandbox", "--addr", "0.0.0.0:0")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "loopback only")
	res = kefu(t, nil, "", "sandbox", "push", "user_add_org")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "KEFU_SANDBOX_URL")

	bg := startBackground(t, nil, []string{"kefu", "sandbox"})
	env := bg.exports(t)
	res = kefu(t, env, "", "sandbox", "push", "no_such_type")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `no sample of "no_such_type"`)
	res = kefu(t, env, "", "sandbox", "push", "robot")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "robot needs the message's text")
	res = kefu(t, env, "", "sandbox", "push", "failed")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "failed needs one event type")
	res = kefu(t, env, "", "sandbox", "push", "user_add_org", "extra")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, `unexpected "extra" after the event type`)

	// The push endpoint refuses a body that is not its JSON.
	var base string
	for _, kv := range env {
		if u, ok := strings.CutPrefix(kv, "KEFU_SANDBOX_URL="); ok {
			base = u
		}
	}
	require.NotEmpty(t, base)
	resp, err := http.Post(base+"/sandbox/push", "application/json", strings.NewReader("{"))
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	// A sandbox that is not running: said so, status 1.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	gone := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())
	res = kefu(t, []string{"KEFU_SANDBOX_URL=" + gone}, "", "sandbox", "push", "user_add_org")
	assert.Equal(t, 1, res.code)
	assert.Contains(t, res.stderr, "is kefu sandbox running?")
}

const kefuVersion = kefuroot.Version

// The values the help suggests are the library's own constants, spelt as
// DingTalk's and Tencent's pages spell them.
func TestHelpUsesLibraryValues(t *testing.T) {
	t.Parallel()
	send := kefu(t, nil, "", "help", "send").stdout
	for _, v := range []string{kefuroot.EventCodeCaseTaskStatusChange, kefuroot.BizTypeCase, kefuroot.SourceXSpace} {
		assert.Contains(t, send, v)
	}
	for _, wrong := range []string{"CASE_TASK_STATUS_CHANGE", "XSPACE", " CASE "} {
		assert.NotContains(t, send, wrong)
	}
	trigger := kefu(t, nil, "", "help", "trigger").stdout
	for _, v := range []string{deskcallback.CommandSessionEventNotify, string(deskcallback.EventSessionBegin), string(deskcallback.EventChatBotUserSendMsg)} {
		assert.Contains(t, trigger, v)
	}
}

// A negative --count is bad usage, said before the environment is read.
func TestListenNegativeCount(t *testing.T) {
	t.Parallel()
	res := kefu(t, nil, "", "listen", "--count", "-1")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--count -1: want 0 or more")
}
