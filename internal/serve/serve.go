package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// Timeouts of the example servers. A callback body is small and DingTalk
// waits 1.5 s for the answer: a client that trickles its request, or holds
// an idle connection, is cut off instead of holding it forever.
var (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second // the whole request, body included
	WriteTimeout      = 15 * time.Second // from the end of the headers to the end of the answer
	IdleTimeout       = 60 * time.Second
)

// NewServer returns an http.Server for h with the timeouts above and 64 KiB
// of headers at most.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// Run serves h on addr until ctx ends, then shuts down, giving in-flight
// requests up to 10 seconds.
func Run(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := NewServer(h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String())

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Env reads the named environment variables. When some are empty it
// returns an error that lists them, sorted, followed by hint.
func Env(hint string, names ...string) (map[string]string, error) {
	env := make(map[string]string, len(names))
	var missing []string
	for _, n := range names {
		if env[n] = os.Getenv(n); env[n] == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("set %s (%s)", strings.Join(missing, ", "), hint)
	}
	return env, nil
}

// Addr returns the listen address from the ADDR environment variable (such
// as 127.0.0.1:8080, to bind loopback only), else from PORT (all
// interfaces; a PORT that holds a host:port is taken whole), else ":8080".
func Addr() string {
	if a := os.Getenv("ADDR"); a != "" {
		return a
	}
	if p := os.Getenv("PORT"); p != "" {
		if strings.Contains(p, ":") {
			return p
		}
		return ":" + p
	}
	return ":8080"
}
