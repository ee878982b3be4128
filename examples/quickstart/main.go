// Command quickstart runs all of kefu on loopback, with no credentials and
// no network: a fake DingTalk OpenAPI, the real client, and both callback
// handlers on real local HTTP servers, and the Stream-mode client against a
// fake Stream gateway.
//
//	go run ./examples/quickstart
//
// It prints what each step did and exits non-zero if any step fails.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	steps := []struct {
		name string
		run  func(context.Context) (string, error)
	}{
		{"event change  ", eventChange},
		{"dingtalk event", dingtalkCallback},
		{"desk message  ", deskCallback},
		{"stream event  ", streamEvent},
		{"robot message ", robotMessage},
	}
	failed := false
	for i, s := range steps {
		out, err := s.run(ctx)
		if err != nil {
			fmt.Printf("%d. %s  FAIL  %v\n", i+1, s.name, err)
			failed = true
			continue
		}
		fmt.Printf("%d. %s  ok    %s\n", i+1, s.name, out)
	}
	if failed {
		os.Exit(1)
	}
	fmt.Println("all steps passed; next: go test ./...")
}

// eventChange sends an event change through the real client to the fake
// DingTalk OpenAPI.
func eventChange(ctx context.Context) (string, error) {
	dingtalk := kefutest.NewDingTalkServer()
	defer dingtalk.Close()
	c, err := kefu.NewClient(
		kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret),
		kefu.WithBaseURL(dingtalk.URL),
	)
	if err != nil {
		return "", err
	}
	// The first answer is "system busy": the client retries.
	dingtalk.Script(kefutest.Reply{ErrCode: kefu.CodeSystemBusy, ErrMsg: "系统繁忙"})
	err = c.ChangeEvent(ctx, &kefu.EventDTO{
		EventCode: kefu.EventCodeCaseTaskStatusChange,
		EventID:   "quickstart-1",
		BizType:   kefu.BizTypeCase,
		BuID:      "100",
		Source:    kefu.SourceXSpace,
		EventBody: kefu.CaseTaskStatusChange{CaseID: 123, TaskID: 321, CaseName: "退费申请", TaskName: "审核", ServiceID: "quickstart"},
	})
	if err != nil {
		return "", err
	}
	got := dingtalk.Received()
	return fmt.Sprintf("ChangeEvent accepted after %d attempts (errcode -1, then ok); %d token fetch; event_body %s",
		len(got), dingtalk.TokenFetches(), got[len(got)-1].EventDTO["event_body"]), nil
}

// dingtalkCallback delivers an encrypted DingTalk event to the real
// dingcallback handler on a local server.
func dingtalkCallback(ctx context.Context) (string, error) {
	crypto := kefutest.NewDingTalkCrypto()
	r := event.NewRouter()
	got := make(chan *event.OrgUserAdd, 1)
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		got <- e
		return nil
	})
	url, stop, err := serveLocal(dingcallback.NewHandler(crypto, r))
	if err != nil {
		return "", err
	}
	defer stop()

	req, err := kefutest.NewDingTalkRequest(crypto, url,
		`{"EventType":"user_add_org","EventTime":1663143335567,"CorpId":"ding9f50b15bccd16741","eventId":"c7c7","userId":["015xxxx227"],"timeStamp":"1685501863357"}`)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	reply, err := kefutest.OpenDingTalkReply(crypto, resp.Body)
	if err != nil {
		return "", fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	select {
	case e := <-got:
		return fmt.Sprintf("*event.OrgUserAdd users=%v corp=%s at %s; encrypted reply %q",
			e.UserIDs, e.CorpID, e.TimeStamp.Time().UTC().Format(time.RFC3339), reply), nil
	default:
		return "", errors.New("the typed handler was not called")
	}
}

// deskCallback delivers a signed Desk.SessionEventNotify to the real
// deskcallback handler on a local server, whose handler answers the
// customer through Desk's REST API (deskapi, on kefutest's fake Desk
// server).
func deskCallback(ctx context.Context) (string, error) {
	rest := kefutest.NewDeskServer()
	defer rest.Close()
	desk, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithBaseURL(rest.URL))
	if err != nil {
		return "", err
	}
	got := make(chan *deskcallback.SessionEvent, 1)
	h := deskcallback.NewHandler(deskcallback.Config{
		SdkAppID: kefutest.DeskSdkAppID,
		Token:    kefutest.DeskToken,
		OnSessionEvent: func(ctx context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			got <- ev
			return desk.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: ev.SessionID, MsgBody: deskapi.Text("您好，已收到您的问题")})
		},
	})
	url, stop, err := serveLocal(h)
	if err != nil {
		return "", err
	}
	defer stop()

	req, err := kefutest.NewDeskRequest(url, kefutest.DeskSdkAppID, kefutest.DeskToken, deskcallback.CommandSessionEventNotify,
		`{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"2baf4d84-beb4-4607-a1ea-6ebcaef3e0e6","Event":"ChatBot.UserSendMsg","EventTime":1725540020017,"ChannelType":"SDK","ClientUserId":"your_user_id","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"请问如何申请退费?"}}]}`)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if !strings.Contains(string(reply), `"ActionStatus":"OK"`) {
		return "", fmt.Errorf("HTTP %d: %s", resp.StatusCode, reply)
	}
	select {
	case ev := <-got:
		text, _ := ev.MsgBody[0].Text()
		calls := rest.Calls()
		if len(calls) != 1 || calls[0].Command != "send_msg" {
			return "", fmt.Errorf("the bot's answer did not reach Desk: %d calls", len(calls))
		}
		return fmt.Sprintf("%s from %s: %q; reply %s; answered through send_msg", ev.Event, ev.ClientUserID, text, reply), nil
	default:
		return "", errors.New("the session handler was not called")
	}
}

// serveLocal serves h on a free loopback port and returns its URL and a
// function that stops it.
func serveLocal(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/callback", func() { _ = srv.Close() }, nil
}

// streamEvent runs the real Stream-mode client against the fake gateway:
// the gateway pushes an event frame, the client decodes it, the typed
// handler takes it, and the gateway records the SUCCESS answer.
func streamEvent(ctx context.Context) (string, error) {
	gw := kefutest.NewStreamGateway()
	defer gw.Close()
	r := event.NewRouter()
	got := make(chan *event.OrgUserAdd, 1)
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		got <- e
		return nil
	})
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r, dingstream.WithBaseURL(gw.URL))
	if err != nil {
		return "", err
	}
	defer runStream(ctx, c, "stream client")()

	id := gw.PushEventHeaders(map[string]string{
		"eventType": "user_add_org", "eventId": "quickstart-stream", "eventCorpId": "ding9f50b15bccd16741", "eventBornTime": "1690362102000",
	}, []byte(`{"userId":["015xxxx227"],"timeStamp":"1690362102000"}`))
	ack, err := gw.WaitAcked(ctx, id)
	if err != nil {
		return "", fmt.Errorf("no SUCCESS from the client: %w", err)
	}
	e := <-got
	return fmt.Sprintf("*event.OrgUserAdd users=%v corp=%s over a WebSocket; answered %s",
		e.UserIDs, e.CorpID, ack.Status), nil
}

// runStream runs c until the function it returns is called, which stops
// it and reports how Run ended.
func runStream(ctx context.Context, c *dingstream.Client, name string) (stop func()) {
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- c.Run(runCtx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			fmt.Println(name+":", err)
		}
	}
}

// robotMessage runs a robot over the fake gateway: a customer's message
// arrives typed (dingbot.OnMessage), and the robot answers through the
// message's sessionWebhook on the fake OpenAPI (dingbot.Sender).
func robotMessage(ctx context.Context) (string, error) {
	gw, dt := kefutest.NewStreamGateway(), kefutest.NewDingTalkServer()
	defer gw.Close()
	defer dt.Close()
	client, err := kefu.NewClient(kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithBaseURL(dt.URL))
	if err != nil {
		return "", err
	}
	sender, err := dingbot.NewSender(kefutest.RobotCode, client.TokenSource(), dingbot.WithBaseURL(dt.URL))
	if err != nil {
		return "", err
	}
	got := make(chan *dingbot.Message, 1)
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithBaseURL(gw.URL),
		dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(ctx context.Context, m *dingbot.Message) error {
			got <- m
			return sender.Reply(ctx, m, dingbot.Text("您好，退款 1-3 个工作日到账"))
		})))
	if err != nil {
		return "", err
	}
	defer runStream(ctx, c, "robot stream client")()

	id := gw.PushCallback(dingbot.TopicMessage, dt.RobotMessage("退款多久到账？", false))
	if _, err := gw.WaitAcked(ctx, id); err != nil {
		return "", fmt.Errorf("the robot did not answer the frame: %w", err)
	}
	m := <-got
	calls := dt.RobotCalls()
	if len(calls) != 1 || calls[0].API != "webhook" {
		return "", fmt.Errorf("the reply did not reach the webhook: %d calls", len(calls))
	}
	return fmt.Sprintf("%s from %s: %q; replied through its sessionWebhook %s", m.MsgType, m.SenderNick, m.Text, calls[0].Body), nil
}
