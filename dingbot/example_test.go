package dingbot_test

import (
	"context"
	"fmt"
	"log"
	"strconv"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// An echo bot over Stream mode. In production, leave out the WithBaseURL
// options: the fakes here are DingTalk's gateway and OpenAPI on loopback.
func ExampleOnMessage() {
	gateway, openAPI := kefutest.NewStreamGateway(), kefutest.NewDingTalkServer()
	defer gateway.Close()
	defer openAPI.Close()

	client, err := kefu.NewClient(kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithBaseURL(openAPI.URL))
	if err != nil {
		log.Fatal(err)
	}
	sender, err := dingbot.NewSender(kefutest.RobotCode, client.TokenSource(), dingbot.WithBaseURL(openAPI.URL))
	if err != nil {
		log.Fatal(err)
	}
	replied := make(chan struct{})
	stream, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), dingstream.WithBaseURL(gateway.URL),
		dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(ctx context.Context, m *dingbot.Message) error {
			defer close(replied)
			return sender.Reply(ctx, m, dingbot.Text("echo: "+m.Text))
		})))
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() { _ = stream.Run(ctx) }()

	gateway.PushCallback(dingbot.TopicMessage, openAPI.RobotMessage("你好", false)) // a customer writes
	<-replied
	for _, c := range openAPI.RobotCalls() {
		fmt.Println(c.API, string(c.Body))
	}
	// Output:
	// webhook {"msgtype":"text","text":{"content":"echo: 你好"}}
}

// A card that counts clicks: each callback answers the card's new count.
func ExampleOnCard() {
	clicks := 0
	onCard := dingbot.OnCard(func(context.Context, *dingbot.CardCallback) (*dingbot.CardResponse, error) {
		clicks++
		return &dingbot.CardResponse{
			CardData:          &dingbot.CardParams{CardParamMap: map[string]string{"clicks": strconv.Itoa(clicks)}},
			CardUpdateOptions: &dingbot.CardUpdateOptions{UpdateCardDataByKey: true},
		}, nil
	})
	// dingstream.WithCallback(dingbot.TopicCard, onCard) subscribes it; here
	// it is called as the Stream client calls it.
	for range 2 {
		res, err := onCard(context.Background(), &dingstream.CallbackMessage{Topic: dingbot.TopicCard,
			Data: []byte(`{"outTrackId":"counter-1","content":"{\"cardPrivateData\":{\"actionIds\":[\"click\"]}}"}`)})
		fmt.Println(res.(*dingbot.CardResponse).CardData.CardParamMap["clicks"], err)
	}
	// Output:
	// 1 <nil>
	// 2 <nil>
}

// Proactive sends, outside a conversation: to users one by one (in
// batches of 20, as the API takes them) and to a group.
func ExampleSender_SendToUsers() {
	openAPI := kefutest.NewDingTalkServer()
	defer openAPI.Close()
	client, err := kefu.NewClient(kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithBaseURL(openAPI.URL))
	if err != nil {
		log.Fatal(err)
	}
	sender, err := dingbot.NewSender(kefutest.RobotCode, client.TokenSource(), dingbot.WithBaseURL(openAPI.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if err := sender.SendToUsers(ctx, []string{"customer01", "customer02"}, dingbot.Text("您的工单已处理")); err != nil {
		log.Fatal(err)
	}
	if err := sender.SendToGroup(ctx, "cidGroup==", dingbot.Text("今日值班：张三")); err != nil {
		log.Fatal(err)
	}
	for _, c := range openAPI.RobotCalls() {
		fmt.Println(c.API)
	}
	// Output:
	// batchSend
	// groupSend
}
