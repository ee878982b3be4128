package deskcallback

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Message element types (MsgType values) with a typed Content.
const (
	MsgTypeText      = "TIMTextElem"
	MsgTypeLocation  = "TIMLocationElem"
	MsgTypeFace      = "TIMFaceElem"
	MsgTypeCustom    = "TIMCustomElem"
	MsgTypeSound     = "TIMSoundElem"
	MsgTypeImage     = "TIMImageElem"
	MsgTypeFile      = "TIMFileElem"
	MsgTypeVideoFile = "TIMVideoFileElem"
	MsgTypeRelay     = "TIMRelayElem"
)

// MsgElement is one element of a message body: {"MsgType":…,"MsgContent":{…}}.
// Content holds a typed pointer for the known types (*TextElem for
// TIMTextElem, …, *RelayElem for TIMRelayElem) and json.RawMessage for any
// other MsgType (group tips, system notices, types Tencent adds), which never
// fails the callback. An element marshals back to the same wire shape.
type MsgElement struct {
	MsgType string
	Content any
}

// TextElem is a TIMTextElem.
type TextElem struct {
	Text string `json:"Text"`
}

// LocationElem is a TIMLocationElem.
type LocationElem struct {
	Desc      string  `json:"Desc"`
	Latitude  float64 `json:"Latitude"`
	Longitude float64 `json:"Longitude"`
}

// FaceElem is a TIMFaceElem, an emoji.
type FaceElem struct {
	Index int64  `json:"Index"`
	Data  string `json:"Data"`
}

// CustomElem is a TIMCustomElem: application-defined data.
type CustomElem struct {
	Data  string `json:"Data"`
	Desc  string `json:"Desc"`
	Ext   string `json:"Ext"`
	Sound string `json:"Sound"`
}

// SoundElem is a TIMSoundElem, a voice message. Old clients omit Url.
type SoundElem struct {
	URL          string `json:"Url"`
	UUID         string `json:"UUID"`
	Size         int64  `json:"Size"`
	Second       int64  `json:"Second"`
	DownloadFlag int64  `json:"Download_Flag"`
}

// Image formats of ImageElem.ImageFormat.
const (
	ImageFormatJPG   = 1
	ImageFormatGIF   = 2
	ImageFormatPNG   = 3
	ImageFormatBMP   = 4
	ImageFormatOther = 255
)

// Image kinds of ImageInfo.Type.
const (
	ImageOriginal  = 1
	ImageLarge     = 2
	ImageThumbnail = 3
)

// ImageElem is a TIMImageElem, with one ImageInfo per size.
type ImageElem struct {
	UUID           string      `json:"UUID"`
	ImageFormat    int64       `json:"ImageFormat"`
	ImageInfoArray []ImageInfo `json:"ImageInfoArray"`
}

// ImageInfo is one size of an image.
type ImageInfo struct {
	Type   int64  `json:"Type"`
	Size   int64  `json:"Size"`
	Width  int64  `json:"Width"`
	Height int64  `json:"Height"`
	URL    string `json:"URL"`
}

// FileElem is a TIMFileElem.
type FileElem struct {
	URL          string `json:"Url"`
	UUID         string `json:"UUID"`
	FileSize     int64  `json:"FileSize"`
	FileName     string `json:"FileName"`
	DownloadFlag int64  `json:"Download_Flag"`
}

// VideoFileElem is a TIMVideoFileElem: the video and its thumbnail.
type VideoFileElem struct {
	VideoURL          string `json:"VideoUrl"`
	VideoUUID         string `json:"VideoUUID"`
	VideoSize         int64  `json:"VideoSize"`
	VideoSecond       int64  `json:"VideoSecond"`
	VideoFormat       string `json:"VideoFormat"`
	VideoDownloadFlag int64  `json:"VideoDownloadFlag"`
	ThumbURL          string `json:"ThumbUrl"`
	ThumbUUID         string `json:"ThumbUUID"`
	ThumbSize         int64  `json:"ThumbSize"`
	ThumbWidth        int64  `json:"ThumbWidth"`
	ThumbHeight       int64  `json:"ThumbHeight"`
	ThumbFormat       string `json:"ThumbFormat"`
	ThumbDownloadFlag int64  `json:"ThumbDownloadFlag"`
}

// RelayElem is a TIMRelayElem, a forwarded conversation. Over 12 KB the
// messages are not inline: MsgList is empty and JSONMsgKey names them.
type RelayElem struct {
	Title          string     `json:"Title"`
	MsgNum         int64      `json:"MsgNum"`
	CompatibleText string     `json:"CompatibleText"`
	AbstractList   []string   `json:"AbstractList"`
	MsgList        []RelayMsg `json:"MsgList,omitempty"`
	JSONMsgKey     string     `json:"JsonMsgKey,omitempty"`
}

// RelayMsg is one forwarded message of a RelayElem.
type RelayMsg struct {
	FromAccount     string       `json:"From_Account"`
	ToAccount       string       `json:"To_Account,omitempty"`
	GroupID         string       `json:"GroupId,omitempty"`
	MsgSeq          int64        `json:"MsgSeq"`
	MsgRandom       int64        `json:"MsgRandom"`
	MsgTimeStamp    int64        `json:"MsgTimeStamp"` // Unix seconds
	MsgBody         []MsgElement `json:"MsgBody"`
	CloudCustomData string       `json:"CloudCustomData,omitempty"`
}

// newContent returns a new typed content for a known MsgType, or nil.
func newContent(msgType string) any {
	switch msgType {
	case MsgTypeText:
		return new(TextElem)
	case MsgTypeLocation:
		return new(LocationElem)
	case MsgTypeFace:
		return new(FaceElem)
	case MsgTypeCustom:
		return new(CustomElem)
	case MsgTypeSound:
		return new(SoundElem)
	case MsgTypeImage:
		return new(ImageElem)
	case MsgTypeFile:
		return new(FileElem)
	case MsgTypeVideoFile:
		return new(VideoFileElem)
	case MsgTypeRelay:
		return new(RelayElem)
	}
	return nil
}

// MaxRelayDepth is how many levels of forwarded conversations are decoded:
// a TIMRelayElem whose messages hold another TIMRelayElem, and so on. An
// element nested deeper keeps its content as json.RawMessage (MsgType is
// still TIMRelayElem), so nothing is lost and a hostile body of thousands of
// nested relays costs time and memory linear in its size.
const MaxRelayDepth = 8

// wireElement is the wire shape of an element, its content left raw.
type wireElement struct {
	MsgType    string          `json:"MsgType"`
	MsgContent json.RawMessage `json:"MsgContent"`
}

// UnmarshalJSON decodes the element and its content by MsgType. Malformed
// content of a known type is an error naming the type; content of an unknown
// type is kept as json.RawMessage.
func (e *MsgElement) UnmarshalJSON(data []byte) error {
	var w wireElement
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	el, err := decodeElement(w, 0)
	if err != nil {
		return err
	}
	*e = el
	return nil
}

// UnmarshalJSON decodes a forwarded conversation, with nested relays down
// to MaxRelayDepth levels.
func (r *RelayElem) UnmarshalJSON(data []byte) error {
	return decodeRelay(data, r, 1)
}

// decodeElement types the content of w, an element inside relays enclosing
// relays. Every level decodes only its own bytes once more, and the levels
// are bounded, so each byte is decoded a bounded number of times.
func decodeElement(w wireElement, relays int) (MsgElement, error) {
	e := MsgElement{MsgType: w.MsgType}
	c := newContent(w.MsgType)
	if c == nil || (w.MsgType == MsgTypeRelay && relays >= MaxRelayDepth) {
		e.Content = append(json.RawMessage(nil), w.MsgContent...) // a copy: the content may be a view of the body
		return e, nil
	}
	if len(w.MsgContent) > 0 {
		var err error
		switch c := c.(type) {
		case *RelayElem:
			err = decodeRelay(w.MsgContent, c, relays+1)
		case *TextElem:
			err = decodeText(w.MsgContent, c)
		default:
			err = json.Unmarshal(w.MsgContent, c)
		}
		var de *DecodeError
		switch {
		case errors.As(err, &de):
			return MsgElement{}, err
		case err != nil:
			return MsgElement{}, fmt.Errorf("%s: %w", w.MsgType, err)
		}
	}
	e.Content = c
	return e, nil
}

// decodeElements types a message body inside relays enclosing relays.
func decodeElements(ws []wireElement, relays int) ([]MsgElement, error) {
	if ws == nil {
		return nil, nil
	}
	out := make([]MsgElement, len(ws))
	for i, w := range ws {
		el, err := decodeElement(w, relays)
		if err != nil {
			return nil, err
		}
		out[i] = el
	}
	return out, nil
}

// decodeRelay decodes a RelayElem that is the level-th relay of its
// nesting, leaving its messages' bodies raw until decodeElements types them
// (not through MsgElement.UnmarshalJSON, which would start counting again).
func decodeRelay(data []byte, r *RelayElem, level int) error {
	type relayFields RelayElem // without UnmarshalJSON
	type relayMsg struct {
		RelayMsg
		MsgBody []wireElement `json:"MsgBody"` // shadows RelayMsg.MsgBody
	}
	var w struct {
		*relayFields
		MsgList []relayMsg `json:"MsgList"` // shadows RelayElem.MsgList
	}
	w.relayFields = (*relayFields)(r)
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	r.MsgList = nil
	if w.MsgList != nil {
		r.MsgList = make([]RelayMsg, len(w.MsgList))
	}
	for i, m := range w.MsgList {
		body, err := decodeElements(m.MsgBody, level)
		if err != nil {
			return fmt.Errorf("MsgList[%d].MsgBody: %w", i, err)
		}
		r.MsgList[i] = m.RelayMsg
		r.MsgList[i].MsgBody = body
	}
	return nil
}

// MarshalJSON encodes the element in its wire shape.
func (e MsgElement) MarshalJSON() ([]byte, error) {
	content := e.Content
	if content == nil {
		content = json.RawMessage("{}")
	}
	return json.Marshal(struct {
		MsgType    string `json:"MsgType"`
		MsgContent any    `json:"MsgContent"`
	}{e.MsgType, content})
}

// Text returns the text of a TIMTextElem element, and whether it is one.
func (e MsgElement) Text() (string, bool) {
	t, ok := e.Content.(*TextElem)
	if !ok || t == nil {
		return "", false
	}
	return t.Text, true
}

// ParseMsgBody decodes a message body: a JSON array of elements.
func ParseMsgBody(data []byte) ([]MsgElement, error) {
	var ws []wireElement
	if err := json.Unmarshal(data, &ws); err != nil {
		return nil, &DecodeError{Field: "MsgBody", Err: err}
	}
	body, err := decodeElements(ws, 0)
	if err != nil {
		return nil, &DecodeError{Field: "MsgBody", Err: err}
	}
	return body, nil
}
