package dingstream_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/streamwire"
	"github.com/kefu-go/kefu/kefutest"
)

// BenchmarkStream pushes b.N user_add_org frames through the fake gateway
// and waits for b.N answers: "dingstream" is the Client (decode, Router,
// handler, SUCCESS); "bare-echo" is the floor of any correct client on the
// same gateway, a loop that reads a frame, parses it for its messageId and
// writes a canned SUCCESS. Allocations include the gateway's, the same in
// both.
func BenchmarkStream(b *testing.B) {
	data := []byte(`{"userId":["184919295227658120"],"optStaffId":"manager164","timeStamp":"1640921671286"}`)
	run := func(b *testing.B, connect func(ctx context.Context, g *kefutest.StreamGateway)) {
		g := kefutest.NewStreamGateway()
		defer g.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		connect(ctx, g)
		if err := g.WaitConnections(ctx, 1); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			g.PushEvent(event.TypeUserAddOrg, "", data)
		}
		if err := g.Wait(ctx, func(g *kefutest.StreamGateway) bool { return g.AckCount() >= b.N }); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "frames/s")
		cancel()
	}
	b.Run("bare-echo", func(b *testing.B) {
		run(b, func(ctx context.Context, g *kefutest.StreamGateway) {
			ws := bareConnect(ctx, b, g)
			go func() {
				defer ws.CloseNow()
				for {
					_, msg, err := ws.Read(ctx)
					if err != nil {
						return
					}
					f, err := streamwire.ParseFrame(msg)
					if err != nil {
						b.Error(err)
						return
					}
					ans := streamwire.AppendAnswer(nil, streamwire.Answer{Code: 200, MessageID: f.MessageID(), Message: "OK", Data: []byte(`{"status":"SUCCESS","message":"success"}`)})
					if err := ws.Write(ctx, websocket.MessageText, ans); err != nil {
						return
					}
				}
			}()
		})
	})
	b.Run("dingstream", func(b *testing.B) {
		run(b, func(ctx context.Context, g *kefutest.StreamGateway) {
			r := event.NewRouter()
			event.Handle(r, func(context.Context, *event.OrgUserAdd) error { return nil })
			c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, r, dingstream.WithBaseURL(g.URL))
			if err != nil {
				b.Fatal(err)
			}
			go func() { _ = c.Run(ctx) }()
		})
	})
}

// bareConnect opens a connection by hand: the open call, then the WebSocket.
func bareConnect(ctx context.Context, b *testing.B, g *kefutest.StreamGateway) *websocket.Conn {
	body := `{"clientId":"` + kefutest.AppKey + `","clientSecret":"` + kefutest.AppSecret + `","subscriptions":[{"type":"EVENT","topic":"*"}]}`
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, g.URL+dingstream.OpenPath, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var ans struct{ Endpoint, Ticket string }
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
		b.Fatal(err)
	}
	ws, _, err := websocket.Dial(ctx, ans.Endpoint+"?ticket="+ans.Ticket, nil)
	if err != nil {
		b.Fatal(err)
	}
	ws.SetReadLimit(1 << 20)
	return ws
}
