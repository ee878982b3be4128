package kefu_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/kefutest"
)

func ExampleClient_ChangeEvent() {
	// A fake DingTalk on loopback; in production leave WithBaseURL out.
	dingtalk := kefutest.NewDingTalkServer()
	defer dingtalk.Close()

	c, err := kefu.NewClient(
		kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret),
		kefu.WithBaseURL(dingtalk.URL),
	)
	if err != nil {
		log.Fatal(err)
	}
	err = c.ChangeEvent(context.Background(), &kefu.EventDTO{
		EventCode: kefu.EventCodeCaseTaskStatusChange,
		EventID:   "12345",
		BizType:   kefu.BizTypeCase,
		BuID:      "100",
		Source:    kefu.SourceXSpace,
		EventBody: kefu.CaseTaskStatusChange{CaseID: 123, TaskID: 321, CaseName: "工单名称", TaskName: "任务名称", ServiceID: "testServiceId"},
	})
	fmt.Println("sent:", err == nil)
	fmt.Println("event_body:", dingtalk.Received()[0].EventDTO["event_body"])

	// DingTalk's errors come back as *kefu.APIError.
	dingtalk.Script(kefutest.Reply{ErrCode: 88, ErrMsg: "ding talk error", SubCode: "60011", SubMsg: "no permission"})
	err = c.ChangeEvent(context.Background(), &kefu.EventDTO{EventCode: "caseTaskStatusChange", EventID: "12346",
		BizType: "case", BuID: "100", Source: "XSpace", EventBody: `{"caseId":124}`})
	var apiErr *kefu.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.SubCode, apiErr.Retryable())
	}
	// Output:
	// sent: true
	// event_body: {"caseId":123,"taskId":321,"caseName":"工单名称","taskName":"任务名称","serviceId":"testServiceId"}
	// 88 60011 false
}
