package dingrecover

import (
	"encoding/json"
	"testing"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
)

// FuzzNormalise: any item of the failed list becomes bytes for event.Parse
// (an event, or an error the dispatcher turns into *event.Unknown), never a
// panic, within the parsers' allocation budget.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{
		`{"user_add_org":{"userid":["zhangsan"],"corpid":"ding241f334c339e175b35c2f4657xxxx"},"call_back_tag":"user_add_org","event_time":1606126433000}`,
		`{"call_back_tag":"bpms_instance_change","event_time":1,"bpms_instance_change":{"corpid":"c","bpmsCallBackData":{"processInstanceId":"p"}}}`,
		`{"call_back_tag":"label_conf_add","event_time":1,"label_conf_add":{"corpid":"c","roleLabelChange":"{\"a\":1}"}}`,
		`{"call_back_tag":"x"}`, `[]`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, item []byte) {
		var plain []byte
		if err := budget.Check(len(item), func() { plain = normaliseFailedItem(json.RawMessage(item)) }); err != nil {
			t.Fatal(err)
		}
		_, _ = event.Parse(plain)
	})
}
