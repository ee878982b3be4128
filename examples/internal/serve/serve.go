// Package serve is what the example servers share: reading their
// configuration from the environment and serving HTTP with every timeout
// set until a signal. Copy it along with an example.
package serve

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kefu-go/kefu/observe"
)

// Listen serves h until ctx ends, then shuts down gracefully. The
// timeouts matter: without ReadTimeout a client that trickles its body a
// byte a second holds a connection forever. ADDR (such as 127.0.0.1:8080,
// loopback only) or PORT (all interfaces) says where; the default is :8080.
func Listen(ctx context.Context, h http.Handler, log *slog.Logger) error {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":" + cmp.Or(os.Getenv("PORT"), "8080")
	}
	srv := NewServer(addr, h)
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

// Getenv reads the named variables, or says which are missing and where
// to find them.
func Getenv(where string, names ...string) (map[string]string, error) {
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

// NewServer is an http.Server for h with every timeout set.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 15 * time.Second, IdleTimeout: time.Minute}
}

// Deliveries is an observe.Observer that logs, at INFO, each delivery the
// receivers acknowledged without calling the handler because it was
// handled before — so a repeated kefu trigger, or DingTalk pushing an event
// again, shows in the log rather than looking like a handler that did not
// run — and each one asked to come again because it is still in flight.
// The receivers themselves log these at DEBUG.
func Deliveries(log *slog.Logger) observe.Observer { return deliveries{log: log} }

type deliveries struct {
	observe.Nop
	log *slog.Logger
}

func (o deliveries) StartDelivery(ctx context.Context, d observe.Delivery) (context.Context, func(observe.DeliveryResult)) {
	return ctx, func(r observe.DeliveryResult) {
		switch r.Outcome {
		case observe.Duplicate:
			o.log.Info("duplicate acknowledged: handled before, the handler did not run again",
				"receiver", d.Receiver, "type", d.Type, "id", d.ID)
		case observe.InFlight:
			o.log.Info("still being handled: asked to deliver again later",
				"receiver", d.Receiver, "type", d.Type, "id", d.ID)
		}
	}
}
