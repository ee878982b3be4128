// Command eventchange notifies DingTalk customer service of a ticket task's
// status change, with real credentials from the environment:
//
//	DINGTALK_APP_KEY=… DINGTALK_APP_SECRET=… DINGTALK_BU_ID=… go run ./examples/eventchange -case 123 -task 321
//
// DINGTALK_BASE_URL overrides the OpenAPI address (for a proxy or a fake).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/kefu-go/kefu"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "eventchange:", err)
		os.Exit(1)
	}
}

func run() error {
	caseID := flag.Int64("case", 0, "ticket (case) id")
	taskID := flag.Int64("task", 0, "task id")
	caseName := flag.String("case-name", "", "ticket name")
	taskName := flag.String("task-name", "", "task name")
	flag.Parse()

	env := map[string]string{}
	var missing []string
	for _, k := range []string{"DINGTALK_APP_KEY", "DINGTALK_APP_SECRET", "DINGTALK_BU_ID"} {
		if env[k] = os.Getenv(k); env[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing environment variables %s (the app's credentials from the DingTalk developer console, and the customer-service tenant id)",
			strings.Join(missing, ", "))
	}
	if *caseID == 0 || *taskID == 0 {
		return errors.New("-case and -task are required")
	}

	opts := []kefu.Option{
		kefu.WithAppCredentials(env["DINGTALK_APP_KEY"], env["DINGTALK_APP_SECRET"]),
		kefu.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))),
	}
	if base := os.Getenv("DINGTALK_BASE_URL"); base != "" {
		opts = append(opts, kefu.WithBaseURL(base))
	}
	c, err := kefu.NewClient(opts...)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	err = c.ChangeEvent(ctx, &kefu.EventDTO{
		EventCode: kefu.EventCodeCaseTaskStatusChange,
		EventID:   fmt.Sprintf("case-%d-task-%d-%d", *caseID, *taskID, time.Now().UnixMilli()),
		BizType:   kefu.BizTypeCase,
		BuID:      env["DINGTALK_BU_ID"],
		Source:    kefu.SourceXSpace,
		EventBody: kefu.CaseTaskStatusChange{CaseID: *caseID, TaskID: *taskID, CaseName: *caseName, TaskName: *taskName},
	})
	if err != nil {
		return err
	}
	fmt.Println("DingTalk accepted the event change")
	return nil
}
