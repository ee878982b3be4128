package dingrecover_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingrecover"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// A round is observed: the list call, and each recovered event's delivery
// with its outcome (a failed handler, then its held retry accepted).
func TestObserverSeesRoundsAndDeliveries(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	dt.AddFailedPushes(kefutest.FailedPush("org_change", "ding1", "callbackData",
		json.RawMessage(`{"EventType":"org_change","eventId":"e-obs"}`), time.Now()))
	rec := &recorder{}
	rec.fail.Store(1)
	obs := kefutest.NewObserver()
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL), dingrecover.WithObserver(obs))
	require.NoError(t, err)
	for range 2 {
		_, err = r.Poll(context.Background())
		require.NoError(t, err)
	}

	d := obs.Deliveries()
	require.Len(t, d, 2)
	for _, x := range d {
		assert.Equal(t, observe.Delivery{Receiver: observe.ReceiverDingRecover, Type: "org_change", ID: "e-obs"}, x.Delivery)
	}
	assert.Equal(t, observe.Failed, d[0].Outcome)
	require.Error(t, d[0].Err)
	assert.Equal(t, observe.Accepted, d[1].Outcome)

	calls := obs.Calls()
	require.NotEmpty(t, calls)
	for _, c := range calls {
		assert.Equal(t, dingrecover.PathFailedList, c.API)
		assert.Equal(t, http.StatusOK, c.StatusCode)
		assert.Empty(t, c.Code)
	}
}
