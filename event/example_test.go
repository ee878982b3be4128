package event_test

import (
	"context"
	"fmt"

	"github.com/kefu-go/kefu/event"
)

func ExampleParse() {
	// A decrypted HTTP callback body, in the legacy shape.
	body := []byte(`{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"user_add_org",
		"UserId":["184919295227658120"],"OptStaffId":"manager164","TimeStamp":"1640921671286"}`)

	ev, err := event.Parse(body)
	if err != nil {
		fmt.Println("bad payload:", err)
		return
	}
	switch e := ev.(type) {
	case *event.OrgUserAdd:
		fmt.Println(e.EventType, e.UserIDs, e.OptStaffID, e.TimeStamp.Time().UTC())
	case *event.Unknown:
		fmt.Println("not known yet:", e.EventType)
	}
	// Output: user_add_org [184919295227658120] manager164 2021-12-31 03:34:31.286 +0000 UTC
}

func ExampleDecode() {
	// A Stream-mode frame: the envelope is in the headers, the body is camelCase.
	headers := map[string]string{
		"eventType":     "bpms_task_change",
		"eventId":       "5b8a0e3c",
		"eventCorpId":   "ding9f50b15bccd16741",
		"eventBornTime": "1685501863999",
	}
	data := `{"processInstanceId":"60406628-b642","type":"finish","result":"agree","staffId":"manager164","taskId":72062030325}`

	h, err := event.StreamHeader(headers)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := event.Decode(h, []byte(data))
	if err != nil {
		fmt.Println(err)
		return
	}
	task := ev.(*event.BpmTaskChange)
	fmt.Println(task.EventType, task.EventID, task.TaskID, task.Type, task.Result)
	// Output: bpms_task_change 5b8a0e3c 72062030325 finish agree
}

func ExampleRouter() {
	r := event.NewRouter()
	event.Handle(r, func(_ context.Context, e *event.ChatUpdateTitle) error {
		fmt.Printf("chat %s is now %q\n", e.ChatID, e.Title)
		return nil
	})
	r.HandleDefault(func(_ context.Context, e event.Event) error {
		fmt.Println("ignored", e.EventHeader().EventType)
		return nil
	})

	for _, body := range []string{
		`{"EventType":"chat_update_title","ChatId":"chat691a","Title":"项目群","TimeStamp":1640602200000}`,
		`{"EventType":"org_change","TimeStamp":"1640672244103"}`,
	} {
		ev, err := event.Parse([]byte(body))
		if err != nil {
			fmt.Println(err)
			continue
		}
		if err := r.Dispatch(context.Background(), ev); err != nil {
			fmt.Println("handler failed:", err)
		}
	}
	// Output:
	// chat chat691a is now "项目群"
	// ignored org_change
}
