package dingstream

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
	"github.com/kefu-go/kefu/internal/fixtures"
	"github.com/kefu-go/kefu/internal/streamwire"
)

// FuzzFrame feeds the frame decoder what the read loop gets from the
// WebSocket: it must never panic, must stay within the allocation budget,
// and must turn every EVENT frame it accepts into an event (an *Unknown at
// worst) carrying the frame's type and id.
func FuzzFrame(f *testing.F) {
	for _, fx := range fixtures.Streams(f) {
		fx.Headers["messageId"] = "m-" + fx.Name
		wire, err := streamwire.AppendFrame(nil, &streamwire.Frame{Type: streamwire.TypeEvent, Headers: fx.Headers, Data: []byte(fx.Data)})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(wire)
	}
	f.Add([]byte(`{"type":"SYSTEM","headers":{"topic":"ping","messageId":"m"},"data":"{\"opaque\":\"x\"}"}`))
	// SYSTEM frames without a messageId (the protocol page's disconnect) and
	// of topics the protocol does not list.
	f.Add([]byte(`{"specVersion":"1.0","type":"SYSTEM","headers":{"topic":"disconnect","contentType":"application/json"},"data":"{\"reason\":\"persistent connection is timeout\"}"}`))
	f.Add([]byte(`{"type":"SYSTEM","headers":{"topic":"KEEPALIVE","messageId":"k"},"data":"{}"}`))
	f.Add([]byte(`{"type":"EVENT","headers":{"messageId":"m","eventType":"user_add_org","eventBornTime":"x"},"data":{"userId":[1]}}`))
	f.Fuzz(func(t *testing.T, msg []byte) {
		var fr *streamwire.Frame
		var ev event.Event
		var perr error
		if berr := budget.Check(len(msg), func() {
			fr, perr = streamwire.ParseFrame(msg)
			if perr == nil && fr.Type == streamwire.TypeEvent {
				ev = decodeEvent(fr)
			}
		}); berr != nil {
			t.Fatal(berr)
		}
		if perr != nil {
			if perr.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if fr.MessageID() == "" && fr.Type != streamwire.TypeSystem {
			t.Fatal("a frame without messageId was accepted")
		}
		if fr.Type != streamwire.TypeEvent {
			return
		}
		if ev == nil {
			t.Fatal("an EVENT frame gave no event")
		}
		h := ev.EventHeader()
		if want := fr.Headers[event.StreamHeaderEventID]; want != "" && h.EventID != want {
			t.Fatalf("event id %q, frame says %q", h.EventID, want)
		}
		if u, ok := ev.(*event.Unknown); ok && u.Err == nil && slices.Contains(event.Types(), u.EventType) {
			t.Fatalf("a known type %q came back as *Unknown without Err", u.EventType)
		}
	})
}

// TestFrameBudget bounds what the frame decoder allocates for the worst
// shapes a gateway (or anything on the path) could send. Not parallel:
// budget.Measure counts the whole process.
func TestFrameBudget(t *testing.T) {
	const n = 1 << 18
	headers := map[string]string{"messageId": "m", "eventType": "label_conf_add"}
	for i := range n / 16 {
		headers["h"+strconv.Itoa(i)] = "v"
	}
	deep := strings.Repeat("[", n/2) + strings.Repeat("]", n/2)
	labels := `{"PostLabels":[` + strings.Repeat(`{"id":1},`, n/9) + `{"id":1}]}`
	for name, fr := range map[string]*streamwire.Frame{
		"many headers":   {Type: streamwire.TypeEvent, Headers: headers, Data: []byte(`{}`)},
		"deep data":      {Type: streamwire.TypeEvent, Headers: map[string]string{"messageId": "m", "eventType": "user_add_org"}, Data: []byte(`{"userId":` + deep + `}`)},
		"many labels":    {Type: streamwire.TypeEvent, Headers: map[string]string{"messageId": "m", "eventType": "label_conf_add"}, Data: []byte(labels)},
		"unknown nested": {Type: streamwire.TypeEvent, Headers: map[string]string{"messageId": "m", "eventType": "no_such_type"}, Data: []byte(`{"a":` + deep + `}`)},
	} {
		wire, err := streamwire.AppendFrame(nil, fr)
		if err != nil {
			t.Fatal(err)
		}
		var ev event.Event
		if err := budget.Check(len(wire), func() {
			if f, err := streamwire.ParseFrame(wire); err == nil {
				ev = decodeEvent(f)
			}
		}); err != nil {
			t.Errorf("%s (%d bytes): %v", name, len(wire), err)
		}
		if ev == nil {
			t.Errorf("%s: no event", name)
		}
	}
}
