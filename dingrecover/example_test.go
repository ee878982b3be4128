package dingrecover_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingrecover"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// A Recoverer fetches the HTTP pushes DingTalk gave up on and dispatches
// each through the same Router as the live callbacks; Poll is one round
// (kefu recover), Run a round every minute. Here the failed list is a fake
// DingTalk's, holding one approval push.
func ExampleRecoverer_Poll() {
	dt := kefutest.NewDingTalkServer()
	defer dt.Close()
	body := json.RawMessage(`{"EventType":"bpms_task_change","processInstanceId":"p-1","taskId":811165,"type":"finish","result":"agree"}`)
	dt.AddFailedPushes(kefutest.FailedPush("bpms_task_change", "ding9f50b15bccd16741", "bpmsCallBackData", body, time.Now()))

	client, err := kefu.NewClient(kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret), kefu.WithBaseURL(dt.URL))
	if err != nil {
		log.Fatal(err)
	}
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.BpmTaskChange) error {
		fmt.Println("recovered", e.EventType, e.ProcessInstanceID, e.TaskID, e.Result)
		return nil
	})
	rec, err := dingrecover.New(client.TokenSource(), r, dingrecover.WithBaseURL(dt.URL))
	if err != nil {
		log.Fatal(err)
	}
	n, err := rec.Poll(context.Background())
	fmt.Println(n, err)
	// Output:
	// recovered bpms_task_change p-1 811165 agree
	// 1 <nil>
}
