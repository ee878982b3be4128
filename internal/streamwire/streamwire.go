// Package streamwire is DingTalk Stream mode's wire, both ways: the
// open-connection call (https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description), and on the WebSocket the
// frames the gateway pushes and the answers the client sends back (§3–4). The Stream client (dingstream) reads frames
// and writes answers with it; the fake gateway (kefutest) does the reverse,
// so both ends of every test speak one definition of the wire.
package streamwire

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// OpenPath is the open-connection call, under the gateway's base URL.
const OpenPath = "/v1.0/gateway/connections/open"

// OpenRequest is the body of the open-connection call.
type OpenRequest struct {
	// ClientID and ClientSecret are the app's credentials.
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	// Subscriptions are the topics the connection receives.
	Subscriptions []Subscription `json:"subscriptions"`
	// UA names the client.
	UA string `json:"ua"`
	// LocalIP is the client host's first non-loopback IPv4 address, as every
	// official SDK sends it; omitted when there is none.
	LocalIP string `json:"localIp,omitempty"`
}

// Subscription is one topic of an open call: Type is TypeEvent (Topic "*")
// or TypeCallback.
type Subscription struct {
	Type  string `json:"type"`
	Topic string `json:"topic"`
}

// OpenAnswer is the answer to the open call: Endpoint and Ticket, or the
// gateway's error.
type OpenAnswer struct {
	Endpoint string `json:"endpoint,omitempty"`
	Ticket   string `json:"ticket,omitempty"`
	// Code, Message and RequestID describe a refusal.
	Code      string `json:"code,omitempty"`
	Message   string `json:"message,omitempty"`
	RequestID string `json:"requestid,omitempty"`
}

// Frame types.
const (
	TypeSystem   = "SYSTEM"
	TypeEvent    = "EVENT"
	TypeCallback = "CALLBACK"
)

// SYSTEM topics.
const (
	TopicPing       = "ping"
	TopicDisconnect = "disconnect"
)

// Header keys every frame carries.
const (
	HeaderTopic       = "topic"
	HeaderMessageID   = "messageId"
	HeaderContentType = "contentType"
	HeaderTime        = "time"
)

// Header keys of an EVENT frame; package event re-exports them
// (event.StreamHeaderEventType, …) with the same values.
const (
	HeaderEventType     = "eventType"
	HeaderEventID       = "eventId"
	HeaderEventCorpID   = "eventCorpId"
	HeaderEventBornTime = "eventBornTime"
)

// The status of an EVENT answer's data; package event re-exports them
// (event.AckSuccess, event.AckLater) with the same values.
const (
	AckSuccess = "SUCCESS"
	AckLater   = "LATER"
)

// AckData returns the data of an EVENT answer: {"status":"SUCCESS",…} when
// the event was handled, {"status":"LATER",…} to have it pushed again.
func AckData(ok bool) []byte {
	if ok {
		return ackSuccess
	}
	return ackLater
}

var (
	ackSuccess = []byte(`{"status":"` + AckSuccess + `","message":"success"}`)
	ackLater   = []byte(`{"status":"` + AckLater + `","message":"later"}`)
)

// ContentJSON is the contentType of every frame and answer.
const ContentJSON = "application/json"

// ErrBadFrame matches, through errors.Is, every error of ParseFrame.
var ErrBadFrame = errors.New("streamwire: bad frame")

// Frame is one message from the gateway:
//
//	{"specVersion":"1.0","type":"EVENT",
//	 "headers":{"messageId":"…","topic":"*","eventType":"user_add_org",…},
//	 "data":"{\"userId\":[\"…\"]}"}
type Frame struct {
	SpecVersion string
	Type        string
	Headers     map[string]string
	// Data is the JSON document the frame carries, unquoted: the wire sends
	// it as a JSON string, and an object sent as is is accepted too.
	Data []byte
}

// MessageID returns the messageId header, which the answer echoes.
func (f *Frame) MessageID() string { return f.Headers[HeaderMessageID] }

// Topic returns the topic header.
func (f *Frame) Topic() string { return f.Headers[HeaderTopic] }

// ParseFrame decodes one WebSocket message in one pass over its members
// (the wire's exact keys: specVersion, type, headers, data; others are
// skipped). Header values that come as numbers are kept as written. A frame
// that is not a JSON object, has no type, has no messageId (a SYSTEM frame
// may lack one: the protocol page's own disconnect example does), or whose
// data is neither a JSON string nor an object is an error matching
// ErrBadFrame; the
// partial frame, with its messageId when there is one, is still returned so
// the caller can answer it.
func ParseFrame(msg []byte) (*Frame, error) {
	s := jsonx.NewObjectScanner(msg)
	f := &Frame{}
	var data []byte
	var err error
	for s.Next() && err == nil {
		switch string(s.Key()) {
		case `"specVersion"`:
			f.SpecVersion, err = str(s.Value(), "specVersion")
		case `"type"`:
			f.Type, err = str(s.Value(), "type")
		case `"headers"`:
			f.Headers, err = headers(s.Value())
		case `"data"`:
			data = s.Value()
		}
	}
	switch {
	case err != nil:
		return partial(f), err
	case s.Err() != nil:
		return nil, fmt.Errorf("%w: %w", ErrBadFrame, s.Err())
	case f.Type == "":
		return partial(f), fmt.Errorf("%w: no type", ErrBadFrame)
	case f.MessageID() == "" && f.Type != TypeSystem:
		return partial(f), fmt.Errorf("%w: no messageId header", ErrBadFrame)
	}
	switch {
	case len(data) == 0 || string(data) == "null":
	case data[0] == '"':
		if v, ok := jsonx.SimpleString(data); ok {
			f.Data = v
			break
		}
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return f, fmt.Errorf("%w: data: %w", ErrBadFrame, err)
		}
		f.Data = []byte(s)
	case data[0] == '{':
		if !json.Valid(data) {
			return f, fmt.Errorf("%w: data is not valid JSON", ErrBadFrame)
		}
		f.Data = data
	default:
		return f, fmt.Errorf("%w: data is neither a JSON string nor an object", ErrBadFrame)
	}
	return f, nil
}

func partial(f *Frame) *Frame {
	if f.Headers == nil {
		return nil
	}
	return f
}

// str decodes a string member, accepting a number kept as written.
func str(raw []byte, name string) (string, error) {
	if v, ok := jsonx.SimpleString(raw); ok {
		return string(v), nil
	}
	var v jsonx.String
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("%w: %s: %w", ErrBadFrame, name, err)
	}
	return string(v), nil
}

// headers decodes the headers object. Its keys and values share one copy
// of the object's text (a frame carries a dozen headers: one allocation
// instead of two dozen); an escaped one is decoded on its own.
func headers(raw []byte) (map[string]string, error) {
	h := make(map[string]string, 12)
	if string(raw) == "null" {
		return h, nil
	}
	backing := string(raw)
	// Key and Value are slices of raw: their offset in it is the
	// difference of their capacities.
	text := func(b []byte, key string) (string, error) {
		if v, ok := jsonx.SimpleString(b); ok {
			off := cap(raw) - cap(v)
			return backing[off : off+len(v)], nil
		}
		name := "header name"
		if key != "" {
			name = "header " + key // built only here: a name per header would cost as much as the copies saved
		}
		return str(b, name)
	}
	s := jsonx.NewObjectScanner(raw)
	for s.Next() {
		k, err := text(s.Key(), "")
		if err != nil {
			return h, err
		}
		v, err := text(s.Value(), k)
		if err != nil {
			return h, err
		}
		h[k] = v
	}
	if s.Err() != nil {
		return h, fmt.Errorf("%w: headers: %w", ErrBadFrame, s.Err())
	}
	return h, nil
}

// AppendFrame appends the wire form of f to dst; Data must be a JSON
// document and is sent as a JSON string, as the gateway does.
func AppendFrame(dst []byte, f *Frame) ([]byte, error) {
	b, err := json.Marshal(struct {
		SpecVersion string            `json:"specVersion"`
		Type        string            `json:"type"`
		Headers     map[string]string `json:"headers"`
		Data        string            `json:"data"`
	}{f.SpecVersion, f.Type, f.Headers, string(f.Data)})
	return append(dst, b...), err
}

// Answer is the client's reply to one frame:
//
//	{"code":200,"headers":{"contentType":"application/json","messageId":"…"},
//	 "message":"OK","data":"{\"status\":\"SUCCESS\"}"}
type Answer struct {
	Code      int
	MessageID string
	Message   string
	// Data is the JSON document answered, sent as a JSON string.
	Data []byte
}

// AppendAnswer appends the wire form of a to dst.
func AppendAnswer(dst []byte, a Answer) []byte {
	dst = append(dst, `{"code":`...)
	dst = strconv.AppendInt(dst, int64(a.Code), 10)
	dst = append(dst, `,"headers":{"contentType":"`+ContentJSON+`","messageId":`...)
	dst = jsonx.AppendString(dst, a.MessageID)
	dst = append(dst, `},"message":`...)
	dst = jsonx.AppendString(dst, a.Message)
	dst = append(dst, `,"data":`...)
	dst = jsonx.AppendString(dst, string(a.Data))
	return append(dst, '}')
}

type wireAnswer struct {
	Code    int `json:"code"`
	Headers struct {
		MessageID string `json:"messageId"`
	} `json:"headers"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

// ParseAnswer decodes a client's answer (the gateway's side).
func ParseAnswer(msg []byte) (Answer, error) {
	var w wireAnswer
	if err := json.Unmarshal(msg, &w); err != nil {
		return Answer{}, fmt.Errorf("streamwire: bad answer: %w", err)
	}
	return Answer{Code: w.Code, MessageID: w.Headers.MessageID, Message: w.Message, Data: []byte(w.Data)}, nil
}

// EventStatus is the data of an EVENT answer: {"status":"SUCCESS"|"LATER","message":"…"}.
type EventStatus struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// CallbackResponse is the data of a CALLBACK answer: {"response":…}.
type CallbackResponse struct {
	Response any `json:"response"`
}
