// Package deskapi acts on Tencent Cloud IM Desk (智能客服) sessions through
// Desk's REST API, as an App administrator: send a message as the bot,
// transfer the customer to a person, end a session, look one up, read its
// messages. With package deskcallback it closes the Desk loop: a callback
// in, an action out.
//
//	c, err := deskapi.New(sdkAppID, "administrator", secretKey)
//	if err != nil { … }
//	err = c.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: ev.SessionID, MsgBody: deskapi.Text("你好")})
//
// The client generates the administrator's UserSig (GenUserSig, Tencent's
// TLSSigAPIv2), caches it, renews it before it expires and once when Desk
// rejects it, and retries what is safe to retry. Neither the secret key
// nor a UserSig appears in an error, a log line or a printed Client.
//
// # Tencent's pages
//
//   - the REST API, its domains and query: https://cloud.tencent.com/document/api/269/1519
//   - UserSig: https://cloud.tencent.com/document/product/269/1664
//   - send_msg: https://cloud.tencent.com/document/product/679/116635
//   - transfer_to_human: https://cloud.tencent.com/document/product/269/110581
//   - end_session: https://www.tencentcloud.com/document/product/1229/68948
//   - get_session_state: https://cloud.tencent.com/document/product/679/116639
//   - describe_chat_messages: https://cloud.tencent.com/document/product/269/113672
//   - error codes: https://cloud.tencent.com/document/product/679/131708
package deskapi
