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
// The other jobs of kefu live in sub-packages: event (typed DingTalk
// events), dingcallback (DingTalk's encrypted HTTP callbacks), deskcallback
// (Tencent IM Desk callbacks) and kefutest (fakes and builders for tests).
package kefu
