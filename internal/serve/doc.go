// Package serve runs the example servers: listen, serve, and shut down
// gracefully when the context ends (SIGINT/SIGTERM in the examples), and read
// their configuration from the environment with a clear message for what is
// missing.
//
//	env, err := serve.Env("where to find them", "TOKEN", "SECRET")
//	…
//	err = serve.Run(ctx, serve.Addr(), mux, logger)
package serve
