package dingbot

import (
	"encoding/json"
	"errors"
	"reflect"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// CardCallback is a user's action on an interactive card the robot sent,
// over Stream (TopicCard) (https://open.dingtalk.com/document/development/event-callback-card):
//
//	{"outTrackId":"track-1","corpId":"dingXXX","userId":"manager1234","userIdType":1,
//	 "spaceType":"IM","spaceId":"cidXXX","type":"actionCallback","extension":"{}",
//	 "content":"{\"cardPrivateData\":{\"actionIds\":[\"confirm\"],\"params\":{\"count\":1}}}"}
type CardCallback struct {
	// OutTrackID identifies the card instance (set when it was created).
	OutTrackID string
	// CorpID and UserID identify who acted; UserIDType says which kind of
	// id UserID is (1 userId, 2 unionId).
	CorpID, UserID string
	UserIDType     int
	// SpaceType and SpaceID are where the card is (IM, a conversation id).
	SpaceType, SpaceID string
	// Type is the kind of callback, such as actionCallback.
	Type string
	// Extension is the card's extension, a JSON string, as sent.
	Extension string
	// ActionIDs and Params are what the user submitted: the content's
	// cardPrivateData.
	ActionIDs []string
	Params    map[string]any
	// Content is the content JSON string, as sent.
	Content string
	// Raw is the callback as DingTalk sent it.
	Raw json.RawMessage
}

// ParseCardCallback decodes a card callback and the content JSON string
// inside it. Bad input is a *ParseError matching ErrInvalidMessage.
func ParseCardCallback(data []byte) (*CardCallback, error) {
	if !jsonx.IsObject(data) {
		return nil, &ParseError{Err: errors.New("not a JSON object")}
	}
	var w struct {
		OutTrackID jsonx.String `json:"outTrackId"`
		CorpID     jsonx.String `json:"corpId"`
		UserID     jsonx.String `json:"userId"`
		UserIDType number       `json:"userIdType"`
		SpaceType  jsonx.String `json:"spaceType"`
		SpaceID    jsonx.String `json:"spaceId"`
		Type       jsonx.String `json:"type"`
		Extension  jsonx.String `json:"extension"`
		Content    jsonx.String `json:"content"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		pe := &ParseError{Err: err}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			pe.Field = te.Field
		}
		return nil, pe
	}
	c := &CardCallback{OutTrackID: string(w.OutTrackID), CorpID: string(w.CorpID), UserID: string(w.UserID),
		UserIDType: int(w.UserIDType), SpaceType: string(w.SpaceType), SpaceID: string(w.SpaceID), Type: string(w.Type),
		Extension: string(w.Extension), Content: string(w.Content), Raw: append(json.RawMessage(nil), data...)}
	if c.Content != "" {
		var content struct {
			CardPrivateData struct {
				ActionIDs []string       `json:"actionIds"`
				Params    map[string]any `json:"params"`
			} `json:"cardPrivateData"`
		}
		if err := json.Unmarshal([]byte(c.Content), &content); err != nil {
			return nil, &ParseError{Field: "content", Err: err}
		}
		c.ActionIDs, c.Params = content.CardPrivateData.ActionIDs, content.CardPrivateData.Params
	}
	return c, nil
}

// CardResponse is the answer to a card callback, due within 2 s: the card's
// new public data, the acting user's private data, and how to apply them
// (https://open.dingtalk.com/document/development/event-callback-card):
//
//	{"cardData":{"cardParamMap":{"count":"2"}},"userPrivateData":{"cardParamMap":{"voted":"true"}},
//	 "cardUpdateOptions":{"updateCardDataByKey":true,"updatePrivateDataByKey":true}}
//
// A nil CardResponse changes nothing.
type CardResponse struct {
	CardData          *CardParams        `json:"cardData,omitempty"`
	UserPrivateData   *CardParams        `json:"userPrivateData,omitempty"`
	CardUpdateOptions *CardUpdateOptions `json:"cardUpdateOptions,omitempty"`
}

// CardParams are a card's variables: cardParamMap, values as strings.
type CardParams struct {
	CardParamMap map[string]string `json:"cardParamMap"`
}

// CardUpdateOptions say whether the data replace the card's (false) or
// update the keys given (true).
type CardUpdateOptions struct {
	UpdateCardDataByKey    bool `json:"updateCardDataByKey"`
	UpdatePrivateDataByKey bool `json:"updatePrivateDataByKey"`
}

// number is an integer sent as a number or a quoted number.
type number int64

func (n *number) UnmarshalJSON(data []byte) error {
	v, err := jsonx.ParseInt(data, numberType)
	*n = number(v)
	return err
}

var numberType = reflect.TypeFor[int]()
