package event_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
)

// bodyLimit is the receivers' default body limit: the largest input Parse
// meets behind them.
const bodyLimit = 1 << 20

// repeatTo repeats unit, joined by sep, to about size bytes.
func repeatTo(unit, sep string, size int) string {
	return strings.Repeat(unit+sep, size/(len(unit)+len(sep))) + unit
}

// worstEvents are hostile payloads up to the body limit.
func worstEvents() map[string]string {
	const size = bodyLimit - 1024
	label := `"{\"name\":\"l\",\"id\":1,\"extraInfo\":{}}"`
	return map[string]string{
		"many user ids":           `{"EventType":"user_add_org","UserId":[` + repeatTo(`"u"`, ",", size) + `]}`,
		"many numeric ids":        `{"EventType":"org_dept_create","DeptId":[` + repeatTo(`1`, ",", size) + `]}`,
		"many quoted ids":         `{"EventType":"org_dept_create","DeptId":[` + repeatTo(`"1"`, ",", size) + `]}`,
		"many labels as strings":  `{"EventType":"label_conf_modify","PostLabelList":[` + repeatTo(label, ",", size) + `]}`,
		"many labels as objects":  `{"EventType":"label_conf_modify","PostLabelList":[` + repeatTo(`{"name":"l","id":1}`, ",", size) + `]}`,
		"many tracks":             `{"EventType":"crm_customer_track","tracks":[` + repeatTo(`{"id":"x","type":1}`, ",", size) + `]}`,
		"many unknown keys":       `{"EventType":"user_add_org",` + repeatTo(`"k":1`, ",", size) + `}`,
		"many distinct keys":      `{"EventType":"user_add_org",` + repeatTo(`"UserIdX":1`, ",", size) + `}`,
		"one long string":         `{"EventType":"bpms_task_change","title":"` + strings.Repeat("长", size/3) + `"}`,
		"long escaped string":     `{"EventType":"bpms_task_change","title":"` + strings.Repeat(`\u957f`, size/6) + `"}`,
		"deep arrays":             `{"EventType":"user_add_org","x":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}`,
		"deep arrays past limit":  `{"EventType":"user_add_org","x":` + strings.Repeat("[", size/2) + strings.Repeat("]", size/2) + `}`,
		"deep objects":            `{"EventType":"user_add_org","x":` + strings.Repeat(`{"a":`, 9000) + "1" + strings.Repeat("}", 9000) + `}`,
		"deep in a typed field":   `{"EventType":"user_add_org","UserId":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}`,
		"unknown type, big body":  `{"EventType":"brand_new","x":[` + repeatTo(`"u"`, ",", size) + `]}`,
		"many EventType keys":     `{` + repeatTo(`"EventType":"user_add_org"`, ",", size) + `}`,
		"label string, deep":      `{"EventType":"label_conf_modify","PostLabelList":["` + strings.Repeat(`[`, 9000) + `"]}`,
		"many escaped keys":       `{"EventType":"user_add_org",` + repeatTo(`"\u0055serId":["u"]`, ",", size) + `}`,
		"deep in a nested field":  `{"EventType":"user_modify_org","diffInfo":{"prev":` + strings.Repeat(`{"name":`, 9000) + `"x"` + strings.Repeat("}", 9000) + `}}`,
		"label string, long name": `{"EventType":"label_conf_modify","PostLabelList":["{\"name\":\"` + strings.Repeat("x", size) + `\"}"]}`,
	}
}

// TestParseResourceBudget: Parse and Decode allocate at most budget.Factor
// bytes per input byte (plus a constant) for every hostile shape up to the
// body limit.
func TestParseResourceBudget(t *testing.T) { // not parallel: it measures the heap
	for name, body := range worstEvents() {
		data := []byte(body)
		assert.LessOrEqual(t, len(data), bodyLimit, name)
		assert.NoError(t, budget.Check(len(data), func() { _, _ = event.Parse(data) }), "Parse: %s", name)
		h := event.Header{EventType: event.TypeUserAddOrg, EventID: "e1"}
		assert.NoError(t, budget.Check(len(data), func() { _, _ = event.Decode(h, data) }), "Decode: %s", name)
	}
}
