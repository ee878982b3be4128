// Package kefu is a Go SDK for customer-service events on DingTalk (钉钉)
// and Tencent Cloud IM Desk (智能客服).
//
// This package is the client for DingTalk's customer-service OpenAPI: it
// notifies DingTalk of event changes through
// POST /topapi/customerservice/event/change, and handles the access token,
// retries and errors:
//
//	c, err := kefu.NewClient(kefu.WithAppCredentials(appKey, appSecret))
//	if err != nil {
//		return err
//	}
//	err = c.ChangeEvent(ctx, &kefu.EventDTO{
//		EventCode: kefu.EventCodeCaseTaskStatusChange,
//		EventID:   "case-123-task-321-done", // DingTalk de-duplicates on it
//		BizType:   kefu.BizTypeCase,
//		BuID:      "100",
//		Source:    kefu.SourceXSpace,
//		EventBody: kefu.CaseTaskStatusChange{CaseID: 123, TaskID: 321, CaseName: "退费", TaskName: "审核"},
//	})
//	var apiErr *kefu.APIError
//	if errors.As(err, &apiErr) && apiErr.Code == kefu.CodeAuthFailed {
//		log.Printf("not authorised: %s", apiErr.SubMessage)
//	}
//
// The client validates the event before any network call, fetches and
// caches the access token (one fetch for many concurrent callers, a refresh
// when DingTalk rejects it), retries transient failures with exponential
// backoff and jitter (RetryPolicy), and never puts the access token or the
// app secret in an error or a log line. It is silent unless given a logger.
//
// The other jobs of kefu live in sub-packages:
//
//   - event: typed DingTalk events from every wire shape (Parse, Decode)
//     and a typed Router;
//   - dingcallback: DingTalk's encrypted HTTP callbacks (verify, decrypt,
//     dispatch, encrypted reply);
//   - dingstream: DingTalk Stream mode, an outbound WebSocket that needs no
//     public URL;
//   - dingrecover: the HTTP pushes DingTalk gave up on, fetched and
//     delivered again;
//   - dingbot: the robot customers talk to — messages and cards in,
//     replies out;
//   - deskcallback: Tencent IM Desk callbacks (Desk.SessionEventNotify and
//     its siblings), verified and typed;
//   - deskapi: Tencent IM Desk's REST API — send as the bot, hand over to a
//     person, end a session — with a UserSig;
//   - dedup: each event handled once (Deduplicator, an atomic claim; Memory
//     for one process);
//   - observe: hooks for logs, traces and metrics of every delivery,
//     connection and API call;
//   - kefutest: fakes of every wire (OpenAPI, Stream gateway, Desk REST,
//     robot webhooks, failed-callback lists) for tests;
//   - the nested modules github.com/kefu-go/kefu/redisdedup (a Redis
//     Deduplicator for replicas) and github.com/kefu-go/kefu/kefuotel
//     (OpenTelemetry for observe);
//   - the command kefu (cmd/kefu), whose kefu sandbox runs the fakes on
//     loopback so that every command and example runs without an account.
package kefu
