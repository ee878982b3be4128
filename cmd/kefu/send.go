package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kefu-go/kefu"
)

var sendUsage = `Usage: kefu send --event-code CODE --event-id ID --biz-type TYPE --bu-id ID --source SOURCE --body JSON

Posts an event change to DingTalk customer service
(/topapi/customerservice/event/change) through the kefu client, with the
access token and retries handled. Prints {"ok":true}, or the typed error:
{"ok":false,"code":…,"message":…,"retryable":…}.

Environment: DINGTALK_APP_KEY, DINGTALK_APP_SECRET; DINGTALK_BASE_URL for
another host.

Example:
  kefu send --event-code ` + kefu.EventCodeCaseTaskStatusChange + ` --event-id t-1 --biz-type ` + kefu.BizTypeCase + ` \
    --bu-id 100 --source ` + kefu.SourceXSpace + ` --body '{"caseId":123,"taskId":321}'
`

func send(ctx context.Context, e *env, args []string) error {
	fs := flags("send")
	dto := kefu.EventDTO{}
	fs.StringVar(&dto.EventCode, "event-code", "", "the event code, such as "+kefu.EventCodeCaseTaskStatusChange)
	fs.StringVar(&dto.EventID, "event-id", "", "a unique id of this change (idempotency key)")
	fs.StringVar(&dto.BizType, "biz-type", "", "the business type, such as "+kefu.BizTypeCase)
	fs.StringVar(&dto.BuID, "bu-id", "", "the customer-service tenant id")
	fs.StringVar(&dto.Source, "source", "", "the source system, such as "+kefu.SourceXSpace)
	body := fs.String("body", "", "the event body, JSON")
	fs.Int64Var(&dto.ProductionType, "production-type", 0, "the product line (1 smart service, 1001 economy); 0 leaves it out")
	fs.StringVar(&dto.DingCorpID, "corp-id", "", "the DingTalk corpId, for ISV apps")
	fs.StringVar(&dto.OpenInstanceID, "open-instance-id", "", "the open instance id, for ISV apps")
	if err := parse(e, fs, sendUsage, args); err != nil {
		return err
	}
	var missing []string
	for flagName, v := range map[string]string{"--event-code": dto.EventCode, "--event-id": dto.EventID, "--biz-type": dto.BizType,
		"--bu-id": dto.BuID, "--source": dto.Source, "--body": *body} {
		if v == "" {
			missing = append(missing, flagName)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return usagef("%s %s required", strings.Join(missing, ", "), verb)
	}
	if !json.Valid([]byte(*body)) {
		return usagef("--body is not JSON")
	}
	dto.EventBody = json.RawMessage(*body)
	v, err := e.need("the app's credentials from the DingTalk developer console", "DINGTALK_APP_KEY", "DINGTALK_APP_SECRET")
	if err != nil {
		return err
	}
	opts := []kefu.Option{kefu.WithAppCredentials(v["DINGTALK_APP_KEY"], v["DINGTALK_APP_SECRET"])}
	if base := e.getenv("DINGTALK_BASE_URL"); base != "" {
		opts = append(opts, kefu.WithBaseURL(base))
	}
	c, err := kefu.NewClient(opts...)
	if err != nil {
		return err
	}
	err = c.ChangeEvent(ctx, &dto)
	var apiErr *kefu.APIError
	switch {
	case err == nil:
		return json.NewEncoder(e.stdout).Encode(map[string]any{"ok": true, "event_id": dto.EventID})
	case errors.As(err, &apiErr):
		_ = json.NewEncoder(e.stdout).Encode(map[string]any{"ok": false, "code": apiErr.Code, "message": apiErr.Message,
			"sub_code": apiErr.SubCode, "sub_message": apiErr.SubMessage, "retryable": apiErr.Retryable()})
		return fmt.Errorf("DingTalk refused the change: %w", err)
	default:
		return err
	}
}
