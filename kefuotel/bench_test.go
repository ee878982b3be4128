package kefuotel_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefuotel"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// BenchmarkDelivery is one encrypted callback through dingcallback.Handler
// with no Observer (the baseline), with observe.Nop, with kefuotel on
// OpenTelemetry's no-op providers, and with kefuotel on the SDK (spans
// sampled and dropped, metrics aggregated), in one run:
//
//	go test -run '^$' -bench Delivery -benchmem ./kefuotel
func BenchmarkDelivery(b *testing.B) {
	c := kefutest.NewDingTalkCrypto()
	req, err := kefutest.NewDingTalkRequest(c, "/callback",
		`{"EventType":"user_add_org","eventId":"e-bench","CorpId":"ding1","UserId":["u1"],"TimeStamp":"1700000000000"}`)
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	if _, err := body.ReadFrom(req.Body); err != nil {
		b.Fatal(err)
	}
	target := req.URL.String()
	router := event.NewRouter()
	event.Handle(router, func(context.Context, *event.OrgUserAdd) error { return nil })

	noopOTel, err := kefuotel.New(kefuotel.WithTracerProvider(tracenoop.NewTracerProvider()),
		kefuotel.WithMeterProvider(metricnoop.NewMeterProvider()))
	if err != nil {
		b.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	sdkOTel, err := kefuotel.New(kefuotel.WithTracerProvider(tp), kefuotel.WithMeterProvider(mp))
	if err != nil {
		b.Fatal(err)
	}

	for _, bc := range []struct {
		name string
		obs  observe.Observer
	}{
		{"none", nil},
		{"observe.Nop", observe.Nop{}},
		{"kefuotel+noop", noopOTel},
		{"kefuotel+sdk", sdkOTel},
	} {
		opts := []dingcallback.Option{}
		if bc.obs != nil {
			opts = append(opts, dingcallback.WithObserver(bc.obs))
		}
		h, err := dingcallback.New(c, router, opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest(http.MethodPost, target, nil)
			rd := bytes.NewReader(nil)
			for b.Loop() {
				rd.Reset(body.Bytes())
				req.Body, req.ContentLength = io.NopCloser(rd), int64(body.Len())
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
