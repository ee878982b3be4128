package dingstream_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// A Client dispatches Stream-mode events on the same Router as the HTTP
// receiver. Here it runs against the fake gateway of kefutest; in
// production, leave out WithBaseURL and pass the app's Client ID and Secret.
func ExampleClient_Run() {
	gw := kefutest.NewStreamGateway()
	defer gw.Close()

	r := event.NewRouter()
	handled := make(chan struct{})
	event.Handle(r, func(_ context.Context, e *event.OrgUserAdd) error {
		fmt.Println("users joined:", e.UserIDs, "corp:", e.CorpID)
		close(handled)
		return nil
	})
	store, _ := dedup.NewMemory(24 * time.Hour)
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r,
		dingstream.WithBaseURL(gw.URL), dingstream.WithDeduplicator(store))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()

	id := gw.PushEventHeaders(map[string]string{"eventType": "user_add_org", "eventId": "e1", "eventCorpId": "ding1"},
		[]byte(`{"userId":["u1","u2"],"timeStamp":"1690362102000"}`))
	<-handled
	ack, _ := gw.WaitAcked(context.Background(), id)
	fmt.Println("answered:", ack.Status)

	stop()
	fmt.Println("Run returned:", <-done)
	// Output:
	// users joined: [u1 u2] corp: ding1
	// answered: SUCCESS
	// Run returned: <nil>
}

// A CALLBACK topic, such as robot messages, gets a raw handler whose result
// is the answer's {"response":…}.
func ExampleWithCallback() {
	opt := dingstream.WithCallback("/v1.0/im/bot/messages/get",
		func(_ context.Context, m *dingstream.CallbackMessage) (any, error) {
			fmt.Printf("robot message %s: %s\n", m.MessageID, m.Data)
			return map[string]string{"status": "received"}, nil
		})
	_, err := dingstream.New("appKey", "appSecret", event.NewRouter(), opt)
	fmt.Println(err)
	// Output: <nil>
}
