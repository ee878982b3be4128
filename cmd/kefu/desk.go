package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/kefu-go/kefu/deskapi"
)

const deskUsage = `Usage: kefu desk send|transfer|end|state --session ID [flags]

Acts on a Tencent IM Desk session through Desk's REST API, as the
application's administrator:

  send      send a text message as the bot      --session ID --text TEXT
  transfer  hand the session to a person        --session ID [--agent EMAIL] [--group ID]
  end       end a session a person has taken    --session ID
  state     print the session's state           --session ID

Prints the answer as one JSON line, or {"ok":false,"code":…,"info":…} for
Desk's error.

Environment: DESK_SDKAPPID, DESK_ADMIN_ID (an App administrator account),
DESK_SECRET_KEY (the IM console's secret key); DESK_BASE_URL for another
domain (the default is China's, https://console.tim.qq.com).

Examples:
  kefu desk send --session fd8a2e30-54de-4e40-bcaf-02718409c5cf --text "您好，请问有什么可以帮您？"
  kefu desk transfer --session fd8a2e30-54de-4e40-bcaf-02718409c5cf --group 7
  kefu desk state --session fd8a2e30-54de-4e40-bcaf-02718409c5cf
`

func desk(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "send" && args[0] != "transfer" && args[0] != "end" && args[0] != "state") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(e.stdout, deskUsage)
			return flag.ErrHelp
		}
		return usagef("kefu desk needs an action: send, transfer, end or state")
	}
	action := args[0]
	fs := flags("desk " + action)
	session := fs.String("session", "", "the session's SessionId")
	text := fs.String("text", "", "send: the message's text")
	agent := fs.String("agent", "", "transfer: the agent (e-mail) to hand the session to")
	group := fs.Int64("group", 0, "transfer: the agent group to hand the session to")
	if err := parse(e, fs, deskUsage, args[1:]); err != nil {
		return err
	}
	if *session == "" {
		return usagef("--session is required")
	}
	if action == "send" && *text == "" {
		return usagef("--text is required")
	}
	v, err := e.need("the Desk application's SDKAppID, an administrator and the secret key", "DESK_SDKAPPID", "DESK_ADMIN_ID", "DESK_SECRET_KEY")
	if err != nil {
		return err
	}
	appID, err := strconv.ParseInt(v["DESK_SDKAPPID"], 10, 64)
	if err != nil {
		return fmt.Errorf("DESK_SDKAPPID is not a number")
	}
	var opts []deskapi.Option
	if base := e.getenv("DESK_BASE_URL"); base != "" {
		opts = append(opts, deskapi.WithBaseURL(base))
	}
	c, err := deskapi.New(appID, v["DESK_ADMIN_ID"], v["DESK_SECRET_KEY"], opts...)
	if err != nil {
		return err
	}
	var out any = map[string]any{"ok": true}
	switch action {
	case "send":
		err = c.SendMsg(ctx, &deskapi.SendMsgRequest{SessionID: *session, MsgBody: deskapi.Text(*text)})
	case "transfer":
		req := &deskapi.TransferRequest{SessionID: *session, AgentGroupID: *group}
		if *agent != "" {
			req.AgentIDs = []string{*agent}
		}
		var res *deskapi.TransferResult
		if res, err = c.TransferToHuman(ctx, req); err == nil {
			out = map[string]any{"ok": true, "agent": res.AgentID, "in_queue": res.IsInQueue}
		}
	case "end":
		err = c.EndSession(ctx, *session)
	case "state":
		var st *deskapi.SessionState
		if st, err = c.SessionState(ctx, &deskapi.SessionStateRequest{SessionID: *session}); err == nil {
			out = map[string]any{"ok": true, "session": st.SessionID, "state": st.CurrentState, "agent": st.AgentID}
		}
	}
	var apiErr *deskapi.APIError
	if errors.As(err, &apiErr) {
		_ = json.NewEncoder(e.stdout).Encode(map[string]any{"ok": false, "code": apiErr.ErrorCode, "info": apiErr.ErrorInfo})
		return fmt.Errorf("the Desk call was refused: %w", err)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(e.stdout).Encode(out)
}
