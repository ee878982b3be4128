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
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("dingtalk-callback failed", "error", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	env, err := getenv("from the DingTalk developer console: event subscription settings and the app's appKey",
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
		dingcallback.WithDeduplicator(store)))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return listen(ctx, mux, log)
}

// listen serves h until ctx ends, then shuts down gracefully. The
// timeouts matter: without ReadTimeout a client that trickles its body a
// byte a second holds a connection forever. ADDR (such as 127.0.0.1:8080,
// loopback only) or PORT (all interfaces) says where; the default is :8080.
func listen(ctx context.Context, h http.Handler, log *slog.Logger) error {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":" + cmp.Or(os.Getenv("PORT"), "8080")
	}
	srv := newServer(addr, h)
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Info("listening", "addr", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// getenv reads the named variables, or says which are missing and where
// to find them.
func getenv(where string, names ...string) (map[string]string, error) {
	env := map[string]string{}
	var missing []string
	for _, n := range names {
		if env[n] = os.Getenv(n); env[n] == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("set %s (%s)", strings.Join(missing, ", "), where)
	}
	return env, nil
}

// newServer is an http.Server for h with every timeout set.
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 15 * time.Second, IdleTimeout: time.Minute}
}
