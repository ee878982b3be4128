package dingbot_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

func runStream(t *testing.T, g *kefutest.StreamGateway, opts ...dingstream.Option) {
	t.Helper()
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, event.NewRouter(), append([]dingstream.Option{dingstream.WithBaseURL(g.URL)}, opts...)...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	require.NoError(t, g.WaitConnections(wctx, 1))
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// An echo bot over Stream: the message arrives typed, the reply goes
// through its sessionWebhook, and a message the gateway pushes again while
// the first handler runs is handled once.
func TestEchoBotOverStream(t *testing.T) {
	t.Parallel()
	g := kefutest.NewStreamGateway()
	t.Cleanup(g.Close)
	s, dt := newSender(t)
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	runStream(t, g, dingstream.WithDeduplicator(store),
		dingstream.WithCallback(dingbot.TopicMessage, dingbot.OnMessage(func(ctx context.Context, m *dingbot.Message) error {
			if calls.Add(1) == 1 {
				close(started)
			}
			<-release
			return s.Reply(ctx, m, dingbot.Text("echo: "+m.Text))
		})))
	msg := dt.RobotMessage("退款多久到账", false)
	first := g.PushCallback(dingbot.TopicMessage, msg)
	<-started
	again := g.PushCallback(dingbot.TopicMessage, msg) // the same msgId, a new frame
	a, err := g.WaitAnswer(waitCtx(t), again)
	require.NoError(t, err)
	assert.Equal(t, 200, a.Code, "the repeat is answered at once, without a second handler")
	close(release)
	_, err = g.WaitAcked(waitCtx(t), first)
	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load())
	robotCalls := dt.RobotCalls()
	require.Len(t, robotCalls, 1)
	assert.JSONEq(t, `{"msgtype":"text","text":{"content":"echo: 退款多久到账"}}`, string(robotCalls[0].Body))
}

// A card callback is answered with the function's CardResponse, inside
// the frame's {"response":…}; an overrun of the budget is answered 500.
func TestCardOverStream(t *testing.T) {
	t.Parallel()
	g := kefutest.NewStreamGateway()
	t.Cleanup(g.Close)
	runStream(t, g, dingstream.WithCallback(dingbot.TopicCard, dingbot.OnCard(func(ctx context.Context, c *dingbot.CardCallback) (*dingbot.CardResponse, error) {
		if c.OutTrackID == "slow" {
			<-ctx.Done() // past the budget
			return nil, ctx.Err()
		}
		n, _ := c.Params["count"].(float64)
		return &dingbot.CardResponse{CardData: &dingbot.CardParams{CardParamMap: map[string]string{"count": strconv.Itoa(int(n) + 1)}}}, nil
	})))
	ok := g.PushCallback(dingbot.TopicCard, readFile(t, "card.json"))
	a, err := g.WaitAcked(waitCtx(t), ok)
	require.NoError(t, err)
	assert.JSONEq(t, `{"response":{"cardData":{"cardParamMap":{"count":"2"}}}}`, string(a.Data))

	slow := g.PushCallback(dingbot.TopicCard, []byte(`{"outTrackId":"slow","content":"{}"}`))
	a, err = g.WaitAnswer(waitCtx(t), slow)
	require.NoError(t, err)
	assert.Equal(t, 500, a.Code)
}
