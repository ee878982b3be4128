package event_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
	"github.com/kefu-go/kefu/internal/fixtures"
)

// checkDecoded asserts what every successful decode promises: a non-nil
// event that marshals, and whose marshalled form decodes again (by
// reparse: Parse, or Decode with the same header) to the same event —
// equal field by field when the input was valid UTF-8 (encoding/json
// writes invalid bytes as U+FFFD), of the same type otherwise.
func checkDecoded(t *testing.T, input []byte, ev event.Event, err error, reparse func([]byte) (event.Event, error)) {
	t.Helper()
	if err != nil {
		if ev != nil {
			t.Fatalf("error %v with non-nil event %T", err, ev)
		}
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		return
	}
	if ev == nil || ev.EventHeader().EventType == "" {
		t.Fatalf("nil event or empty type without error: %#v", ev)
	}
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("decoded %T does not marshal: %v", ev, err)
	}
	again, err := reparse(out)
	if err != nil {
		t.Fatalf("re-marshalled %T does not decode: %v\n%s", ev, err, out)
	}
	if reflect.TypeOf(again) != reflect.TypeOf(ev) {
		t.Fatalf("re-decode gave %T, want %T", again, ev)
	}
	if utf8.Valid(input) {
		require.Equal(t, compactRaw(t, ev), compactRaw(t, again), "round trip through %s", out)
	}
}

func FuzzParse(f *testing.F) {
	for _, fx := range loadFixtures(f, "testdata/*.json") {
		f.Add(fx.data)
	}
	for _, fx := range fixtures.Streams(f) {
		f.Add([]byte(fx.Data))
	}
	for _, typ := range event.Types() {
		f.Add([]byte(`{"EventType":"` + string(typ) + `"}`))
	}
	for _, fx := range loadFixtures(f, "testdata/pages/*.json") {
		f.Add(fx.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ev event.Event
		var err error
		if berr := budget.Check(len(data), func() { ev, err = event.Parse(data) }); berr != nil {
			t.Fatal(berr)
		}
		checkDecoded(t, data, ev, err, event.Parse)
	})
}

func FuzzDecode(f *testing.F) {
	for _, fx := range fixtures.Streams(f) {
		f.Add(fx.Headers["eventType"], fx.Headers["eventBornTime"], []byte(fx.Data))
	}
	for _, fx := range loadFixtures(f, "testdata/*.json") {
		f.Add("", "", fx.data)
	}
	for _, fx := range loadFixtures(f, "testdata/pages/*.json") {
		f.Add("", "1683533823336", fx.data)
	}
	f.Fuzz(func(t *testing.T, typ, born string, data []byte) {
		h, err := event.StreamHeader(map[string]string{"eventType": typ, "eventBornTime": born})
		if err != nil {
			return
		}
		var ev event.Event
		if berr := budget.Check(len(data), func() { ev, err = event.Decode(h, data) }); berr != nil {
			t.Fatal(berr)
		}
		checkDecoded(t, data, ev, err, func(b []byte) (event.Event, error) { return event.Decode(h, b) })
	})
}
