package event_test

import (
	"encoding/json"
	"testing"

	"github.com/kefu-go/kefu/event"
)

// The mirrors are what a user would write by hand for one wire shape: plain
// structs with exact tags, decoded by encoding/json. Each benchmark runs the
// mirror beside Parse on the same bytes, so the ratio is measured in one run.

type mirrorUserAdd struct {
	CorpID     string   `json:"CorpId"`
	EventType  string   `json:"EventType"`
	UserID     []string `json:"UserId"`
	OptStaffID string   `json:"OptStaffId"`
	TimeStamp  string   `json:"TimeStamp"`
}

type mirrorTaskChange struct {
	ProcessInstanceID string `json:"processInstanceId"`
	CorpID            string `json:"corpId"`
	EventType         string `json:"EventType"`
	BusinessID        string `json:"businessId"`
	Title             string `json:"title"`
	Type              string `json:"type"`
	CreateTime        int64  `json:"createTime"`
	ProcessCode       string `json:"processCode"`
	BizCategoryID     string `json:"bizCategoryId"`
	StaffID           string `json:"staffId"`
	TaskID            int64  `json:"taskId"`
}

func benchParse[M any](b *testing.B, file string) {
	data := readFixture(b, file)
	b.Run("encoding_json_mirror", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m M
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("event.Parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := event.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseUserAddOrgLegacy(b *testing.B) {
	benchParse[mirrorUserAdd](b, "user_add_org.legacy.json")
}

func BenchmarkParseBpmsTaskChange(b *testing.B) {
	benchParse[mirrorTaskChange](b, "bpms_task_change.legacy.json")
}
