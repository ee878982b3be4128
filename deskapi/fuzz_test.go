package deskapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/internal/budget"
	"github.com/kefu-go/kefu/kefutest"
)

// FuzzVerifyUserSig: any string is an error or a valid UserSig, never a
// panic, at the parsers' allocation budget (a zlib bomb is cut short).
func FuzzVerifyUserSig(f *testing.F) {
	for _, s := range []string{officialGo, officialPython, officialPythonL9, "", "!!!", "eJwDAAAAAAE_"} {
		f.Add(s)
	}
	at := time.Unix(officialTime+60, 0)
	f.Fuzz(func(t *testing.T, sig string) {
		var err error
		if berr := budget.Check(len(sig), func() {
			err = deskapi.VerifyUserSig(officialAppID, officialUser, officialKey, sig, at)
		}); berr != nil {
			t.Fatal(berr)
		}
		if err == nil && sig != officialGo && sig != officialPython && sig != officialPythonL9 {
			// Another valid packing of the same document is possible; it
			// must still name the same user.
			if deskapi.VerifyUserSig(officialAppID, "someone-else", officialKey, sig, at) == nil {
				t.Fatal("a UserSig valid for two identifiers")
			}
		}
	})
}

// FuzzAnswer: whatever Desk answers, the client returns a value or a typed
// error, never a panic.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","AgentId":"a","IsInQueue":1}`,
		`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","TotalCount":1,"Messages":[{"FromAccount":"u","FromAccountRole":1,"Timestamp":"1725540020017","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}]}`,
		`{"ActionStatus":"FAIL","ErrorCode":70001,"ErrorInfo":"UserSig expired"}`,
		`<html>502</html>`, `null`, `{"ActionStatus":"OK","Messages":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, answer []byte) {
		mux := http.NewServeMux()
		mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(answer) })
		c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey,
			deskapi.WithBaseURL(newHTTPServer(t, mux)), deskapi.WithRetry(deskapi.RetryPolicy{MaxAttempts: 1, BaseDelay: 1, MaxDelay: 1, MaxElapsed: time.Second}))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if res, err := c.ChatMessages(ctx, &deskapi.ChatMessagesRequest{SessionID: "s"}); (res == nil) == (err == nil) {
			t.Fatalf("result %v with error %v", res, err)
		}
		if res, err := c.TransferToHuman(ctx, &deskapi.TransferRequest{SessionID: "s"}); (res == nil) == (err == nil) {
			t.Fatalf("result %v with error %v", res, err)
		}
	})
}
