package dingcallback_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

func ExampleNewHandler() {
	// The token, EncodingAESKey and appKey configured in the DingTalk console.
	c, err := dingcallback.NewCrypto("tokenxxxx", "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus", "dingxxxxxx")
	if err != nil {
		log.Fatal(err)
	}
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.OrgDeptCreate) error {
		fmt.Println("departments created:", e.DeptIDs)
		return nil
	})

	mux := http.NewServeMux()
	mux.Handle("POST /dingtalk/callback", dingcallback.NewHandler(c, r))
	srv := httptest.NewServer(mux) // in production: http.ListenAndServe
	defer srv.Close()

	// What DingTalk sends: an encrypted, signed event.
	req, err := kefutest.NewDingTalkRequest(c, srv.URL+"/dingtalk/callback",
		`{"EventType":"org_dept_create","CorpId":"ding9f50b15bccd16741","DeptId":[581208264],"TimeStamp":"1640669222083"}`)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	reply, err := kefutest.OpenDingTalkReply(c, resp.Body)
	fmt.Println(resp.StatusCode, reply, err)
	// Output:
	// departments created: [581208264]
	// 200 success <nil>
}

func ExampleCrypto_Decrypt() {
	c, err := dingcallback.NewCrypto("tokenxxxx", "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus", "dingxxxxxx")
	if err != nil {
		log.Fatal(err)
	}
	msg, err := c.Decrypt("f36f4ba5337d426c7d4bca0dbcb06b3ddc1388fc", "1605695694141", "WelUQl6bCqcBa2fM",
		"X1VSe9cTJUMZu60d3kyLYTrBq5578ZRJtteU94wG0Q4Uk6E/wQYeJRIC0/UFW5Wkya1Ihz9oXAdLlyC9TRaqsQ==")
	fmt.Println(string(msg), err)
	// Output: success <nil>
}

// A gin, echo or chi user verifies with a Validator and answers what the
// Handler would.
func ExampleValidator_ValidateRequest() {
	c, err := dingcallback.NewCrypto("tokenxxxx", "o1w0aum42yaptlz8alnhwikjd3jenzt9cb9wmzptgus", "dingxxxxxx")
	if err != nil {
		log.Fatal(err)
	}
	v, err := dingcallback.NewValidator(c, dingcallback.WithReplayWindow(24*time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	serve := func(w http.ResponseWriter, r *http.Request) {
		plain, err := v.ValidateRequest(r)
		if err != nil {
			var sc interface{ StatusCode() int }
			if errors.As(err, &sc) {
				http.Error(w, err.Error(), sc.StatusCode())
			}
			return
		}
		ev, _ := event.Parse(plain)
		fmt.Println("verified:", ev.EventHeader().EventType)
		reply, _ := c.Encrypt([]byte("success"), r.URL.Query().Get("timestamp"), "")
		_ = json.NewEncoder(w).Encode(reply)
	}
	req, _ := kefutest.NewDingTalkRequest(c, "/dingtalk/callback", `{"EventType":"org_change","CorpId":"ding9f50b15bccd16741"}`)
	w := httptest.NewRecorder()
	serve(w, req)
	w = httptest.NewRecorder()
	serve(w, httptest.NewRequest(http.MethodGet, "/dingtalk/callback", nil))
	fmt.Print(w.Code, " ", w.Body.String())
	// Output:
	// verified: org_change
	// 405 dingcallback: method not allowed: callbacks are POST
}
