package kefuotel

import (
	"errors"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Option configures New; options validate their arguments.
type Option func(*config) error

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// WithTracerProvider sets the provider of the spans (default: the global
// one, otel.GetTracerProvider, looked up once, in New).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) error {
		if tp == nil {
			return errors.New("kefuotel: WithTracerProvider(nil)")
		}
		c.tp = tp
		return nil
	}
}

// WithMeterProvider sets the provider of the metrics (default: the global
// one, otel.GetMeterProvider, looked up once, in New).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) error {
		if mp == nil {
			return errors.New("kefuotel: WithMeterProvider(nil)")
		}
		c.mp = mp
		return nil
	}
}
