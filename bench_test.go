package kefu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/kefutest"
)

// BenchmarkChangeEvent runs ChangeEvent against the loopback fake server
// beside a bare net/http POST of the same body to the same server, in the
// same run: the difference is what the client adds (validation, marshalling,
// the token, resty, checking the answer).
func BenchmarkChangeEvent(b *testing.B) {
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	token := srv.IssueToken()
	ev := sampleEvent()
	body, err := json.Marshal(map[string]any{"event_dto": map[string]any{
		"event_code": ev.EventCode, "event_id": ev.EventID, "biz_type": ev.BizType, "bu_id": ev.BuID, "source": ev.Source,
		"event_body": `{"caseId":123,"taskId":321,"caseName":"工单名称","taskName":"任务名称","serviceId":"testServiceId"}`,
	}})
	if err != nil {
		b.Fatal(err)
	}
	target := srv.URL + kefu.EventChangePath + "?access_token=" + token

	b.Run("net/http_POST", func(b *testing.B) {
		b.ReportAllocs()
		hc := &http.Client{}
		for b.Loop() {
			resp, err := hc.Post(target, "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
	})
	b.Run("ChangeEvent", func(b *testing.B) {
		b.ReportAllocs()
		c, err := kefu.NewClient(kefu.WithBaseURL(srv.URL), kefu.WithAccessToken(token))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := c.ChangeEvent(context.Background(), ev); err != nil {
				b.Fatal(err)
			}
		}
	})
}
