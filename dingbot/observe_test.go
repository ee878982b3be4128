package dingbot_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dingbot"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// The Sender's calls are observed with their path, never a webhook's
// session key; NewHandler's deliveries with the message's type and id.
func TestObserverSeesSendsAndMessages(t *testing.T) {
	t.Parallel()
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	c, err := kefu.NewClient(kefu.WithBaseURL(dt.URL), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	obs := kefutest.NewObserver()
	s, err := dingbot.NewSender(kefutest.RobotCode, c.TokenSource(), dingbot.WithBaseURL(dt.URL), dingbot.WithObserver(obs))
	require.NoError(t, err)

	raw := dt.RobotMessage("你好", false)
	m := parse(t, raw)
	require.NoError(t, s.Reply(context.Background(), m, dingbot.Text("您好")))
	require.NoError(t, s.SendToUsers(context.Background(), []string{"u1"}, dingbot.Text("您好")))
	calls := obs.Calls()
	require.Len(t, calls, 2, "%+v", calls)
	hook, err := url.Parse(m.SessionWebhook)
	require.NoError(t, err)
	assert.Equal(t, hook.Path, calls[0].API)
	assert.Equal(t, dingbot.PathSendToUsers, calls[1].API)
	for _, a := range calls {
		assert.Equal(t, http.MethodPost, a.Method)
		assert.Equal(t, 1, a.Attempt)
		assert.Equal(t, http.StatusOK, a.StatusCode)
		assert.NoError(t, a.Err)
		assert.NotContains(t, a.API+a.Host, hook.Query().Get("session"))
	}

	h, err := dingbot.NewHandler(kefutest.AppSecret, func(ctx context.Context, _ *dingbot.Message) error {
		if _, ok := kefutest.DeliveryFrom(ctx); !ok {
			t.Error("the handler does not run under the observer's context")
		}
		return nil
	}, dingbot.WithObserver(obs))
	require.NoError(t, err)
	req, err := kefutest.NewRobotRequest("/robot", kefutest.AppSecret, raw)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	require.Equal(t, http.StatusOK, w.Code)
	d := obs.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, observe.Delivery{Receiver: observe.ReceiverDingBot, Type: "text", ID: m.MsgID}, d[0].Delivery)
	assert.Equal(t, observe.Accepted, d[0].Outcome)
}
