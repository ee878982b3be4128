package deskcallback_test

import (
	"encoding/json"
	"testing"

	"github.com/kefu-go/kefu/deskcallback"
)

// mirrorSessionEvent is what a user would write by hand: exact tags, the
// message content left as raw JSON.
type mirrorSessionEvent struct {
	CallbackCommand   string `json:"CallbackCommand"`
	SessionID         string `json:"SessionId"`
	Event             string `json:"Event"`
	EventTime         int64  `json:"EventTime"`
	ChannelType       string `json:"ChannelType"`
	ClientUserID      string `json:"ClientUserId"`
	CustomerServiceID string `json:"CustomerServiceId"`
	AgentID           string `json:"AgentId"`
	MsgKey            string `json:"MsgKey"`
	MsgBody           []struct {
		MsgType    string          `json:"MsgType"`
		MsgContent json.RawMessage `json:"MsgContent"`
	} `json:"MsgBody"`
	CloudCustomData      string `json:"CloudCustomData"`
	IsContactUser        bool   `json:"IsContactUser"`
	SatisfactionSelected int    `json:"SatisfactionSelected"`
}

// BenchmarkParseSessionEvent runs ParseSessionEvent of the seed sample
// beside a plain encoding/json decode into the mirror, in the same run.
func BenchmarkParseSessionEvent(b *testing.B) {
	data := readFile(b, "seed_session_event.json")
	b.Run("encoding_json_mirror", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m mirrorSessionEvent
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseSessionEvent", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := deskcallback.ParseSessionEvent(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
