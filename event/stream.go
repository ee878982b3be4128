package event

import (
	"fmt"
	"strconv"
)

// Stream-mode frame header keys (DingTalk Stream protocol).
const (
	StreamHeaderEventType     = "eventType"
	StreamHeaderEventID       = "eventId"
	StreamHeaderEventCorpID   = "eventCorpId"
	StreamHeaderEventBornTime = "eventBornTime"
)

// StreamHeader builds the Header of a Stream-mode event frame from the
// frame's string headers (eventType, eventId, eventCorpId, eventBornTime), to
// pass to Decode with the frame's data:
//
//	h, err := event.StreamHeader(frame.Headers)
//	ev, err := event.Decode(h, []byte(frame.Data))
//
// An eventBornTime that is not a number is a *DecodeError.
func StreamHeader(headers map[string]string) (Header, error) {
	h := Header{
		EventType: Type(headers[StreamHeaderEventType]),
		EventID:   headers[StreamHeaderEventID],
		CorpID:    headers[StreamHeaderEventCorpID],
	}
	if born := headers[StreamHeaderEventBornTime]; born != "" {
		ms, err := strconv.ParseInt(born, 10, 64)
		if err != nil {
			return Header{}, &DecodeError{Type: h.EventType, Field: StreamHeaderEventBornTime,
				Err: fmt.Errorf("not a millisecond time: %q", born)}
		}
		h.EventTime = Millis(ms)
	}
	return h, nil
}

// Stream-mode acknowledgements.
const (
	// AckSuccess tells DingTalk the event was handled.
	AckSuccess = "SUCCESS"
	// AckLater asks DingTalk to deliver the event again later.
	AckLater = "LATER"
)

// StreamAck returns the acknowledgement of a Stream-mode event for the error
// of Router.Dispatch: AckSuccess for nil, AckLater otherwise, so that a
// failed event is delivered again.
func StreamAck(err error) string {
	if err != nil {
		return AckLater
	}
	return AckSuccess
}
