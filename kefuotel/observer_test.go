package kefuotel_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefuotel"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// telemetry is an Observer on an in-memory span exporter and a manual
// metric reader.
type telemetry struct {
	obs    observe.Observer
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	obs, err := kefuotel.New(kefuotel.WithTracerProvider(tp), kefuotel.WithMeterProvider(mp))
	require.NoError(t, err)
	return &telemetry{obs: obs, spans: spans, reader: reader, tp: tp}
}

// sums returns the data points of an int64 sum metric, keyed by the
// values of keys joined with "/".
func (tm *telemetry) sums(t *testing.T, name string, keys ...attribute.Key) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			sum, ok := m.Data.(metricdata.Sum[int64])
			require.True(t, ok, "%s is a sum of int64", name)
			for _, dp := range sum.DataPoints {
				out[label(dp.Attributes, keys)] += dp.Value
			}
		}
	}
	return out
}

// histogramCounts returns the counts of a float64 histogram, keyed as sums.
func (tm *telemetry) histogramCounts(t *testing.T, name string, keys ...attribute.Key) map[string]uint64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	out := map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				h, ok := m.Data.(metricdata.Histogram[float64])
				require.True(t, ok, "%s is a histogram", name)
				for _, dp := range h.DataPoints {
					out[label(dp.Attributes, keys)] += dp.Count
				}
			}
		}
	}
	return out
}

func label(set attribute.Set, keys []attribute.Key) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, _ := set.Value(k)
		parts[i] = v.String()
	}
	return strings.Join(parts, "/")
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]string {
	m := map[attribute.Key]string{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value.String()
	}
	return m
}

// personal is a user id in the payloads: it must reach no span or metric.
const personal = "user-0123-personal"

// A delivered, a failed and a duplicate event through dingcallback: one
// CONSUMER span each, with its outcome; the handler's span is a child of
// its delivery's; the delivery metrics count each outcome once.
func TestDeliveries(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	userTracer := tm.tp.Tracer("user")
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
		_, span := userTracer.Start(ctx, "user handler")
		defer span.End()
		if e.EventID == "e-fail" {
			return errors.New("database down for " + personal)
		}
		return nil
	})
	crypto := kefutest.NewDingTalkCrypto()
	h, err := dingcallback.New(crypto, r, dingcallback.WithObserver(tm.obs), dingcallback.WithDeduplicator(store))
	require.NoError(t, err)
	deliver := func(id string) int {
		body := `{"EventType":"user_add_org","eventId":"` + id + `","CorpId":"ding1","UserId":["` + personal + `"]}`
		req, err := kefutest.NewDingTalkRequest(crypto, "/callback", body)
		require.NoError(t, err)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	assert.Equal(t, http.StatusOK, deliver("e-ok"))
	assert.Equal(t, http.StatusInternalServerError, deliver("e-fail"))
	assert.Equal(t, http.StatusOK, deliver("e-ok"))

	var deliveries, handlers []sdktrace.ReadOnlySpan
	for _, s := range tm.spans.GetSpans().Snapshots() {
		switch s.Name() {
		case "process user_add_org":
			deliveries = append(deliveries, s)
		case "user handler":
			handlers = append(handlers, s)
		default:
			t.Errorf("unexpected span %q", s.Name())
		}
		for _, kv := range s.Attributes() {
			assert.NotContains(t, kv.Value.String(), personal, "attribute %s", kv.Key)
		}
		assert.NotContains(t, s.Status().Description, personal)
	}
	require.Len(t, deliveries, 3)
	require.Len(t, handlers, 2, "the duplicate reaches no handler")
	want := []struct {
		id, outcome string
		status      codes.Code
	}{{"e-ok", "accepted", codes.Unset}, {"e-fail", "failed", codes.Error}, {"e-ok", "duplicate", codes.Unset}}
	for i, w := range want {
		s := deliveries[i]
		a := attrs(s)
		assert.Equal(t, trace.SpanKindConsumer, s.SpanKind())
		assert.Equal(t, w.outcome, a[kefuotel.AttrOutcome])
		assert.Equal(t, w.id, a["messaging.message.id"])
		assert.Equal(t, "dingtalk", a["messaging.system"])
		assert.Equal(t, "process", a["messaging.operation.name"])
		assert.Equal(t, "user_add_org", a["messaging.destination.name"])
		assert.Equal(t, "dingcallback", a[kefuotel.AttrReceiver])
		assert.Equal(t, w.status, s.Status().Code)
		if w.outcome == "failed" {
			assert.Equal(t, "*errors.errorString", a["error.type"])
		}
	}
	for i, hs := range handlers {
		assert.Equal(t, deliveries[i].SpanContext().SpanID(), hs.Parent().SpanID(), "the handler's span is a child of the delivery's")
		assert.Equal(t, deliveries[i].SpanContext().TraceID(), hs.SpanContext().TraceID())
	}

	keys := []attribute.Key{kefuotel.AttrReceiver, kefuotel.AttrEventType, kefuotel.AttrOutcome}
	assert.Equal(t, map[string]int64{
		"dingcallback/user_add_org/accepted":  1,
		"dingcallback/user_add_org/failed":    1,
		"dingcallback/user_add_org/duplicate": 1,
	}, tm.sums(t, kefuotel.MetricDeliveries, keys...))
	assert.Equal(t, map[string]uint64{
		"dingcallback/user_add_org/accepted":  1,
		"dingcallback/user_add_org/failed":    1,
		"dingcallback/user_add_org/duplicate": 1,
	}, tm.histogramCounts(t, kefuotel.MetricDeliveryDuration, keys...))
}

// A lost Stream connection: a reconnect counted with its reason, the state
// changes counted, one connection open in the end, and the open calls as
// CLIENT spans.
func TestReconnect(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	g := kefutest.NewStreamGateway()
	t.Cleanup(g.Close)
	rec := kefutest.NewObserver() // to wait on
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithBaseURL(g.URL),
		dingstream.WithBackoff(5*time.Millisecond, 50*time.Millisecond), dingstream.WithObserver(both{tm.obs, rec}))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	wait, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	connected := func(n int) func(o *kefutest.Observer) bool {
		return func(o *kefutest.Observer) bool {
			k := 0
			for _, s := range o.States() {
				if s.State == observe.Connected {
					k++
				}
			}
			return k == n
		}
	}
	require.NoError(t, rec.Wait(wait, connected(1)))
	require.NoError(t, g.WaitConnections(wait, 1))
	g.Drop()
	require.NoError(t, rec.Wait(wait, connected(2)))

	assert.Equal(t, map[string]int64{"dingstream/connection lost": 1},
		tm.sums(t, kefuotel.MetricReconnects, kefuotel.AttrReceiver, kefuotel.AttrReconnectReason))
	assert.Equal(t, map[string]int64{"dingstream": 1}, tm.sums(t, kefuotel.MetricConnections, kefuotel.AttrReceiver))
	changes := tm.sums(t, kefuotel.MetricStateChanges, kefuotel.AttrConnectionState)
	assert.Equal(t, int64(2), changes["connecting"])
	assert.Equal(t, int64(2), changes["connected"])
	assert.Equal(t, int64(1), changes["closed"])
	assert.Equal(t, int64(1), changes["reconnecting"])

	cancel()
	require.NoError(t, <-done)
	assert.Equal(t, map[string]int64{"dingstream": 0}, tm.sums(t, kefuotel.MetricConnections, kefuotel.AttrReceiver),
		"no connection open after Run")
	var opens int
	for _, s := range tm.spans.GetSpans().Snapshots() {
		if s.Name() == "POST "+dingstream.OpenPath {
			opens++
			assert.Equal(t, trace.SpanKindClient, s.SpanKind())
			assert.Equal(t, "200", attrs(s)["http.response.status_code"])
		}
	}
	assert.Equal(t, 2, opens)
}

// A retried API call: a CLIENT span per attempt, the failed one with
// DingTalk's errcode and status Error, the retry with its resend count;
// the call metrics count each attempt by API and result.
func TestRetriedCall(t *testing.T) {
	t.Parallel()
	tm := newTelemetry(t)
	srv := kefutest.NewDingTalkServer()
	t.Cleanup(srv.Close)
	c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret),
		kefu.WithRetry(kefu.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond,
			RateLimitDelay: time.Millisecond, MaxElapsed: 10 * time.Second}),
		kefu.WithObserver(tm.obs))
	require.NoError(t, err)
	srv.Script(kefutest.Reply{ErrCode: -1, ErrMsg: "system busy"})
	require.NoError(t, c.ChangeEvent(context.Background(), &kefu.EventDTO{EventCode: kefu.EventCodeCaseTaskStatusChange,
		EventID: "1", BizType: kefu.BizTypeCase, BuID: "100", Source: kefu.SourceXSpace,
		EventBody: kefu.CaseTaskStatusChange{CaseID: 1, TaskID: 2}}))

	spans := tm.spans.GetSpans().Snapshots()
	require.Len(t, spans, 3)
	assert.Equal(t, "GET /gettoken", spans[0].Name())
	name := "POST " + kefu.EventChangePath
	failed, ok := spans[1], spans[2]
	assert.Equal(t, name, failed.Name())
	assert.Equal(t, name, ok.Name())
	fa, oa := attrs(failed), attrs(ok)
	assert.Equal(t, "-1", fa[kefuotel.AttrAPIErrorCode])
	assert.Equal(t, "*kefu.APIError", fa["error.type"])
	assert.Equal(t, codes.Error, failed.Status().Code)
	assert.NotContains(t, fa, attribute.Key("http.request.resend_count"))
	assert.Equal(t, "1", oa["http.request.resend_count"])
	assert.Equal(t, "200", oa["http.response.status_code"])
	assert.Equal(t, kefu.EventChangePath, oa["url.template"])
	assert.Equal(t, codes.Unset, ok.Status().Code)
	for _, s := range spans {
		assert.Equal(t, trace.SpanKindClient, s.SpanKind())
		for _, kv := range s.Attributes() {
			assert.NotContains(t, kv.Value.String(), kefutest.AppSecret)
			assert.NotContains(t, kv.Value.String(), "access_token")
		}
	}
	assert.Equal(t, map[string]int64{
		"/gettoken/200/":     1,
		name[5:] + "/200/-1": 1,
		name[5:] + "/200/":   1,
	}, tm.sums(t, kefuotel.MetricAPICalls, "url.template", "http.response.status_code", kefuotel.AttrAPIErrorCode))
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	_, err := kefuotel.New(kefuotel.WithTracerProvider(nil))
	require.ErrorContains(t, err, "WithTracerProvider(nil)")
	_, err = kefuotel.New(kefuotel.WithMeterProvider(nil))
	require.ErrorContains(t, err, "WithMeterProvider(nil)")
	obs, err := kefuotel.New() // the global (no-op) providers
	require.NoError(t, err)
	ctx, end := obs.StartDelivery(context.Background(), observe.Delivery{Receiver: "dingcallback", Type: "x"})
	require.NotNil(t, ctx)
	end(observe.DeliveryResult{Outcome: observe.Accepted})
}

// both tells two observers.
type both [2]observe.Observer

func (b both) StartDelivery(ctx context.Context, d observe.Delivery) (context.Context, func(observe.DeliveryResult)) {
	ctx, e0 := b[0].StartDelivery(ctx, d)
	ctx, e1 := b[1].StartDelivery(ctx, d)
	return ctx, func(r observe.DeliveryResult) { e0(r); e1(r) }
}

func (b both) ConnState(ctx context.Context, c observe.ConnState) {
	b[0].ConnState(ctx, c)
	b[1].ConnState(ctx, c)
}

func (b both) StartCall(ctx context.Context, c observe.Call) (context.Context, func(observe.CallResult)) {
	ctx, e0 := b[0].StartCall(ctx, c)
	ctx, e1 := b[1].StartCall(ctx, c)
	return ctx, func(r observe.CallResult) { e0(r); e1(r) }
}
