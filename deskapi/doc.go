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
package deskapi
