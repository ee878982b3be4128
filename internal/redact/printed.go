package redact

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
)

// Hidden is what a printed or logged SDK value shows for each secret.
const Hidden = "[REDACTED]"

// Printed is what an SDK value that holds secrets shows when it is printed
// with any fmt verb or logged with slog: its type and the fields that
// identify it, each secret as Hidden. The types that hold a secret
// implement fmt.Formatter and slog.LogValuer with it, so no verb (%v, %+v,
// %#v, %s, %q, a wrong one) and no handler reaches their fields.
type Printed struct {
	// Type is the qualified type name, such as "kefu.Client".
	Type string
	// Fields are the name–value pairs shown, in order.
	Fields []Field
}

// Field is one shown field: a secret shows Hidden whatever Value is.
type Field struct {
	Name, Value string
	Secret      bool
}

// Show is a field shown as it is.
func Show(name, value string) Field { return Field{Name: name, Value: value} }

// Hide is a secret field: it shows Hidden, or nothing when the secret is
// not set.
func Hide(name string, set bool) Field {
	if !set {
		return Field{Name: name}
	}
	return Field{Name: name, Value: Hidden, Secret: true}
}

// Format implements fmt.Formatter: kefu.Client{BaseURL:https://… AppSecret:[REDACTED]};
// %#v writes the values quoted, %q the whole text quoted.
//
// The zero Printed, of a nil pointer, prints <nil>.
func (p Printed) Format(f fmt.State, verb rune) {
	if p.Type == "" {
		_, _ = f.Write([]byte("<nil>"))
		return
	}
	var b strings.Builder
	goSyntax := verb == 'v' && f.Flag('#')
	if goSyntax {
		b.WriteString("&")
	}
	b.WriteString(p.Type)
	b.WriteString("{")
	first := true
	for _, fl := range p.Fields {
		if fl.Value == "" {
			continue
		}
		if !first {
			if goSyntax {
				b.WriteString(", ")
			} else {
				b.WriteString(" ")
			}
		}
		first = false
		b.WriteString(fl.Name)
		b.WriteString(":")
		if goSyntax {
			b.WriteString(strconv.Quote(fl.Value))
		} else {
			b.WriteString(fl.Value)
		}
	}
	b.WriteString("}")
	s := b.String()
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = f.Write([]byte(s))
}

// String is the %v form.
func (p Printed) String() string { return fmt.Sprint(p) }

// LogValue implements slog.LogValuer: a group of the shown fields.
func (p Printed) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(p.Fields))
	for _, fl := range p.Fields {
		if fl.Value != "" {
			attrs = append(attrs, slog.String(fl.Name, fl.Value))
		}
	}
	return slog.GroupValue(attrs...)
}
