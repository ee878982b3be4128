package kefuotel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kefu-go/kefu/kefuotel"
	"github.com/kefu-go/kefu/observe"
)

// FuzzObserver reports arbitrary deliveries, states and calls: none
// panics, every span ends, and each report yields exactly its spans.
func FuzzObserver(f *testing.F) {
	f.Add("dingcallback", "user_add_org", "e-1", "accepted", "connected", "/gettoken", "GET", 200, "")
	f.Add("deskcallback", "Desk.SessionEventNotify", "", "failed", "reconnecting", "/v4/desk_http_svc/end_session", "POST", 502, "60018")
	f.Add("", "", "", "", "", "", "", -1, "\x00")
	f.Fuzz(func(t *testing.T, receiver, typ, id, outcome, state, api, method string, status int, code string) {
		tm := newTelemetry(t)
		_, end := tm.obs.StartDelivery(context.Background(), observe.Delivery{Receiver: receiver, Type: typ, ID: id})
		end(observe.DeliveryResult{Outcome: observe.Outcome(outcome), Duration: time.Millisecond, Err: errors.New(id)})
		tm.obs.ConnState(context.Background(), observe.ConnState{Receiver: receiver, State: observe.State(state), Reason: code})
		_, endCall := tm.obs.StartCall(context.Background(), observe.Call{API: api, Method: method, Attempt: status})
		endCall(observe.CallResult{StatusCode: status, Code: code, Err: errors.New(code)})
		spans := tm.spans.GetSpans()
		if len(spans) != 2 {
			t.Fatalf("%d spans, want 2", len(spans))
		}
		for _, s := range spans {
			if s.EndTime.IsZero() {
				t.Fatalf("span %q did not end", s.Name)
			}
		}
		if got := tm.sums(t, kefuotel.MetricDeliveries, kefuotel.AttrOutcome)[outcome]; got != 1 {
			t.Fatalf("deliveries[%q] = %d, want 1", outcome, got)
		}
	})
}
