// Package dingcallback receives DingTalk's encrypted HTTP event callbacks
// (事件订阅, HTTP 推送): it verifies the signature, decrypts the body, answers
// the URL checks, hands the event to an event.Router and replies in the shape
// DingTalk expects.
//
// A complete server:
//
//	c, err := dingcallback.NewCrypto(os.Getenv("DINGTALK_TOKEN"),
//		os.Getenv("DINGTALK_AES_KEY"), os.Getenv("DINGTALK_APP_KEY"))
//	if err != nil {
//		log.Fatal(err)
//	}
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
//		return users.Sync(ctx, e.UserIDs) // an error makes DingTalk deliver again
//	})
//	http.Handle("/dingtalk/callback", dingcallback.NewHandler(c, r,
//		dingcallback.WithLogger(slog.Default()),
//		dingcallback.WithHandlerTimeout(1200*time.Millisecond)))
//	log.Fatal(http.ListenAndServe(":8080", nil))
//
// # Delivery
//
// The handler replies the encrypted "success" only after the event handler
// returned nil. When it returns an error, panics or runs past
// WithHandlerTimeout, the reply is a 500 without "success", and DingTalk
// delivers the event again (up to 100 times for some events). Event handlers
// should therefore be idempotent, or the handler built WithDeduplicator: each
// delivery then claims the event's key in a dedup.Store, so that one event
// reaches the Router once across concurrent redeliveries and replicas (see
// package dedup). DingTalk waits 1500 ms for the reply: hand slow work to a
// queue.
//
// # Security
//
// The signature is compared in constant time before anything is decrypted;
// padding and the length field are bounds-checked; the owner key must match.
// Bodies are read through http.MaxBytesReader (1 MiB by default). Forged or
// malformed requests get a 4xx and reach no handler. No error or log line
// contains the token or the aesKey.
//
// Crypto can also be used on its own, for example with DingTalk Stream mode
// or to test a server: Decrypt verifies and opens a callback, Encrypt builds
// a signed reply.
package dingcallback
