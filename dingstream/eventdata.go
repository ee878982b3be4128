package dingstream

import "context"

// eventDataKey is the context key of the EVENT frame's data.
type eventDataKey struct{}

// EventData returns the data of the EVENT frame being dispatched, exactly
// as the gateway sent it, to a Router handler running under ctx: the
// payload with every key, those the typed event does not model included.
// It reports false outside such a handler.
//
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
//		raw, _ := dingstream.EventData(ctx) // {"userId":["u1"],"timeStamp":"…",…}
//		return archive.Put(ctx, e.EventID, raw)
//	})
//
// The bytes belong to the client: copy them to keep them after the handler
// returned.
func EventData(ctx context.Context) ([]byte, bool) {
	data, ok := ctx.Value(eventDataKey{}).([]byte)
	return data, ok
}
