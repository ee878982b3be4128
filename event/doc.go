// Package event turns DingTalk (钉钉) enterprise events into typed Go values.
//
// Every event type DingTalk documents — contacts, departments, roles, school
// contacts, approvals, group chats, attendance, meeting rooms, HR, CRM,
// calendar, service groups (服务群: tickets, forms, topics), robot messages,
// third-party app lifecycle and the control events such as check_url and
// suite_ticket — has a
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
// EventTime, CorpId, BizId, eventId envelope with camelCase keys). Times
// decode from numbers or quoted numbers (Millis); identifier lists from a
// list or a single value; role lists whether their elements are objects or
// JSON strings holding objects.
//
// An event type this package does not know is not an error: it returns
// *Unknown with the header and the raw bytes. Bad input returns a
// *DecodeError that names the event type and the field; nothing panics.
// When the input is an event of a known type whose payload did not decode,
// AsUnknown turns the error into *Unknown with Err set, which the receivers
// dispatch so that no event is dropped silently.
//
// Keys are matched exactly, with no case folding: every key a payload type
// declares, in the PascalCase and the camelCase spelling of its first letter
// (UserId and userId), plus the aliases it lists. Third-party
// user_modify_org sends "userid" (ThirdParty.UserID), internal payloads
// "userId" (UserIDs), and each goes to its own field; "useriD" matches
// nothing. When a body carries a field in more than one spelling, the first
// spelling in that order with a non-zero value wins (the declared key before
// the other case of its first letter); a repeated key counts its last
// non-zero value.
//
// Internal apps (HTTP push and Stream) and third-party (ISV) apps (Stream)
// receive different bodies for some event types: user_add_org,
// user_modify_org and user_active_org carry the user's record
// for third-party apps, org_dept_create and org_dept_modify the department's
// (in ThirdParty, nil for internal apps), and user_leave_org a single userId. One
// payload type holds the union of the fields of every shape.
// Third-party apps that receive events by SyncHTTP or RDS get each one as a
// biz_data object with the same keys and a syncAction naming its type:
// Decode(event.Header{EventType: event.Type(syncAction)}, bizData) decodes it.
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
//
// # Wire names, constants and payload types
//
// A Type constant is named for its wire string in CamelCase
// (TypeUserAddOrg is user_add_org); a payload type keeps DingTalk's own
// name for the event (OrgUserAdd), so the two may read differently. Each
// constant's doc names its payload type, Types lists every known type,
// and the command kefu types prints the whole table.
//
// Each payload type's doc comment shows a wire example and links the
// DingTalk pages it was checked against (the event list is
// https://open.dingtalk.com/document/development/hidden-event-list), and
// says where fields come only from a capture. Events DingTalk lists without
// documenting a payload (attendance_schedule_change, meetingroom_book,
// meetingroom_room_info, servicegroup_group_message_read_topic_detail) embed
// Undocumented and keep the payload in Raw rather than guess its fields.
//
// Four payload types name an organisation in their data besides the
// envelope's — attend_group_change, overtime_to_vacation_data, org_update
// and servicegroup_ticket_deal_feedback — and embed DataCorp, which keeps
// it.
//
// Third-party (ISV) apps get their own lifecycle events: OrgSuiteAuth,
// OrgSuiteChange, OrgSuiteRelieve, OrgUpdate and UserDeptChange (Stream,
// SyncHTTP), and the legacy suite callbacks TmpAuthCode, ChangeAuth and
// SuiteRelieve (HTTP). Some carry the organisation's credentials
// (TmpAuthCode.AuthCode, SuiteAuth.PermanentCode): keep them out of logs.
//
// # Known but untyped
//
// DingTalk documents more event types than this package types; they decode
// to *Unknown with the payload in Raw, like any type this package does not
// know. Among them: org_annual_certification_submission,
// industry_medical_user_add, chat_disband_microapp, circle_user_action and
// market_buy (no page of it was found to type it from).
package event
