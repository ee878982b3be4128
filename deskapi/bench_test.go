package deskapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/kefutest"
)

// BenchmarkSendMsg makes one send_msg round trip to the fake Desk server
// through the Client ("Client") beside a bare net/http POST of the same
// body with a UserSig made once ("bare-post"), in the same run.
func BenchmarkSendMsg(b *testing.B) {
	srv := kefutest.NewDeskServer()
	defer srv.Close()
	req := &deskapi.SendMsgRequest{SessionID: "s-1", MsgRandom: 42, MsgBody: deskapi.Text("欢迎使用智能客服,很高兴为您服务!")}
	b.Run("impl=bare-post", func(b *testing.B) {
		sig, err := deskapi.GenUserSig(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, time.Hour, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		hc := &http.Client{}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			body, _ := json.Marshal(req)
			q := url.Values{"sdkappid": {strconv.FormatInt(kefutest.DeskAppID, 10)}, "identifier": {kefutest.DeskAdminID},
				"usersig": {sig}, "random": {strconv.Itoa(i)}, "contenttype": {"json"}}
			resp, err := hc.Post(srv.URL+deskapi.Path+"send_msg?"+q.Encode(), "application/json", bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			var a struct{ ErrorCode int }
			data, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if err := json.Unmarshal(data, &a); err != nil || a.ErrorCode != 0 {
				b.Fatal(string(data))
			}
		}
	})
	b.Run("impl=Client", func(b *testing.B) {
		c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if err := c.SendMsg(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}
