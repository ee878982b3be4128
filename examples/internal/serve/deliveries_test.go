package serve

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// The same event pushed twice runs the handler once; the examples' log
// says so at INFO the second time, not only at DEBUG.
func TestDeliveriesLogsDuplicatesAtInfo(t *testing.T) {
	t.Parallel()
	var logs kefutest.LogBuffer
	log := logs.Logger()
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	calls := 0
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { calls++; return nil })
	crypto := kefutest.NewDingTalkCrypto()
	h := dingcallback.NewHandler(crypto, r, dingcallback.WithDeduplicator(store), dingcallback.WithObserver(Deliveries(log)))
	body := `{"EventType":"user_add_org","eventId":"e-dup-1","UserId":["u1"]}`
	for range 2 {
		req, err := kefutest.NewDingTalkRequest(crypto, "/cb", []byte(body))
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, 200, rec.Code)
	}
	assert.Equal(t, 1, calls)
	out := logs.String()
	assert.Equal(t, 1, strings.Count(out, "duplicate acknowledged"), out)
	assert.Contains(t, out, "level=INFO msg=\"duplicate acknowledged: handled before, the handler did not run again\" receiver=dingcallback type=user_add_org id=e-dup-1")
}
