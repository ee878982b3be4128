package kefu

import (
	"context"
	"encoding/json"
	"fmt"
)

// EventChangePath is the OpenAPI path of the event-change call.
const EventChangePath = "/topapi/customerservice/event/change"

// Known values of EventDTO fields (dingtalk.oapi.customerservice.event.change).
const (
	// EventCodeCaseTaskStatusChange: the status of a ticket's task changed.
	EventCodeCaseTaskStatusChange = "caseTaskStatusChange"
	// BizTypeCase: the event concerns a ticket (工单).
	BizTypeCase = "case"
	// SourceXSpace: the event comes from XSpace.
	SourceXSpace = "XSpace"
	// ProductionTypeSmartService is smart customer service (智能客服), the
	// server's default.
	ProductionTypeSmartService int64 = 1
	// ProductionTypeEconomy is the economy edition (经济体版本).
	ProductionTypeEconomy int64 = 1001
)

// EventDTO is an event change to notify DingTalk customer service of.
type EventDTO struct {
	// EventCode is the kind of event, such as EventCodeCaseTaskStatusChange.
	// Required.
	EventCode string
	// EventID identifies the event; DingTalk de-duplicates on it, which makes
	// retries safe. Required.
	EventID string
	// BizType is the business type, such as BizTypeCase. Required.
	BizType string
	// BuID is the tenant id. Required.
	BuID string
	// Source is where the event comes from, such as SourceXSpace. Required.
	Source string
	// EventBody is the change. A string, []byte or json.RawMessage is sent as
	// it is and must hold JSON; any other value (a struct such as
	// CaseTaskStatusChange, a map) is marshalled to the JSON string DingTalk
	// wants. Required.
	EventBody any
	// ProductionType is ProductionTypeSmartService (the default when 0) or
	// ProductionTypeEconomy.
	ProductionType int64
	// DingCorpID is the corpId, optional.
	DingCorpID string
	// OpenInstanceID is the instance id, optional (the server default is
	// "default").
	OpenInstanceID string
}

// CaseTaskStatusChange is the EventBody of EventCodeCaseTaskStatusChange.
type CaseTaskStatusChange struct {
	CaseID    int64  `json:"caseId"`
	TaskID    int64  `json:"taskId"`
	CaseName  string `json:"caseName"`
	TaskName  string `json:"taskName"`
	ServiceID string `json:"serviceId"`
}

// wireEventDTO is EventDTO as DingTalk reads it.
type wireEventDTO struct {
	EventCode      string `json:"event_code"`
	EventID        string `json:"event_id"`
	BizType        string `json:"biz_type"`
	BuID           string `json:"bu_id"`
	Source         string `json:"source"`
	EventBody      string `json:"event_body"`
	ProductionType int64  `json:"production_type,omitempty"`
	DingCorpID     string `json:"ding_corp_id,omitempty"`
	OpenInstanceID string `json:"open_instance_id,omitempty"`
}

// wire validates ev and returns the request body {"event_dto":{…}}.
func (ev *EventDTO) wire() ([]byte, error) {
	if ev == nil {
		return nil, &ValidationError{Field: "(nil)", WireName: "event_dto", Reason: "is nil"}
	}
	for _, f := range []struct{ name, wire, value string }{
		{"EventCode", "event_code", ev.EventCode},
		{"EventID", "event_id", ev.EventID},
		{"BizType", "biz_type", ev.BizType},
		{"BuID", "bu_id", ev.BuID},
		{"Source", "source", ev.Source},
	} {
		if f.value == "" {
			return nil, &ValidationError{Field: f.name, WireName: f.wire, Reason: "is required"}
		}
	}
	if ev.ProductionType < 0 {
		return nil, &ValidationError{Field: "ProductionType", WireName: "production_type",
			Reason: fmt.Sprintf("is %d; want 0 (default), 1 or 1001", ev.ProductionType)}
	}
	body, err := eventBody(ev.EventBody)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		EventDTO wireEventDTO `json:"event_dto"`
	}{wireEventDTO{
		EventCode: ev.EventCode, EventID: ev.EventID, BizType: ev.BizType, BuID: ev.BuID, Source: ev.Source,
		EventBody: body, ProductionType: ev.ProductionType, DingCorpID: ev.DingCorpID, OpenInstanceID: ev.OpenInstanceID,
	}})
}

// eventBody turns EventBody into the JSON string DingTalk wants.
func eventBody(v any) (string, error) {
	invalid := func(reason string) error {
		return &ValidationError{Field: "EventBody", WireName: "event_body", Reason: reason}
	}
	var s string
	switch b := v.(type) {
	case nil:
		return "", invalid("is required")
	case string:
		s = b
	case json.RawMessage:
		s = string(b)
	case []byte:
		s = string(b)
	default:
		out, err := json.Marshal(v)
		if err != nil {
			return "", invalid(fmt.Sprintf("does not marshal to JSON: %v", err))
		}
		s = string(out)
	}
	if s == "" {
		return "", invalid("is required")
	}
	if !json.Valid([]byte(s)) {
		return "", invalid("is not JSON")
	}
	return s, nil
}

// ChangeEvent notifies DingTalk customer service that an event changed
// (dingtalk.oapi.customerservice.event.change). It validates ev before any
// network call (a *ValidationError names the field), sends it with the access
// token, refreshes a rejected token once, retries as the RetryPolicy says,
// and returns nil only when DingTalk answered success true with errcode 0.
// DingTalk's errors are *APIError; answers that are not its JSON are
// *HTTPError.
func (c *Client) ChangeEvent(ctx context.Context, ev *EventDTO) error {
	body, err := ev.wire()
	if err != nil {
		return err
	}
	return c.post(ctx, EventChangePath, body)
}
