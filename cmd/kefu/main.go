// Command kefu is the tool an integrator of DingTalk and Tencent IM Desk
// callbacks reaches for first: it receives real Stream-mode events and
// forwards them to a local HTTP receiver, sends sample callbacks, decrypts
// captured ones, posts event changes, fetches failed callbacks, acts on
// Desk sessions, and runs a sandbox of fakes to try all of it without an
// account.
//
//	go install ./cmd/kefu   # from a clone, until the module is published
//	kefu sandbox            # prints the environment that points kefu at its fakes
//	kefu help
//
// Secrets come only from the environment, never from flags (ps shows
// flags): DINGTALK_APP_KEY, DINGTALK_APP_SECRET, DINGTALK_CALLBACK_TOKEN,
// DINGTALK_AES_KEY, DINGTALK_OWNER_KEY, DESK_SDKAPPID, DESK_CALLBACK_TOKEN.
// DINGTALK_BASE_URL points send and listen at another host (a fake, in
// tests). No secret is ever printed.
//
// Exit status: 0 on success, 1 on failure, 2 on bad usage. Output goes to
// stdout as JSON fit for jq; errors go to stderr on one line.
package main

//go:generate sh gensamples.sh

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand.
type command struct {
	name, summary, usage string
	run                  func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{"listen", "receive events in Stream mode; print them or forward them to a local receiver", listenUsage, listen},
		{"trigger", "send a sample (or given) event to a callback URL, encrypted and signed", triggerUsage, trigger},
		{"decrypt", "verify and decrypt a captured DingTalk callback", decryptUsage, decrypt},
		{"send", "post an event change to DingTalk customer service", sendUsage, send},
		{"types", "list the known DingTalk event types and their Go payload types", typesUsage, types},
		{"desk", "act on a Tencent IM Desk session: send as the bot, transfer, end, state", deskUsage, desk},
		{"recover", "fetch the HTTP callbacks DingTalk gave up on; print or forward them", recoverUsage, recoverCmd},
		{"sandbox", "run fakes of DingTalk and Tencent IM Desk on loopback, to try every command without an account", sandboxUsage, sandboxCmd},
		{"version", "print kefu's module version and the Go version it was built with", versionUsage, versionCmd},
	}
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is the process environment and standard streams, so tests and the
// commands agree on where everything comes from.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// need returns the environment variables names, or an error naming those
// that are missing and what they are.
func (e *env) need(what string, names ...string) (map[string]string, error) {
	vals := map[string]string{}
	var missing []string
	for _, n := range names {
		if vals[n] = e.getenv(n); vals[n] == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("set %s (%s) in the environment", strings.Join(missing, ", "), what)
	}
	return vals, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					fmt.Fprint(e.stdout, c.usage)
					return 0
				}
			}
			fmt.Fprintf(e.stderr, "kefu help: unknown command %q (kefu help lists them)\n", args[1])
			return 2
		}
		printHelp(e.stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "kefu %s: %v\n(kefu %s -h shows the usage)\n", c.name, err, c.name)
			return 2
		default:
			fmt.Fprintf(e.stderr, "kefu %s: %v\n", c.name, oneLine(err.Error()))
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "kefu: unknown command %q (kefu help lists them)\n", args[0])
	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "kefu: DingTalk and Tencent IM Desk callbacks from the command line")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: kefu COMMAND [flags]")
	fmt.Fprintln(w)
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "kefu help COMMAND or kefu COMMAND -h shows a command's flags and an example.")
	fmt.Fprintln(w, "Secrets come from the environment only: DINGTALK_APP_KEY, DINGTALK_APP_SECRET,")
	fmt.Fprintln(w, "DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY, DINGTALK_OWNER_KEY, DESK_SDKAPPID,")
	fmt.Fprintln(w, "DESK_CALLBACK_TOKEN, DESK_ADMIN_ID, DESK_SECRET_KEY; DINGTALK_BASE_URL points send and listen at another host, DESK_BASE_URL desk.")
}

// flags returns a FlagSet for a command; parse prints its usage.
func flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kefu "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by run, on one line
	fs.Usage = func() {}
	return fs
}

// parse parses args: -h prints usage and the flags to stdout, a bad flag
// is a usage error.
func parse(e *env, fs *flag.FlagSet, usage string, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, usage)
		fmt.Fprintln(e.stdout, "\nFlags:")
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		return err
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
