// Package streamwire is DingTalk Stream mode's JSON on the WebSocket, both
// ways: the frames the gateway pushes and the answers the client sends back
// (see reference/STREAM.md §3–4). The Stream client (dingstream) reads frames
// and writes answers with it; the fake gateway (kefutest) does the reverse,
// so both ends of every test speak one definition of the wire.
package streamwire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/internal/jsonx"
)

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

type wireFrame struct {
	SpecVersion jsonx.String            `json:"specVersion"`
	Type        jsonx.String            `json:"type"`
	Headers     map[string]jsonx.String `json:"headers"`
	Data        json.RawMessage         `json:"data"`
}

// ParseFrame decodes one WebSocket message. Header values that come as
// numbers are kept as written. A frame that is not a JSON object, has no
// type or no messageId, or whose data is neither a JSON string nor an
// object is an error matching ErrBadFrame; the messageId, when there is one,
// is still returned in the partial frame so the caller can answer it.
func ParseFrame(msg []byte) (*Frame, error) {
	if !jsonx.IsObject(msg) {
		return nil, fmt.Errorf("%w: not a JSON object", ErrBadFrame)
	}
	var w wireFrame
	if err := json.Unmarshal(msg, &w); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadFrame, err)
	}
	f := &Frame{SpecVersion: string(w.SpecVersion), Type: string(w.Type), Headers: make(map[string]string, len(w.Headers))}
	for k, v := range w.Headers {
		f.Headers[k] = string(v)
	}
	if f.Type == "" {
		return f, fmt.Errorf("%w: no type", ErrBadFrame)
	}
	if f.MessageID() == "" {
		return f, fmt.Errorf("%w: no messageId header", ErrBadFrame)
	}
	data := bytes.TrimSpace(w.Data)
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
		f.Data = data
	default:
		return f, fmt.Errorf("%w: data is neither a JSON string nor an object", ErrBadFrame)
	}
	return f, nil
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

type answerHeaders struct {
	ContentType string `json:"contentType"`
	MessageID   string `json:"messageId"`
}

type wireAnswer struct {
	Code    int           `json:"code"`
	Headers answerHeaders `json:"headers"`
	Message string        `json:"message"`
	Data    string        `json:"data"`
}

// MarshalAnswer returns the wire form of a.
func MarshalAnswer(a Answer) ([]byte, error) {
	return json.Marshal(wireAnswer{
		Code:    a.Code,
		Headers: answerHeaders{ContentType: ContentJSON, MessageID: a.MessageID},
		Message: a.Message,
		Data:    string(a.Data),
	})
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
