package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kefu-go/kefu/event"
)

const typesUsage = `Usage: kefu types

Lists the DingTalk event types kefu decodes into typed payloads, one JSON
object per line, with the DingTalk pages each payload was checked against:
{"type":"user_add_org","go":"*event.OrgUserAdd","pages":["https://…"]}.

Example:
  kefu types | jq -r .type
`

func types(_ context.Context, e *env, args []string) error {
	fs := flags("types")
	if err := parse(e, fs, typesUsage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	ts := event.Types()
	slices.Sort(ts)
	enc := json.NewEncoder(e.stdout)
	for _, t := range ts {
		line := struct {
			Type  event.Type `json:"type"`
			Go    string     `json:"go"`
			Pages []string   `json:"pages,omitempty"`
		}{t, fmt.Sprintf("%T", event.New(t)), event.Pages(t)}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}
