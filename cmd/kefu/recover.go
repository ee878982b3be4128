package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingrecover"
	"github.com/kefu-go/kefu/event"
)

const recoverUsage = `Usage: kefu recover --forward URL [--tags a,b]
       kefu recover --dry-run [--tags a,b]

Fetches the HTTP callbacks DingTalk gave up on (its list of failed pushes,
and with --tags the third-party fail records of those tags), turns each into
the event its live callback would have delivered, prints it as one JSON line
{"type":…,"id":…,"corp":…,"time":…,"payload":{…}}, and with --forward
delivers it to your HTTP receiver as an encrypted, signed callback.

Fetching consumes DingTalk's list: with --dry-run the events are printed
and not delivered anywhere, and are gone from the list. An event the
receiver refuses is printed to stderr; it is not fetched again.

Environment: DINGTALK_APP_KEY, DINGTALK_APP_SECRET; with --forward also
DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY, DINGTALK_OWNER_KEY (those your
receiver uses). DINGTALK_BASE_URL points at another host.

Examples:
  kefu recover --forward http://localhost:8080/dingtalk/callback
  kefu recover --dry-run | jq .
`

func recoverCmd(ctx context.Context, e *env, args []string) error {
	fs := flags("recover")
	forward := fs.String("forward", "", "the local callback URL to deliver each event to")
	dryRun := fs.Bool("dry-run", false, "print the events only (fetching still consumes DingTalk's list)")
	tagList := fs.String("tags", "", "comma-separated tags of third-party fail records to fetch too")
	if err := parse(e, fs, recoverUsage, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected argument %q", fs.Arg(0))
	case *forward == "" && !*dryRun:
		return usagef("name --forward URL, or --dry-run to print only")
	case *forward != "" && *dryRun:
		return usagef("give --forward URL or --dry-run, not both")
	}
	v, err := e.need("the app's credentials from the DingTalk developer console", "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET")
	if err != nil {
		return err
	}
	crypto, err := forwardCrypto(e, *forward)
	if err != nil {
		return err
	}
	clientOpts := []kefu.Option{kefu.WithAppCredentials(v["DINGTALK_APP_KEY"], v["DINGTALK_APP_SECRET"])}
	var recOpts []dingrecover.Option
	if base := e.getenv("DINGTALK_BASE_URL"); base != "" {
		clientOpts = append(clientOpts, kefu.WithBaseURL(base))
		recOpts = append(recOpts, dingrecover.WithBaseURL(base))
	}
	var tags []string
	for t := range strings.SplitSeq(*tagList, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		recOpts = append(recOpts, dingrecover.WithFailRecords(tags...))
	}
	client, err := kefu.NewClient(clientOpts...)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	enc := json.NewEncoder(e.stdout)
	refused := 0
	r := event.NewRouter()
	r.HandleDefault(func(ctx context.Context, ev event.Event) error {
		line := eventJSON(ev)
		delete(line, "go")
		mu.Lock()
		defer mu.Unlock()
		if crypto != nil {
			if err := forwardEvent(ctx, crypto, *forward, ev); err != nil {
				h := ev.EventHeader()
				fmt.Fprintf(e.stderr, "kefu recover: %s %s: %v\n", h.EventType, h.EventID, err)
				refused++
				return nil // printed: the list is consumed, a retry in this run would not help
			}
		}
		return enc.Encode(line)
	})
	rec, err := dingrecover.New(client.TokenSource(), r, recOpts...)
	if err != nil {
		return err
	}
	n, err := rec.Poll(ctx)
	if *dryRun {
		fmt.Fprintf(e.stderr, "kefu recover: %d events fetched (and removed from DingTalk's list)\n", n)
	} else {
		fmt.Fprintf(e.stderr, "kefu recover: %d events delivered, %d refused by the receiver\n", n-refused, refused)
	}
	if err != nil {
		return err
	}
	if refused > 0 {
		return fmt.Errorf("%d events were refused by the receiver", refused)
	}
	return nil
}
