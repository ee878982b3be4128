// Command desk-callback is a Tencent Cloud IM Desk callback server that logs
// the typed session events it receives. Configure it from the environment:
//
//	DESK_SDKAPPID        the application's SDKAppID
//	DESK_CALLBACK_TOKEN  the callback authentication token
//	ADDR or PORT         where to listen: ADDR=127.0.0.1:8080 binds loopback, PORT=8080 all interfaces (default :8080)
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
	"syscall"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/examples/internal/serve"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("desk-callback failed", "error", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	env, err := serve.Getenv("from the IM console: the SDKAppID and the callback authentication token",
		"DESK_SDKAPPID", "DESK_CALLBACK_TOKEN")
	if err != nil {
		return err
	}

	h := deskcallback.NewHandler(deskcallback.Config{
		SdkAppID: env["DESK_SDKAPPID"],
		Token:    env["DESK_CALLBACK_TOKEN"],
		OnSessionEvent: func(ctx context.Context, q *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			attrs := []any{"event", ev.Event, "session", ev.SessionID, "user", ev.ClientUserID, "platform", q.OptPlatform}
			for _, el := range ev.MsgBody {
				if text, ok := el.Text(); ok {
					attrs = append(attrs, "text", text)
				} else {
					attrs = append(attrs, "element", el.MsgType)
				}
			}
			log.InfoContext(ctx, "session event", attrs...)
			// A real service hands ev to a durable queue here, before the
			// OK reply: Tencent does not deliver again.
			return nil
		},
		OnAssignHuman: func(ctx context.Context, _ *deskcallback.Query, req *deskcallback.AssignHumanRequest) (*deskcallback.AssignHumanResult, error) {
			log.InfoContext(ctx, "assign human", "session", req.SessionID, "user", req.ClientUserID)
			return nil, nil // let Desk choose
		},
	}, deskcallback.WithLogger(log))

	mux := http.NewServeMux()
	mux.Handle("/desk/callback", h)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve.Listen(ctx, mux, log)
}
