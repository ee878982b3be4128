package kefutest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

func ExampleNewDingTalkRequest() {
	c := kefutest.NewDingTalkCrypto()
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		fmt.Println("handled", e.EventType, e.UserIDs)
		return nil
	})
	h := dingcallback.NewHandler(c, r)

	// Any event value: here a typed payload, marshalled to JSON.
	req, err := kefutest.NewDingTalkRequest(c, "/callback", &event.OrgUserAdd{
		Header:     event.Header{EventType: event.TypeUserAddOrg, CorpID: "ding1"},
		UserChange: event.UserChange{UserIDs: []string{"u1"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	reply, err := kefutest.OpenDingTalkReply(c, rec.Body)
	fmt.Println(rec.Code, reply, err)
	// Output:
	// handled user_add_org [u1]
	// 200 success <nil>
}

func ExampleNewDeskRequest() {
	h := deskcallback.NewHandler(deskcallback.Config{
		SdkAppID: kefutest.DeskSdkAppID,
		Token:    kefutest.DeskToken,
		OnSessionEvent: func(_ context.Context, _ *deskcallback.Query, ev *deskcallback.SessionEvent) error {
			fmt.Println("handled", ev.Event)
			return nil
		},
	})
	req, err := kefutest.NewDeskRequest("/desk", kefutest.DeskSdkAppID, kefutest.DeskToken,
		deskcallback.CommandSessionEventNotify, &deskcallback.SessionEvent{Event: deskcallback.EventSessionBegin})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	fmt.Println(rec.Code, string(body))
	// Output:
	// handled SessionBegin
	// 200 {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}
}

func ExampleNewDingTalkServer() {
	srv := kefutest.NewDingTalkServer()
	defer srv.Close()
	// Point the client at srv.URL with kefu.WithBaseURL and
	// kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret); script
	// DingTalk's answers, then inspect what it received:
	srv.Script(kefutest.Reply{ErrCode: -1, ErrMsg: "系统繁忙"}, kefutest.Reply{ErrCode: 90018})
	fmt.Println(len(srv.Received()), srv.TokenFetches())
	// Output: 0 0
}

// A StreamGateway is DingTalk's Stream gateway on loopback: point
// dingstream at its URL, push events, and see how each was answered.
func ExampleNewStreamGateway() {
	gw := kefutest.NewStreamGateway()
	defer gw.Close()
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		fmt.Println("handled", e.EventType, e.UserIDs)
		return nil
	})
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r, dingstream.WithBaseURL(gw.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()

	id := gw.PushEvent(event.TypeUserAddOrg, "e-1", []byte(`{"UserId":["u1"]}`))
	ack, err := gw.WaitAcked(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("answered", ack.Status)
	cancel()
	<-done
	// Output:
	// handled user_add_org [u1]
	// answered SUCCESS
}
