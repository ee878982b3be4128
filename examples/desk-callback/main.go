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
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("desk-callback failed", "error", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	env, err := getenv("from the IM console: the SDKAppID and the callback authentication token",
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
