// Package event turns DingTalk (钉钉) enterprise events into typed Go values.
//
// Every event type DingTalk documents — contacts, departments, roles, school
// contacts, approvals, group chats, attendance, meeting rooms, HR, CRM,
// calendar and the control events such as check_url and suite_ticket — has a
// payload struct with a Type constant (OrgUserAdd and TypeUserAddOrg,
// BpmTaskChange and TypeBpmsTaskChange, …). Each embeds Header, the common
// envelope, and so implements Event.
//
// Two entry points decode the same payloads:
//
//   - Parse, for the decrypted body of an HTTP callback (see package
//     dingcallback), where EventType is inside the body;
//   - Decode, for DingTalk Stream mode, where the type and the envelope come
//     from the frame headers (StreamHeader) and the body lacks EventType.
//
// Both accept both wire shapes DingTalk sends: the legacy one (PascalCase
// keys, TimeStamp as a quoted number) and the current one (an EventType,
// EventTime, CorpId, BizId, eventId envelope with camelCase keys). Every key is
// matched in its PascalCase and its camelCase spelling explicitly, not
// through encoding/json's case folding. Times decode from numbers or quoted
// numbers (Millis); role lists decode whether their elements are objects or
// JSON strings holding objects.
//
// An event type this package does not know is not an error: it returns
// *Unknown with the header and the raw bytes. Bad input returns a
// *DecodeError that names the event type and the field; nothing panics.
//
// A Router dispatches events to typed handlers:
//
//	r := event.NewRouter()
//	event.Handle(r, func(ctx context.Context, e *event.OrgUserAdd) error {
//		log.Printf("%d users joined %s", len(e.UserIDs), e.CorpID)
//		return nil
//	})
//	event.Handle(r, func(ctx context.Context, e *event.BpmTaskChange) error {
//		return approvals.Record(ctx, e.ProcessInstanceID, e.TaskID, e.Result)
//	})
//	r.HandleDefault(func(ctx context.Context, e event.Event) error {
//		return nil // accept everything else
//	})
//
//	ev, err := event.Parse(plaintext)
//	if err != nil {
//		return err // malformed: do not acknowledge
//	}
//	return r.Dispatch(ctx, ev) // acknowledge only when this is nil
//
// dingcallback.NewHandler does the decrypting, parsing, dispatching and
// replying for HTTP callbacks.
package event
