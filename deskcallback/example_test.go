package deskcallback_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
)

// durableQueue stands for Kafka, a database outbox or a Redis stream: Put
// returns once the event is stored.
type durableQueue chan *deskcallback.SessionEvent

func (q durableQueue) Put(ctx context.Context, ev *deskcallback.SessionEvent) error {
	select {
	case q <- ev:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	default:
		return errors.New("queue full") // answered FAIL: Tencent sees the failure
	}
}

func ExampleNewHandler() {
	queue := make(durableQueue, 100)
	h := deskcallback.NewHandler(deskcallback.Config{
		SdkAppID: "1400000001",
		Token:    "desk-callback-token-for-tests",
		// Hand the event to the queue and return: the reply waits for this.
		OnSessionEvent: func(ctx context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			return queue.Put(ctx, ev)
		},
	})
	mux := http.NewServeMux()
	mux.Handle("POST /desk/callback", h)
	srv := httptest.NewServer(mux) // in production: http.ListenAndServe
	defer srv.Close()

	// What Tencent sends: a signed Desk.SessionEventNotify.
	req, err := kefutest.NewDeskRequest(srv.URL+"/desk/callback", "1400000001", "desk-callback-token-for-tests",
		deskcallback.CommandSessionEventNotify,
		`{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"2baf4d84","Event":"ChatBot.UserSendMsg",
		  "EventTime":1725540020017,"ClientUserId":"your_user_id",
		  "MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"请问如何申请退费?"}}]}`)
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(reply))

	// Later, a worker drains the queue.
	ev := <-queue
	text, _ := ev.MsgBody[0].Text()
	fmt.Println(ev.Event, ev.ClientUserID, text)
	// Output:
	// 200 {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}
	// ChatBot.UserSendMsg your_user_id 请问如何申请退费?
}

func ExampleParseSessionEvent() {
	ev, err := deskcallback.ParseSessionEvent([]byte(`{"Event":"SessionUserEnd","EventTime":"1725540020017","SessionId":"2baf4d84"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Event, ev.Event.IsSessionEnd(), ev.EventTime.Time().UTC())
	// Output: SessionUserEnd true 2024-09-05 12:40:20.017 +0000 UTC
}

func ExampleVerifySignature() {
	now := time.Unix(1725540020, 0)
	sign := deskcallback.Sign("desk-token", "1725540020")
	fmt.Println(deskcallback.VerifySignature("desk-token", "1725540020", sign, now))
	fmt.Println(deskcallback.VerifySignature("desk-token", "1725540020", sign, now.Add(2*time.Minute)))
	// Output:
	// <nil>
	// deskcallback: RequestTime outside the allowed window
}

// ValidateRequest does the Handler's checks (POST, SdkAppid, Sign and
// RequestTime, body size) for a router of your own; the error says which
// status to answer.
func ExampleValidateRequest() {
	serve := func(w http.ResponseWriter, r *http.Request) {
		body, err := deskcallback.ValidateRequest(r, kefutest.DeskSdkAppID, kefutest.DeskToken)
		var sc interface{ StatusCode() int }
		if errors.As(err, &sc) {
			http.Error(w, "refused", sc.StatusCode())
			fmt.Println("refused:", sc.StatusCode(), errors.Is(err, deskcallback.ErrSignatureMismatch))
			return
		}
		ev, err := deskcallback.ParseSessionEvent(body)
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		fmt.Println("valid:", ev.Event)
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`)
	}
	body := `{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"s1","Event":"SessionBegin","EventTime":1725540020017}`
	for _, token := range []string{kefutest.DeskToken, "someone-else's-token"} {
		req, err := kefutest.NewDeskRequest("/desk/callback", kefutest.DeskSdkAppID, token, deskcallback.CommandSessionEventNotify, body)
		if err != nil {
			log.Fatal(err)
		}
		serve(httptest.NewRecorder(), req)
	}
	// Output:
	// valid: SessionBegin
	// refused: 403 true
}
