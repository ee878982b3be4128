// Command stream receives the app's DingTalk events in Stream mode: no
// public URL, no callback token, no AES key. It logs every event and
// acknowledges it; Ctrl-C stops it after the events in flight.
//
//	DINGTALK_APP_KEY=… DINGTALK_APP_SECRET=… go run ./examples/stream
//
// In the developer console, under 事件与回调 → 订阅管理, set 推送方式 to
// "Stream 模式" and pick the events to receive. DINGTALK_BASE_URL
// overrides the gateway's address (for a fake, such as
// kefutest.NewStreamGateway).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/examples/internal/serve"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "stream:", err)
		os.Exit(1)
	}
}

func run() error {
	key, secret := os.Getenv("DINGTALK_APP_KEY"), os.Getenv("DINGTALK_APP_SECRET")
	var missing []string
	if key == "" {
		missing = append(missing, "DINGTALK_APP_KEY")
	}
	if secret == "" {
		missing = append(missing, "DINGTALK_APP_SECRET")
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing environment variables %s (the app's Client ID and Client Secret from the DingTalk developer console)",
			strings.Join(missing, ", "))
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))

	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
		log.InfoContext(ctx, "users joined", "users", e.UserIDs, "corp", e.CorpID)
		return nil
	})
	event.Handle(r, func(ctx context.Context, e *event.BpmInstanceChange) error {
		log.InfoContext(ctx, "approval changed", "instance", e.ProcessInstanceID, "type", e.Type, "result", e.Result)
		return nil
	})
	r.HandleDefault(func(ctx context.Context, ev event.Event) error {
		h := ev.EventHeader()
		log.InfoContext(ctx, "event", "type", h.EventType, "id", h.EventID, "corp", h.CorpID)
		return nil
	})

	// DingTalk may push an event again even after SUCCESS: handle each once.
	// With several replicas, use github.com/kefu-go/kefu/redisdedup instead.
	store, err := dedup.NewMemory(24 * time.Hour)
	if err != nil {
		return err
	}
	opts := []dingstream.Option{dingstream.WithLogger(log), dingstream.WithDeduplicator(store),
		dingstream.WithObserver(serve.Deliveries(log))}
	if base := os.Getenv("DINGTALK_BASE_URL"); base != "" {
		opts = append(opts, dingstream.WithBaseURL(base))
	}
	c, err := dingstream.New(key, secret, r, opts...)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Info("receiving DingTalk events in Stream mode; Ctrl-C to stop")
	return c.Run(ctx)
}
