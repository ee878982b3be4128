package dingrecover_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingrecover"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// setup is a fake OpenAPI and a token source on it.
func setup(t *testing.T) (*kefutest.DingTalkServer, kefu.TokenSource) {
	t.Helper()
	dt := kefutest.NewDingTalkServer()
	t.Cleanup(dt.Close)
	c, err := kefu.NewClient(kefu.WithBaseURL(dt.URL), kefu.WithAppCredentials(kefutest.AppKey, kefutest.AppSecret))
	require.NoError(t, err)
	return dt, c.TokenSource()
}

// recorder is a Router that records every event.
type recorder struct {
	mu   sync.Mutex
	evs  []event.Event
	fail atomic.Int32 // fail this many calls first
}

func (rec *recorder) router() *event.Router {
	r := event.NewRouter()
	r.HandleDefault(func(_ context.Context, ev event.Event) error {
		if rec.fail.Load() > 0 {
			rec.fail.Add(-1)
			return errors.New("handler down")
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.evs = append(rec.evs, ev)
		return nil
	})
	return r
}

func (rec *recorder) events() []event.Event {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]event.Event(nil), rec.evs...)
}

func fixture(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "event", "testdata", name))
	require.NoError(t, err)
	return b
}

// Every documented item shape becomes the typed event its live push is:
// the payload under bpmsCallBackData, roleLabelChange or callbackData, or
// the tag's own object (user_add_org), checked field by field against the
// live fixture parsed as DingTalk pushed it.
func TestEveryItemShapeIsItsLiveEvent(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	at := time.UnixMilli(1606126433000)
	for _, tc := range []struct {
		tag, key, fixture string
	}{
		{"bpms_instance_change", "bpmsCallBackData", "bpms_instance_change.current.json"},
		{"bpms_task_change", "bpmsCallBackData", "bpms_task_change.current.json"},
		{"label_conf_add", "roleLabelChange", "label_conf_add.current.json"},
		{"org_dept_create", "callbackData", "org_dept_create.current.json"},
	} {
		dt.AddFailedPushes(kefutest.FailedPush(tc.tag, "ding9f50b15bccd16741", tc.key, fixture(t, tc.fixture), at))
	}
	// The page's own example: user_add_org's fields in the tag's object.
	dt.AddFailedPushes(json.RawMessage(`{"user_add_org":{"userid":["zhangsan"],"corpid":"ding241f334c339e175b35c2f4657xxxx"},"call_back_tag":"user_add_org","event_time":1606126433000}`))
	rec := &recorder{}
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL))
	require.NoError(t, err)
	n, err := r.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	evs := rec.events()
	require.Len(t, evs, 5)
	for i, name := range []string{"bpms_instance_change.current.json", "bpms_task_change.current.json", "label_conf_add.current.json", "org_dept_create.current.json"} {
		live, err := event.Parse(fixture(t, name))
		require.NoError(t, err, name)
		assert.Equal(t, live, evs[i], "%s: the recovered event is the live one", name)
	}
	add, ok := evs[4].(*event.OrgUserAdd)
	require.True(t, ok, "%T", evs[4])
	assert.Equal(t, []string{"zhangsan"}, add.UserIDs)
	assert.Equal(t, "ding241f334c339e175b35c2f4657xxxx", add.CorpID)
	assert.Equal(t, event.Millis(1606126433000), add.TimeStamp, "event_time: the event's time")

	// Consumed: the next round finds nothing, in one request.
	calls := dt.FailedListCalls()
	n, err = r.Poll(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, calls+1, dt.FailedListCalls())
}

func TestPagination(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	dt.SetFailedPageSize(2)
	for i := range 5 {
		dt.AddFailedPushes(kefutest.FailedPush("org_change", "ding1", "callbackData",
			json.RawMessage(fmt.Sprintf(`{"EventType":"org_change","eventId":"e%d"}`, i)), time.Now()))
	}
	rec := &recorder{}
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL))
	require.NoError(t, err)
	n, err := r.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 5, n)
	assert.Equal(t, 3, dt.FailedListCalls(), "pages of 2, 2 and 1")
}

// A handler that fails: the fetched event (the only copy) is held and
// dispatched again next round.
func TestFailedHandlerIsRetriedNextRound(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	dt.AddFailedPushes(kefutest.FailedPush("org_change", "ding1", "callbackData", json.RawMessage(`{"eventId":"e-1"}`), time.Now()))
	rec := &recorder{}
	rec.fail.Store(1)
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL))
	require.NoError(t, err)
	n, err := r.Poll(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n)
	n, err = r.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.Len(t, rec.events(), 1)
	assert.Equal(t, "e-1", rec.events()[0].EventHeader().EventID)
}

// With the live handler's store, an event handled live is not run again;
// two Recoverers on one store run each event once.
func TestSharedStoreRunsEachEventOnce(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	store, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	live := &recorder{}
	c := kefutest.NewDingTalkCrypto()
	h := dingcallback.NewHandler(c, live.router(), dingcallback.WithDeduplicator(store))
	req, err := kefutest.NewDingTalkRequest(c, "/cb", `{"EventType":"org_change","eventId":"e-live"}`)
	require.NoError(t, err)
	h.ServeHTTP(httptest.NewRecorder(), req)
	require.Len(t, live.events(), 1)

	dt.KeepFailedPushes(true) // both replicas see the list
	dt.AddFailedPushes(
		kefutest.FailedPush("org_change", "ding1", "callbackData", json.RawMessage(`{"eventId":"e-live"}`), time.Now()),
		kefutest.FailedPush("org_change", "ding1", "callbackData", json.RawMessage(`{"eventId":"e-new"}`), time.Now()))
	rec := &recorder{}
	var wg sync.WaitGroup
	var total atomic.Int32
	for range 2 {
		r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL), dingrecover.WithDeduplicator(store))
		require.NoError(t, err)
		wg.Go(func() {
			n, err := r.Poll(context.Background())
			assert.NoError(t, err)
			total.Add(int32(n))
		})
	}
	wg.Wait()
	evs := rec.events()
	require.Len(t, evs, 1, "e-live ran live; e-new runs once for two replicas")
	assert.Equal(t, "e-new", evs[0].EventHeader().EventID)
	assert.Equal(t, int32(1), total.Load())
}

// A token DingTalk calls expired is refreshed once and the call repeated.
func TestExpiredTokenIsRefreshed(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	r, err := dingrecover.New(tokens, (&recorder{}).router(), dingrecover.WithBaseURL(dt.URL))
	require.NoError(t, err)
	_, err = r.Poll(context.Background())
	require.NoError(t, err)
	dt.ExpireTokens()
	_, err = r.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, dt.TokenFetches())
}

func TestRunStopsWithItsContext(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	r, err := dingrecover.New(tokens, (&recorder{}).router(), dingrecover.WithBaseURL(dt.URL), dingrecover.WithInterval(time.Hour))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	require.Eventually(t, func() bool { return dt.FailedListCalls() == 1 }, 10*time.Second, time.Millisecond, "the first round at once")
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestFailRecords(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	for i := range 150 {
		dt.AddFailRecords(kefutest.FailRecord{ID: int64(i + 1), CorpID: "dingcorp", CallBackTag: "org_change",
			CallBackData: fmt.Sprintf(`{"eventId":"rec-%d"}`, i), EventTime: time.Now().UnixMilli()})
	}
	dt.AddFailRecords(kefutest.FailRecord{ID: 999, CorpID: "dingcorp", CallBackTag: "other_tag", CallBackData: `{}`})
	rec := &recorder{}
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL), dingrecover.WithFailRecords("org_change"))
	require.NoError(t, err)
	n, err := r.Poll(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 150, n)
	assert.Equal(t, 2, dt.FailRecordCalls(), "pages of 100")
	ev := rec.events()[0]
	assert.Equal(t, event.TypeOrgChange, ev.EventHeader().EventType)
	assert.Equal(t, "dingcorp", ev.EventHeader().CorpID)
	n, err = r.Poll(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "confirmed records are not listed again")
}

// An item that cannot be normalised still reaches the Router, as
// *event.Unknown: never dropped.
func TestOddItemsAreNotDropped(t *testing.T) {
	t.Parallel()
	dt, tokens := setup(t)
	dt.AddFailedPushes(json.RawMessage(`{"call_back_tag":"brand_new_tag","event_time":1,"brand_new_tag":"not an object"}`))
	rec := &recorder{}
	r, err := dingrecover.New(tokens, rec.router(), dingrecover.WithBaseURL(dt.URL))
	require.NoError(t, err)
	_, err = r.Poll(context.Background())
	require.NoError(t, err)
	evs := rec.events()
	require.Len(t, evs, 1)
	_, ok := evs[0].(*event.Unknown)
	assert.True(t, ok, "%T", evs[0])
}
