package deskcallback

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// decodeSessionEvent reads a Desk.SessionEventNotify body in one pass of
// jsonx.Decoder, the reader of package event: each byte is checked once,
// and only the content of an element of a known MsgType is read again, by
// itself. Keys match exactly, as Tencent spells them.
func decodeSessionEvent(body []byte, ev *SessionEvent) error {
	d := jsonx.NewDecoder(body)
	var wire []wireElement
	var hasBody bool
	if d.Object("deskcallback.SessionEvent") {
		for d.Next() {
			switch string(d.Key()) {
			case "CallbackCommand":
				ev.CallbackCommand = d.StrictString("string")
			case "SessionId":
				ev.SessionID = d.StrictString("string")
			case "Event":
				ev.Event = EventType(d.StrictString("string"))
			case "EventTime":
				ev.EventTime = Millis(d.Int("deskcallback.Millis"))
			case "ChannelType":
				ev.ChannelType = d.StrictString("string")
			case "ClientUserId":
				ev.ClientUserID = d.StrictString("string")
			case "CustomerServiceId":
				ev.CustomerServiceID = d.StrictString("string")
			case "AgentId":
				ev.AgentID = d.StrictString("string")
			case "MsgKey":
				ev.MsgKey = d.StrictString("string")
			case "MsgBody":
				wire, hasBody = readElements(&d)
			case "CloudCustomData":
				ev.CloudCustomData = d.StrictString("string")
			case "IsContactUser":
				ev.IsContactUser = d.Bool()
			case "SatisfactionSelected":
				ev.SatisfactionSelected = d.Int("int64")
			default:
				d.Skip()
			}
		}
	}
	if err := d.Finish(); err != nil {
		return decodeFailure(body, err)
	}
	if !hasBody {
		return nil
	}
	msgs, err := decodeElements(wire, 0)
	if err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			return de
		}
		return &DecodeError{Field: "MsgBody", Err: err}
	}
	ev.MsgBody = msgs
	return nil
}

// readElements reads a MsgBody array, each element's content left as a
// view of the document; null gives no body.
func readElements(d *jsonx.Decoder) ([]wireElement, bool) {
	if d.Null() {
		return nil, false
	}
	var out []wireElement
	if d.Array("[]deskcallback.MsgElement") {
		out = []wireElement{}
		for d.Elem() {
			var w wireElement
			if d.Object("deskcallback.MsgElement") {
				for d.Next() {
					switch string(d.Key()) {
					case "MsgType":
						w.MsgType = d.StrictString("string")
					case "MsgContent":
						w.MsgContent = d.RawView()
					default:
						d.Skip()
					}
				}
			}
			out = append(out, w)
		}
	}
	return out, true
}

// decodeFailure turns a failure of the Decoder into a *DecodeError: a type
// error names its field, a syntax error gets encoding/json's description
// (on this cold path only).
func decodeFailure(body []byte, err error) error {
	var te *jsonx.TypeError
	if errors.As(err, &te) {
		return &DecodeError{Command: CommandSessionEventNotify, Field: te.Field, Err: te}
	}
	var probe any
	if jerr := json.Unmarshal(body, &probe); jerr != nil {
		err = jerr
	}
	return &DecodeError{Command: CommandSessionEventNotify, Err: err}
}

// decodeText reads a TIMTextElem's content without encoding/json.
func decodeText(content []byte, t *TextElem) error {
	d := jsonx.NewDecoder(content)
	if d.Object("deskcallback.TextElem") {
		for d.Next() {
			if string(d.Key()) == "Text" {
				t.Text = d.StrictString("string")
			} else {
				d.Skip()
			}
		}
	}
	if err := d.Finish(); err != nil {
		var te *jsonx.TypeError
		if errors.As(err, &te) {
			return &DecodeError{Field: te.Field, Err: fmt.Errorf("%s: %w", MsgTypeText, te)}
		}
		return fmt.Errorf("%s: %w", MsgTypeText, err)
	}
	return nil
}
