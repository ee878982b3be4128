package main

import (
	"fmt"

	"github.com/kefu-go/kefu/event"
)

// eventJSON is how the CLI prints an event.
func eventJSON(ev event.Event) map[string]any {
	h := ev.EventHeader()
	out := map[string]any{"type": h.EventType, "id": h.EventID, "corp": h.CorpID, "time": h.EventTime, "go": fmt.Sprintf("%T", ev)}
	if u, ok := ev.(*event.Unknown); ok {
		out["payload"] = u.Raw
		if u.Err != nil {
			out["error"] = u.Err.Error()
		}
		return out
	}
	out["payload"] = ev
	return out
}
