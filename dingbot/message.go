package dingbot

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/jsonx"
)

// Conversation types of a Message.
const (
	ConversationSingle = "1"
	ConversationGroup  = "2"
)

// Message types (msgtype) with a typed Content; text is in Message.Text.
const (
	MsgTypeText     = "text"
	MsgTypePicture  = "picture"
	MsgTypeRichText = "richText"
	MsgTypeAudio    = "audio"
	MsgTypeVideo    = "video"
	MsgTypeFile     = "file"
)

// Message is one message a customer sent the robot, in a single chat or a
// group that @-mentioned it, over Stream (TopicMessage) or pushed over HTTP
// to the robot's message URL
// (https://open.dingtalk.com/document/orgapp/receive-message):
//
//	{"conversationId":"cidXXX==","atUsers":[{"dingtalkId":"$:LWCP_v1:$XXX"}],"chatbotCorpId":"dingXXX",
//	 "chatbotUserId":"$:LWCP_v1:$XXX","msgId":"msgXXX==","senderNick":"张三","isAdmin":true,
//	 "senderStaffId":"manager1234","sessionWebhookExpiredTime":1690362102194,"createAt":1690362101000,
//	 "senderCorpId":"dingXXX","conversationType":"2","senderId":"$:LWCP_v1:$XXX","conversationTitle":"客服群",
//	 "isInAtList":true,"sessionWebhook":"https://oapi.dingtalk.com/robot/sendBySession?session=XXX",
//	 "text":{"content":" 你好"},"robotCode":"dingXXX","msgtype":"text"}
type Message struct {
	// MsgID identifies the message; DingTalk sends it again with the same
	// MsgID when it pushes it again.
	MsgID string
	// MsgType is text, picture, richText, audio, video, file or another.
	MsgType string
	// ConversationID is the chat's id (openConversationId for a group).
	ConversationID string
	// ConversationType is ConversationSingle ("1") or ConversationGroup ("2").
	ConversationType string
	// ConversationTitle is a group's name.
	ConversationTitle string
	// SenderID is the sender's encrypted id; SenderStaffID the sender's
	// userId in the robot's organisation (empty for someone outside it).
	SenderID, SenderStaffID string
	// SenderNick is the sender's name; SenderCorpID the sender's corp.
	SenderNick, SenderCorpID string
	// ChatbotUserID and ChatbotCorpID identify the robot.
	ChatbotUserID, ChatbotCorpID string
	// RobotCode is the robot's code, for the send and download APIs.
	RobotCode string
	// IsAdmin reports whether the sender administers the organisation;
	// IsInAtList whether the robot was @-mentioned.
	IsAdmin, IsInAtList bool
	// AtUsers are the users the message @-mentions.
	AtUsers []AtUser
	// CreateAt is when it was sent.
	CreateAt event.Millis
	// SessionWebhook is where a reply goes while it is valid:
	// until SessionWebhookExpiredTime.
	SessionWebhook            string
	SessionWebhookExpiredTime event.Millis
	// Text is the text of a text message.
	Text string
	// Content is a typed pointer for the other documented msgtypes
	// (*PictureContent, *RichTextContent, *AudioContent, *VideoContent,
	// *FileContent), json.RawMessage for one this package does not know,
	// nil for text.
	Content any
	// Raw is the message as DingTalk sent it.
	Raw json.RawMessage
}

// AtUser is one @-mentioned user.
type AtUser struct {
	DingtalkID string `json:"dingtalkId"`
	StaffID    string `json:"staffId,omitempty"`
}

// PictureContent is the content of a picture message.
type PictureContent struct {
	DownloadCode        string `json:"downloadCode"`
	PictureDownloadCode string `json:"pictureDownloadCode,omitempty"`
}

// RichTextContent is the content of a richText message: text runs and
// pictures, in the order they were written.
type RichTextContent struct {
	RichText []RichTextItem `json:"richText"`
}

// RichTextItem is one run of a rich text: Text, or a picture (Type
// "picture") with its download codes.
type RichTextItem struct {
	Text                string `json:"text,omitempty"`
	Type                string `json:"type,omitempty"`
	DownloadCode        string `json:"downloadCode,omitempty"`
	PictureDownloadCode string `json:"pictureDownloadCode,omitempty"`
}

// AudioContent is the content of an audio message: its length in
// milliseconds and DingTalk's recognition of its speech.
type AudioContent struct {
	Duration     int64  `json:"duration"`
	DownloadCode string `json:"downloadCode"`
	Recognition  string `json:"recognition,omitempty"`
}

// VideoContent is the content of a video message.
type VideoContent struct {
	Duration     int64  `json:"duration"`
	DownloadCode string `json:"downloadCode"`
	VideoType    string `json:"videoType,omitempty"`
}

// FileContent is the content of a file message.
type FileContent struct {
	FileName     string `json:"fileName"`
	DownloadCode string `json:"downloadCode"`
	SpaceID      string `json:"spaceId,omitempty"`
	FileID       string `json:"fileId,omitempty"`
}

// ErrInvalidMessage matches, through errors.Is, every error of
// ParseMessage and ParseCardCallback.
var ErrInvalidMessage = errors.New("dingbot: invalid message")

// ParseError says what was wrong with a message or card callback.
type ParseError struct {
	// Field is the JSON field that was wrong, when known.
	Field string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *ParseError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("dingbot: invalid message: field %q: %v", e.Field, e.Err)
	}
	return "dingbot: invalid message: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Is matches ErrInvalidMessage.
func (e *ParseError) Is(target error) bool { return target == ErrInvalidMessage }

// wireMessage is the wire shape: strings that may come as numbers, times
// as numbers or quoted numbers, flags as booleans or their text.
type wireMessage struct {
	MsgID                     jsonx.String `json:"msgId"`
	MsgType                   jsonx.String `json:"msgtype"`
	ConversationID            jsonx.String `json:"conversationId"`
	ConversationType          jsonx.String `json:"conversationType"`
	ConversationTitle         jsonx.String `json:"conversationTitle"`
	SenderID                  jsonx.String `json:"senderId"`
	SenderStaffID             jsonx.String `json:"senderStaffId"`
	SenderNick                jsonx.String `json:"senderNick"`
	SenderCorpID              jsonx.String `json:"senderCorpId"`
	ChatbotUserID             jsonx.String `json:"chatbotUserId"`
	ChatbotCorpID             jsonx.String `json:"chatbotCorpId"`
	RobotCode                 jsonx.String `json:"robotCode"`
	IsAdmin                   flag         `json:"isAdmin"`
	IsInAtList                flag         `json:"isInAtList"`
	AtUsers                   []AtUser     `json:"atUsers"`
	CreateAt                  event.Millis `json:"createAt"`
	SessionWebhook            jsonx.String `json:"sessionWebhook"`
	SessionWebhookExpiredTime event.Millis `json:"sessionWebhookExpiredTime"`
	Text                      *struct {
		Content jsonx.String `json:"content"`
	} `json:"text"`
	Content json.RawMessage `json:"content"`
}

// flag is a boolean that also decodes from "true" and "false".
type flag bool

func (f *flag) UnmarshalJSON(data []byte) error {
	switch string(data) {
	case "true", `"true"`:
		*f = true
	case "false", `"false"`, "null", `""`:
		*f = false
	default:
		return fmt.Errorf("not a boolean: %.20s", data)
	}
	return nil
}

// ParseMessage decodes a robot message. Numbers and strings are accepted
// either way (DingTalk sends conversationType as "2" and times as numbers,
// some proxies the reverse); content of a msgtype this package does not
// know is kept as json.RawMessage. Bad input is a *ParseError matching
// ErrInvalidMessage.
func ParseMessage(data []byte) (*Message, error) {
	if !jsonx.IsObject(data) {
		return nil, &ParseError{Err: errors.New("not a JSON object")}
	}
	var w wireMessage
	if err := json.Unmarshal(data, &w); err != nil {
		pe := &ParseError{Err: err}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			pe.Field = te.Field
		}
		return nil, pe
	}
	m := &Message{
		MsgID: string(w.MsgID), MsgType: string(w.MsgType), ConversationID: string(w.ConversationID),
		ConversationType: string(w.ConversationType), ConversationTitle: string(w.ConversationTitle),
		SenderID: string(w.SenderID), SenderStaffID: string(w.SenderStaffID), SenderNick: string(w.SenderNick),
		SenderCorpID: string(w.SenderCorpID), ChatbotUserID: string(w.ChatbotUserID), ChatbotCorpID: string(w.ChatbotCorpID),
		RobotCode: string(w.RobotCode), IsAdmin: bool(w.IsAdmin), IsInAtList: bool(w.IsInAtList), AtUsers: w.AtUsers,
		CreateAt: w.CreateAt, SessionWebhook: string(w.SessionWebhook), SessionWebhookExpiredTime: w.SessionWebhookExpiredTime,
		Raw: append(json.RawMessage(nil), data...),
	}
	if w.Text != nil {
		m.Text = string(w.Text.Content)
	}
	content, err := typedContent(m.MsgType, w.Content)
	if err != nil {
		return nil, &ParseError{Field: "content", Err: err}
	}
	m.Content = content
	return m, nil
}

// typedContent decodes the content of msgtype, which DingTalk sends as an
// object (and some relays as a JSON string holding one).
func typedContent(msgType string, raw json.RawMessage) (any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		raw = json.RawMessage(s)
	}
	var c any
	switch msgType {
	case MsgTypePicture:
		c = new(PictureContent)
	case MsgTypeRichText:
		c = new(RichTextContent)
	case MsgTypeAudio:
		c = new(AudioContent)
	case MsgTypeVideo:
		c = new(VideoContent)
	case MsgTypeFile:
		c = new(FileContent)
	default:
		return append(json.RawMessage(nil), raw...), nil
	}
	if err := json.Unmarshal(raw, c); err != nil {
		return nil, fmt.Errorf("%s: %w", msgType, err)
	}
	return c, nil
}

// DownloadCode returns the download code of a picture, audio, video or
// file message, or of the first picture of a rich text; "" for others.
func (m *Message) DownloadCode() string {
	switch c := m.Content.(type) {
	case *PictureContent:
		return c.DownloadCode
	case *AudioContent:
		return c.DownloadCode
	case *VideoContent:
		return c.DownloadCode
	case *FileContent:
		return c.DownloadCode
	case *RichTextContent:
		for _, it := range c.RichText {
			if it.DownloadCode != "" {
				return it.DownloadCode
			}
		}
	}
	return ""
}
