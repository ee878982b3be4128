// Package deskcallback receives Tencent Cloud IM Desk (智能客服) callbacks:
// Desk.SessionEventNotify and its siblings ChatBot.OnAssignHuman and
// Chatbot.InterfaceInvocation, verified and typed.
//
// ParseSessionEvent, ParseAssignHuman and ParseInterfaceInvocation are pure
// functions over the body; VerifySignature checks Sign and RequestTime; the
// Handler puts them together behind net/http:
//
//	h := deskcallback.NewHandler(deskcallback.Config{
//		SdkAppID: os.Getenv("DESK_SDKAPPID"),
//		Token:    os.Getenv("DESK_CALLBACK_TOKEN"),
//		OnSessionEvent: func(ctx context.Context, q *deskcallback.Query, ev *deskcallback.SessionEvent) error {
//			if ev.Event.IsMessage() {
//				for _, el := range ev.MsgBody {
//					if text, ok := el.Text(); ok {
//						log.Printf("%s says %q (via %s)", ev.ClientUserID, text, q.OptPlatform)
//					}
//				}
//			}
//			return queue.Put(ctx, ev) // durable, and fast
//		},
//	}, deskcallback.WithLogger(slog.Default()))
//	http.Handle("/desk/callback", h)
//
// # Delivery
//
// Tencent's current page of Desk.SessionEventNotify
// (https://cloud.tencent.com/document/product/269/111212) says it retries a
// callback, with a RequestID query parameter that stays the same for
// de-duplication (Query.RequestID); it gives no schedule, and older pages
// document no retry at all. The handler therefore runs the event handler
// before it replies: the reply is
// {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0} only when the event
// handler returned nil, and ActionStatus FAIL with a non-zero ErrorCode when
// it returned an error or panicked, so the failure is visible to Tencent. An
// event accepted with OK and then lost is lost for good: make the event
// handler hand the event to a durable queue and return, and do the slow
// work from the queue. Tencent asks for a fast reply.
//
// # Security
//
// The handler checks that SdkAppid is the configured application and, with
// a Token, that Sign = hex(sha256(Token + RequestTime)) matches in constant
// time with RequestTime within 60 seconds of now (WithSignatureWindow). An
// empty Token is refused unless WithoutSignature says so explicitly. Bodies
// are read through http.MaxBytesReader (1 MiB by default). The token never
// appears in an error or a log line.
//
// # Tencent's pages
//
//   - Desk.SessionEventNotify (会话事件回调):
//     https://cloud.tencent.com/document/product/269/111212,
//     https://www.tencentcloud.com/document/product/1229/68989
//   - ChatBot.OnAssignHuman (ChatBot.OnAssignAgent):
//     https://cloud.tencent.com/document/product/679/116643,
//     https://www.tencentcloud.com/document/product/1047/63270
//   - the callback protocol (query, Sign, reply):
//     https://cloud.tencent.com/document/api/269/1522
package deskcallback
