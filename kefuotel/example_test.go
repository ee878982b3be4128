package kefuotel_test

import (
	"context"
	"log"
	"os"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefuotel"
	"github.com/kefu-go/kefu/kefutest"
)

// Spans and metrics of a callback handler, printed to stdout.
func Example() {
	spans, _ := stdouttrace.New(stdouttrace.WithWriter(os.Stderr))
	metrics, _ := stdoutmetric.New(stdoutmetric.WithWriter(os.Stderr))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)))
	defer func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) }()

	obs, err := kefuotel.New(kefuotel.WithTracerProvider(tp), kefuotel.WithMeterProvider(mp))
	if err != nil {
		log.Fatal(err)
	}
	router := event.NewRouter()
	h, err := dingcallback.New(kefutest.NewDingTalkCrypto(), router, dingcallback.WithObserver(obs))
	if err != nil {
		log.Fatal(err)
	}
	_ = h // http.Handle("/dingtalk/callback", h)
	// Output:
}
