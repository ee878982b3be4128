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
