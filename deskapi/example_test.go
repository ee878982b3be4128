package deskapi_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/kefutest"
)

// A bot answers a customer and hands the session to a person. In
// production, leave out WithBaseURL (or pick a deskapi.BaseURL constant).
func ExampleClient_SendMsg() {
	desk := kefutest.NewDeskServer() // a fake Desk REST server on loopback
	defer desk.Close()

	c, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithBaseURL(desk.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	err = c.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: "fd8a2e30-54de-4e40-bcaf-02718409c5cf",
		MsgBody: deskapi.Text("您好，请问有什么可以帮您？")})
	fmt.Println("sent:", err)
	res, err := c.TransferToHuman(ctx, &deskapi.TransferRequest{SessionID: "fd8a2e30-54de-4e40-bcaf-02718409c5cf", AgentGroupID: 7})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("taken by", res.AgentID, "queued:", res.IsInQueue)
	// Output:
	// sent: <nil>
	// taken by agent@example.com queued: false
}

// A UserSig for a client of the IM SDK, checked as Desk checks it.
func ExampleGenUserSig() {
	now := time.Now()
	sig, err := deskapi.GenUserSig(1400000000, "user45", "your-secret-key", 30*24*time.Hour, now)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(deskapi.VerifyUserSig(1400000000, "user45", "your-secret-key", sig, now.Add(time.Hour)))
	fmt.Println(deskapi.VerifyUserSig(1400000000, "user46", "your-secret-key", sig, now.Add(time.Hour)))
	// Output:
	// <nil>
	// deskapi: UserSig is for another identifier
}
