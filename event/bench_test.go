package event_test

import (
	"encoding/json"
	"testing"

	"github.com/kefu-go/kefu/event"
)

// The mirrors are what a user would write by hand for one wire shape: plain
// structs with exact tags, decoded by encoding/json. Each benchmark runs the
// mirror beside Parse and Decode on the same bytes, so the ratio is measured
// in one run; the impl= key lets benchstat put them side by side:
//
//	go test -run '^$' -bench Parse -benchmem -count 6 ./event > bench.txt
//	benchstat -col /impl bench.txt

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

type mirrorUserAddCurrent struct {
	EventType  string   `json:"EventType"`
	EventTime  int64    `json:"EventTime"`
	CorpID     string   `json:"CorpId"`
	BizID      string   `json:"BizId"`
	EventID    string   `json:"eventId"`
	UserID     []string `json:"userId"`
	OptStaffID string   `json:"optStaffId"`
	TimeStamp  string   `json:"timeStamp"`
}

type mirrorChatAddMember struct {
	Operator           string   `json:"Operator"`
	OpenConversationID string   `json:"OpenConversationId"`
	CorpID             string   `json:"CorpId"`
	EventType          string   `json:"EventType"`
	UserID             []string `json:"UserId"`
	UnionID            []string `json:"UnionId"`
	OperatorUnionID    string   `json:"OperatorUnionId"`
	TimeStamp          int64    `json:"TimeStamp"`
	ChatID             string   `json:"ChatId"`
}

// The mirror of a label list decodes the JSON strings it holds, as a user
// would, into the same fields as event.Label.
type mirrorLabel struct {
	ID       int64           `json:"id"`
	Name     string          `json:"name"`
	Hidden   bool            `json:"hidden"`
	Deleted  bool            `json:"deleted"`
	Color    int64           `json:"color"`
	Level    int64           `json:"level"`
	Scope    int64           `json:"scope"`
	ParentID int64           `json:"parentId"`
	Extra    json.RawMessage `json:"extraInfo"`
}

type mirrorLabelList []mirrorLabel

func (l *mirrorLabelList) UnmarshalJSON(data []byte) error {
	var raw []string
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*l = make(mirrorLabelList, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal([]byte(r), &(*l)[i]); err != nil {
			return err
		}
	}
	return nil
}

type mirrorLabelConfModify struct {
	CorpID        string          `json:"CorpId"`
	EventType     string          `json:"EventType"`
	LabelIDList   []int64         `json:"LabelIdList"`
	Scope         string          `json:"scope"`
	TimeStamp     string          `json:"TimeStamp"`
	PostLabelList mirrorLabelList `json:"PostLabelList"`
	PreLabelList  mirrorLabelList `json:"PreLabelList"`
}

type mirrorCrmTrack struct {
	CorpID    string `json:"CorpId"`
	EventType string `json:"EventType"`
	EventTime int64  `json:"EventTime"`
	BizID     string `json:"BizId"`
	Tracks    []struct {
		Creator    string `json:"creator"`
		CorpID     string `json:"corpId"`
		CustomerID string `json:"customerId"`
		SubType    int64  `json:"subType"`
		ID         string `json:"id"`
		GmtCreate  int64  `json:"gmtCreate"`
		Type       int64  `json:"type"`
	} `json:"tracks"`
}

func benchParse[M any](b *testing.B, file string) {
	data := readFixture(b, file)
	b.Run("impl=mirror", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m M
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=Parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := event.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Decode as Stream mode calls it: the type from the frame headers.
	ev, err := event.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	h := event.Header{EventType: ev.EventHeader().EventType}
	b.Run("impl=Decode", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := event.Decode(h, data); err != nil {
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

func BenchmarkParseUserAddOrgCurrent(b *testing.B) {
	benchParse[mirrorUserAddCurrent](b, "user_add_org.current.json")
}

func BenchmarkParseChatAddMember(b *testing.B) {
	benchParse[mirrorChatAddMember](b, "chat_add_member.legacy.json")
}

func BenchmarkParseLabelConfModify(b *testing.B) {
	benchParse[mirrorLabelConfModify](b, "label_conf_modify.legacy.json")
}

func BenchmarkParseCrmCustomerTrack(b *testing.B) {
	benchParse[mirrorCrmTrack](b, "crm_customer_track.legacy.json")
}
