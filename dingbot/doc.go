// Package dingbot is the DingTalk robot customers talk to: their messages
// in — over Stream mode (OnMessage, with dingstream.WithCallback) or pushed
// over HTTP to the robot's message URL (NewHandler) — typed and handled
// once per msgId; replies, sends and media out (Sender); interactive-card
// callbacks answered within DingTalk's 2 s (OnCard).
//
//	sender, err := dingbot.NewSender(robotCode, client.TokenSource())
//	stream, err := dingstream.New(appKey, appSecret, router,
//		dingstream.WithDeduplicator(store),
//		dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(ctx context.Context, m *dingbot.Message) error {
//			return sender.Reply(ctx, m, dingbot.Text("您好"))
//		})))
//
// A reply goes through the message's sessionWebhook while it is valid, and
// through the robot send APIs once it has expired; a sessionWebhook that is
// not DingTalk's is never dialled. No access token, app secret or webhook
// session appears in an error or a log line.
package dingbot
