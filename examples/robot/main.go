// Command robot is a DingTalk customer-service robot over Stream mode: it
// answers each message customers send it (a single chat, or a group that
// @-mentions it), and for a picture, audio, video or file, the link to
// download it. Each message is handled once (de-duplicated by msgId in
// memory; share a redisdedup store across replicas). Configure it from the
// environment:
//
//	DINGTALK_APP_KEY     the app's Client ID (AppKey)
//	DINGTALK_APP_SECRET  the app's Client Secret (AppSecret)
//	DINGTALK_ROBOT_CODE  the robot's code (the app's robot page)
//	DINGTALK_BASE_URL    another OpenAPI host (a fake, in tests)
//	DINGTALK_STREAM_URL  another Stream gateway (default DINGTALK_BASE_URL's)
//
// Turn on the app's robot in the developer console with Stream mode as the
// message receiving mode. SIGINT or SIGTERM stops it.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/examples/internal/serve"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, log); err != nil {
		log.Error("robot failed", "error", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, log *slog.Logger) error {
	env, err := serve.Getenv("from the DingTalk developer console: the app's Client ID and Secret, the robot's code",
		"DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_ROBOT_CODE")
	if err != nil {
		return err
	}
	clientOpts := []kefu.Option{kefu.WithAppCredentials(env["DINGTALK_APP_KEY"], env["DINGTALK_APP_SECRET"])}
	var senderOpts []dingbot.Option
	streamOpts := []dingstream.Option{dingstream.WithLogger(log), dingstream.WithObserver(serve.Deliveries(log))}
	if base := os.Getenv("DINGTALK_BASE_URL"); base != "" {
		clientOpts = append(clientOpts, kefu.WithBaseURL(base))
		senderOpts = append(senderOpts, dingbot.WithBaseURL(base))
		streamOpts = append(streamOpts, dingstream.WithBaseURL(base))
	}
	if gw := os.Getenv("DINGTALK_STREAM_URL"); gw != "" {
		streamOpts = append(streamOpts, dingstream.WithBaseURL(gw))
	}
	client, err := kefu.NewClient(clientOpts...)
	if err != nil {
		return err
	}
	sender, err := dingbot.NewSender(env["DINGTALK_ROBOT_CODE"], client.TokenSource(), append(senderOpts, dingbot.WithLogger(log))...)
	if err != nil {
		return err
	}
	store, err := dedup.NewMemory(24 * time.Hour)
	if err != nil {
		return err
	}
	stream, err := dingstream.New(env["DINGTALK_APP_KEY"], env["DINGTALK_APP_SECRET"], event.NewRouter(),
		append(streamOpts, dingstream.WithDeduplicator(store),
			dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(answer(sender, log))))...)
	if err != nil {
		return err
	}
	return stream.Run(ctx)
}

// answer replies to a customer's message; an error has the gateway push the
// message again (and the store makes sure it is answered once).
func answer(sender *dingbot.Sender, log *slog.Logger) func(context.Context, *dingbot.Message) error {
	return func(ctx context.Context, m *dingbot.Message) error {
		log.InfoContext(ctx, "robot message", "msg_id", m.MsgID, "msgtype", m.MsgType, "from", m.SenderNick)
		if code := m.DownloadCode(); code != "" {
			link, err := sender.DownloadURL(ctx, code)
			if err != nil {
				return err
			}
			return sender.Reply(ctx, m, dingbot.Markdown("已收到", fmt.Sprintf("已收到您的%s：[下载](%s)", m.MsgType, link)))
		}
		return sender.Reply(ctx, m, dingbot.Text("您好，已收到：“"+m.Text+"”，客服稍后回复您。"))
	}
}
