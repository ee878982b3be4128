package deskcallback_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/internal/budget"
)

func seedFiles(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParseSessionEvent(f *testing.F) {
	seedFiles(f, "*.json")
	seedFiles(f, "events/*.json")
	f.Add([]byte(sessionEvent(nestedRelay(20))))
	f.Fuzz(func(t *testing.T, data []byte) {
		var ev *deskcallback.SessionEvent
		var err error
		if berr := budget.Check(len(data), func() { ev, err = deskcallback.ParseSessionEvent(data) }); berr != nil {
			t.Fatal(berr)
		}
		if err != nil {
			if ev != nil {
				t.Fatal("event with error")
			}
			return
		}
		out, err := json.Marshal(ev)
		if err != nil {
			t.Fatalf("parsed event does not marshal: %v", err)
		}
		if _, err := deskcallback.ParseSessionEvent(out); err != nil {
			t.Fatalf("marshalled event does not parse: %v\n%s", err, out)
		}
	})
}

func FuzzMsgBody(f *testing.F) {
	seedFiles(f, "elements/*.json")
	f.Add([]byte(nestedRelay(20)))
	f.Fuzz(func(t *testing.T, data []byte) {
		var body []deskcallback.MsgElement
		var err error
		if berr := budget.Check(len(data), func() { body, err = deskcallback.ParseMsgBody(data) }); berr != nil {
			t.Fatal(berr)
		}
		if err != nil {
			return
		}
		out, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("parsed body does not marshal: %v", err)
		}
		again, err := deskcallback.ParseMsgBody(out)
		if err != nil {
			t.Fatalf("marshalled body does not parse: %v\n%s", err, out)
		}
		if len(again) != len(body) {
			t.Fatalf("%d elements became %d", len(body), len(again))
		}
		for i := range body {
			if body[i].MsgType != again[i].MsgType {
				t.Fatalf("element %d: %q became %q", i, body[i].MsgType, again[i].MsgType)
			}
		}
	})
}
