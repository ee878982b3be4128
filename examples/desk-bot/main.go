// Command desk-bot is a Tencent Cloud IM Desk bot: it receives
// Desk.SessionEventNotify callbacks and answers each message a customer
// sends the bot (ChatBot.UserSendMsg) through Desk's REST API, and hands
// the session to a person when the customer asks for one (人工, human,
// agent). Configure it from the environment:
//
//	DESK_SDKAPPID        the application's SDKAppID
//	DESK_CALLBACK_TOKEN  the callback authentication token
//	DESK_ADMIN_ID        an App administrator account
//	DESK_SECRET_KEY      the IM console's secret key (密钥)
//	DESK_BASE_URL        another REST domain (default China's; deskapi.BaseURL* name the others)
//	ADDR or PORT         where to listen (default :8080)
//
// and set the Desk callback URL to http://<host>:<port>/desk/callback.
// SIGINT or SIGTERM shuts it down gracefully.
package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/examples/internal/serve"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("desk-bot failed", "error", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	env, err := serve.Getenv("from the IM console: the SDKAppID, the callback token, an administrator and the secret key",
		"DESK_SDKAPPID", "DESK_CALLBACK_TOKEN", "DESK_ADMIN_ID", "DESK_SECRET_KEY")
	if err != nil {
		return err
	}
	appID, err := strconv.ParseInt(env["DESK_SDKAPPID"], 10, 64)
	if err != nil {
		return err
	}
	var opts []deskapi.Option
	if base := os.Getenv("DESK_BASE_URL"); base != "" {
		opts = append(opts, deskapi.WithBaseURL(base))
	}
	desk, err := deskapi.New(appID, env["DESK_ADMIN_ID"], env["DESK_SECRET_KEY"], append(opts, deskapi.WithLogger(log))...)
	if err != nil {
		return err
	}
	h, err := deskcallback.New(deskcallback.Config{
		SdkAppID:       env["DESK_SDKAPPID"],
		Token:          env["DESK_CALLBACK_TOKEN"],
		OnSessionEvent: bot(desk, log),
	}, deskcallback.WithLogger(log))
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/desk/callback", h)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve.Listen(ctx, mux, log)
}

// bot answers the customer's messages to the bot: a person on request, an
// echo otherwise. An error makes Desk's reply FAIL (Tencent does not
// deliver again: a real bot queues what it cannot do at once).
func bot(desk *deskapi.Client, log *slog.Logger) func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error {
	return func(ctx context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
		if ev.Event != deskcallback.EventChatBotUserSendMsg {
			return nil
		}
		var b strings.Builder
		for _, el := range ev.MsgBody {
			if t, ok := el.Text(); ok {
				b.WriteString(t)
			}
		}
		text := b.String()
		if wantsPerson(text) {
			res, err := desk.TransferToHuman(ctx, &deskapi.TransferRequest{SessionID: ev.SessionID, SendTipIfNoAgentOnline: true})
			if err != nil {
				return err
			}
			log.InfoContext(ctx, "handed to a person", "session", ev.SessionID, "agent", res.AgentID, "queued", res.IsInQueue)
			return nil
		}
		return desk.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: ev.SessionID,
			MsgBody: deskapi.Text("收到：" + text + "（回复“人工”转人工客服）")})
	}
}

// wantsPerson reports whether the customer asks for a person.
func wantsPerson(text string) bool {
	t := strings.ToLower(text)
	for _, w := range []string{"人工", "转人工", "human", "agent", "person"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}
