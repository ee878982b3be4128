// Command dingtalk-callback is a DingTalk event-callback server that logs the
// typed events it receives. Configure it from the environment:
//
//	DINGTALK_CALLBACK_TOKEN  the callback token (签名 Token) from the developer console
//	DINGTALK_AES_KEY         the 43-character EncodingAESKey
//	DINGTALK_OWNER_KEY       the appKey (internal app), suiteKey (third-party app) or corpId
//	ADDR or PORT             where to listen: ADDR=127.0.0.1:8080 binds loopback, PORT=8080 all interfaces (default :8080)
//
// and point DingTalk's event subscription at http://<host>:<port>/dingtalk/callback.
// SIGINT or SIGTERM shuts it down gracefully.
package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/examples/internal/serve"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("dingtalk-callback failed", "error", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	env, err := serve.Getenv("from the DingTalk developer console: event subscription settings and the app's appKey",
		"DINGTALK_CALLBACK_TOKEN", "DINGTALK_AES_KEY", "DINGTALK_OWNER_KEY")
	if err != nil {
		return err
	}
	crypto, err := dingcallback.NewCrypto(env["DINGTALK_CALLBACK_TOKEN"], env["DINGTALK_AES_KEY"], env["DINGTALK_OWNER_KEY"])
	if err != nil {
		return err
	}

	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
		log.InfoContext(ctx, "users joined", "corp", e.CorpID, "users", e.UserIDs, "by", e.OptStaffID)
		return nil
	})
	event.Handle(r, func(ctx context.Context, e *event.BpmTaskChange) error {
		log.InfoContext(ctx, "approval task", "instance", e.ProcessInstanceID, "task", e.TaskID, "type", e.Type, "result", e.Result)
		return nil
	})
	r.HandleDefault(func(ctx context.Context, e event.Event) error {
		h := e.EventHeader()
		// The payload as JSON: an unknown type (or one that did not decode)
		// as received, a known one as its typed fields.
		payload, _ := json.Marshal(e)
		if u, ok := e.(*event.Unknown); ok {
			payload = u.Raw
		}
		log.InfoContext(ctx, "event", "type", h.EventType, "corp", h.CorpID, "id", h.EventID, "payload", string(payload))
		return nil
	})

	store, err := dedup.NewMemory(24 * time.Hour)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/dingtalk/callback", dingcallback.NewHandler(crypto, r,
		dingcallback.WithLogger(log),
		dingcallback.WithHandlerTimeout(1200*time.Millisecond),
		dingcallback.WithDeduplicator(store),
		dingcallback.WithObserver(serve.Deliveries(log))))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve.Listen(ctx, mux, log)
}
