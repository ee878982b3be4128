// Package kefutest helps users of kefu test their own code without DingTalk
// or Tencent: it builds correctly encrypted and signed callback requests for
// the dingcallback and deskcallback handlers, and runs a fake DingTalk
// OpenAPI server for the kefu client.
//
// A test of a DingTalk callback handler:
//
//	c := kefutest.NewDingTalkCrypto()
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error { … })
//	h := dingcallback.NewHandler(c, r)
//
//	req, err := kefutest.NewDingTalkRequest(c, "/callback", &event.OrgUserAdd{
//		Header:     event.Header{EventType: event.TypeUserAddOrg, CorpID: "ding1"},
//		UserChange: event.UserChange{UserIDs: []string{"u1"}},
//	})
//	rec := httptest.NewRecorder()
//	h.ServeHTTP(rec, req)
//	msg, err := kefutest.OpenDingTalkReply(c, rec.Body) // "success"
package kefutest
