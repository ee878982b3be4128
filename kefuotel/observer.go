// Package kefuotel is an observe.Observer on OpenTelemetry: a span and
// metrics for every delivery through a kefu receiver, metrics for the
// states of Stream connections, and a span and metrics for each attempt of
// an API call.
//
//	obs, err := kefuotel.New() // the global TracerProvider and MeterProvider
//	h, err := dingcallback.New(crypto, router, dingcallback.WithObserver(obs))
//
// It is a module of its own, so that users of kefu who do not use
// OpenTelemetry never download it.
//
// # Spans
//
// A delivery is a CONSUMER span named "process " + its type ("process
// user_add_org", "process Desk.SessionEventNotify"), with the messaging
// conventions' attributes (messaging.system "dingtalk" or "tencent_im_desk",
// messaging.operation.name and .type "process", messaging.destination.name
// the type, messaging.message.id the event id) and kefu.receiver and
// kefu.outcome (accepted, failed, duplicate, in_flight). The user's handler
// runs under it, so its spans are the delivery's children. A failed
// delivery has status Error and error.type the Go type of the error; the
// error's text, which a handler may fill with anything, is not recorded.
//
// An attempt of an API call is a CLIENT span named method + path ("POST
// /topapi/customerservice/event/change"), with the HTTP client conventions'
// attributes (http.request.method, server.address, url.template,
// http.response.status_code, http.request.resend_count on a retry,
// error.type) and kefu.api.error_code (DingTalk's errcode or code,
// Tencent's ErrorCode). No span carries a query string, a token, a payload
// or a user id.
//
// # Metrics
//
//	kefu.deliveries           {delivery}   counter    kefu.receiver, kefu.event.type, kefu.outcome
//	kefu.delivery.duration    s            histogram  kefu.receiver, kefu.event.type, kefu.outcome
//	kefu.stream.connections   {connection} up-down    kefu.receiver (open connections)
//	kefu.stream.state_changes {change}     counter    kefu.receiver, kefu.connection.state
//	kefu.stream.reconnects    {reconnect}  counter    kefu.receiver, kefu.reconnect.reason
//	kefu.api.calls            {call}       counter    url.template, http.request.method, server.address,
//	                                                  http.response.status_code, kefu.api.error_code, error.type
//	kefu.api.call.duration    s            histogram  as kefu.api.calls
package kefuotel

import (
	"context"
	"fmt"
	"strconv"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/observe"
)

// ScopeName is the instrumentation scope of the spans and metrics.
const ScopeName = "github.com/kefu-go/kefu/kefuotel"

// The attributes of kefu's own, beside OpenTelemetry's conventions.
const (
	AttrReceiver        = attribute.Key("kefu.receiver")
	AttrEventType       = attribute.Key("kefu.event.type")
	AttrOutcome         = attribute.Key("kefu.outcome")
	AttrConnectionState = attribute.Key("kefu.connection.state")
	AttrReconnectReason = attribute.Key("kefu.reconnect.reason")
	AttrAPIErrorCode    = attribute.Key("kefu.api.error_code")
)

// The metrics' names.
const (
	MetricDeliveries       = "kefu.deliveries"
	MetricDeliveryDuration = "kefu.delivery.duration"
	MetricConnections      = "kefu.stream.connections"
	MetricStateChanges     = "kefu.stream.state_changes"
	MetricReconnects       = "kefu.stream.reconnects"
	MetricAPICalls         = "kefu.api.calls"
	MetricAPICallDuration  = "kefu.api.call.duration"
)

type observer struct {
	observe.Nop
	tracer trace.Tracer

	deliveries       metric.Int64Counter
	deliveryDuration metric.Float64Histogram
	connections      metric.Int64UpDownCounter
	stateChanges     metric.Int64Counter
	reconnects       metric.Int64Counter
	apiCalls         metric.Int64Counter
	apiCallDuration  metric.Float64Histogram
}

// New returns an Observer that reports to the TracerProvider and
// MeterProvider of its options, the global ones by default.
func New(opts ...Option) (observe.Observer, error) {
	var c config
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	o := &observer{tracer: c.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(kefu.Version))}
	m := c.mp.Meter(ScopeName, metric.WithInstrumentationVersion(kefu.Version))
	var errs [7]error
	o.deliveries, errs[0] = m.Int64Counter(MetricDeliveries, metric.WithUnit("{delivery}"),
		metric.WithDescription("Deliveries of events to the handler, by receiver, event type and outcome."))
	o.deliveryDuration, errs[1] = m.Float64Histogram(MetricDeliveryDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of a delivery: de-duplication and the handler."))
	o.connections, errs[2] = m.Int64UpDownCounter(MetricConnections, metric.WithUnit("{connection}"),
		metric.WithDescription("Open Stream connections."))
	o.stateChanges, errs[3] = m.Int64Counter(MetricStateChanges, metric.WithUnit("{change}"),
		metric.WithDescription("Changes of a Stream connection's state, by state."))
	o.reconnects, errs[4] = m.Int64Counter(MetricReconnects, metric.WithUnit("{reconnect}"),
		metric.WithDescription("Reconnects of the Stream client, by reason."))
	o.apiCalls, errs[5] = m.Int64Counter(MetricAPICalls, metric.WithUnit("{call}"),
		metric.WithDescription("Attempts of API calls, by API and result."))
	o.apiCallDuration, errs[6] = m.Float64Histogram(MetricAPICallDuration, metric.WithUnit("s"),
		metric.WithDescription("Duration of an attempt of an API call."))
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("kefuotel: creating the instruments: %w", err)
		}
	}
	return o, nil
}

// messagingSystem names the platform of a receiver.
func messagingSystem(receiver string) string {
	if receiver == observe.ReceiverDeskCallback {
		return "tencent_im_desk"
	}
	return "dingtalk"
}

// StartDelivery implements observe.Observer: a CONSUMER span the handler
// runs under, and the delivery metrics when it ends.
func (o *observer) StartDelivery(ctx context.Context, d observe.Delivery) (context.Context, func(observe.DeliveryResult)) {
	attrs := []attribute.KeyValue{
		semconv.MessagingSystemKey.String(messagingSystem(d.Receiver)),
		semconv.MessagingOperationName("process"),
		semconv.MessagingOperationTypeProcess,
		semconv.MessagingDestinationName(d.Type),
		AttrReceiver.String(d.Receiver),
	}
	if d.ID != "" {
		attrs = append(attrs, semconv.MessagingMessageID(d.ID))
	}
	ctx, span := o.tracer.Start(ctx, "process "+d.Type, trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(attrs...))
	return ctx, func(r observe.DeliveryResult) {
		span.SetAttributes(AttrOutcome.String(string(r.Outcome)))
		if r.Outcome == observe.Failed {
			span.SetAttributes(semconv.ErrorType(r.Err))
			span.SetStatus(codes.Error, "delivery failed")
		}
		span.End()
		set := metric.WithAttributeSet(attribute.NewSet(AttrReceiver.String(d.Receiver),
			AttrEventType.String(d.Type), AttrOutcome.String(string(r.Outcome))))
		o.deliveries.Add(ctx, 1, set)
		o.deliveryDuration.Record(ctx, r.Duration.Seconds(), set)
	}
}

// ConnState implements observe.Observer: the connection metrics.
func (o *observer) ConnState(ctx context.Context, c observe.ConnState) {
	receiver := AttrReceiver.String(c.Receiver)
	o.stateChanges.Add(ctx, 1, metric.WithAttributes(receiver, AttrConnectionState.String(string(c.State))))
	switch c.State {
	case observe.Connected:
		o.connections.Add(ctx, 1, metric.WithAttributes(receiver))
	case observe.Closed:
		o.connections.Add(ctx, -1, metric.WithAttributes(receiver))
	case observe.Reconnecting:
		o.reconnects.Add(ctx, 1, metric.WithAttributes(receiver, AttrReconnectReason.String(c.Reason)))
	}
}

// StartCall implements observe.Observer: a CLIENT span per attempt, and the
// API call metrics when it ends.
func (o *observer) StartCall(ctx context.Context, c observe.Call) (context.Context, func(observe.CallResult)) {
	attrs := []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(c.Method),
		semconv.ServerAddress(c.Host),
		semconv.URLTemplate(c.API),
	}
	if c.Attempt > 1 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(c.Attempt-1))
	}
	ctx, span := o.tracer.Start(ctx, c.Method+" "+c.API, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))
	return ctx, func(r observe.CallResult) {
		result := make([]attribute.KeyValue, 0, 6)
		result = append(result, semconv.URLTemplate(c.API), semconv.HTTPRequestMethodKey.String(c.Method),
			semconv.ServerAddress(c.Host))
		if r.StatusCode > 0 {
			result = append(result, semconv.HTTPResponseStatusCode(r.StatusCode))
		}
		if r.Code != "" {
			result = append(result, AttrAPIErrorCode.String(r.Code))
		}
		if r.Err != nil {
			result = append(result, errorType(r))
			span.SetStatus(codes.Error, "call failed")
		}
		span.SetAttributes(result[3:]...)
		span.End()
		set := metric.WithAttributeSet(attribute.NewSet(result...))
		o.apiCalls.Add(ctx, 1, set)
		o.apiCallDuration.Record(ctx, r.Duration.Seconds(), set)
	}
}

// errorType is the error.type of a failed attempt: the HTTP status of an
// error answer, else the Go type of the error.
func errorType(r observe.CallResult) attribute.KeyValue {
	if r.StatusCode >= 400 {
		return semconv.ErrorTypeKey.String(strconv.Itoa(r.StatusCode))
	}
	return semconv.ErrorType(r.Err)
}
