package deliver_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/kefutest"
	"github.com/kefu-go/kefu/observe"
)

// The same delivery scenarios run through all three receivers; each
// receiver's expected answer is its platform's word for the same verdict,
// and the log level of the delivery is the same wherever the pipeline is
// shared.

// scenario is one delivery. handler is what the user's handler does;
// prepare sets the store up before the delivery (nil: no store).
type scenario struct {
	name    string
	handler func(ctx context.Context) error
	store   func(t *testing.T, key string) dedup.Store
	// undecodable sends a known type whose payload does not decode; unknown
	// sends a type (command) nobody handles.
	undecodable, unknown bool
}

// levelNone: the delivery logged nothing.
const levelNone = slog.Level(-100)

func accept(context.Context) error { return nil }

var scenarios = []scenario{
	{name: "accepted", handler: accept},
	{name: "handler error", handler: func(context.Context) error { return errors.New("boom") }},
	{name: "panic", handler: func(context.Context) error { panic("kaput") }},
	{name: "timeout", handler: func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }},
	{name: "duplicate", handler: accept, store: func(t *testing.T, key string) dedup.Store {
		m := memory(t)
		c, err := m.Claim(context.Background(), key, time.Minute)
		require.NoError(t, err)
		require.NoError(t, m.Complete(context.Background(), c))
		return m
	}},
	{name: "in flight", handler: accept, store: func(t *testing.T, key string) dedup.Store {
		m := memory(t)
		_, err := m.Claim(context.Background(), key, time.Minute)
		require.NoError(t, err)
		return m
	}},
	{name: "undecodable known type", handler: accept, undecodable: true},
	{name: "unknown type", handler: accept, unknown: true},
	{name: "store failure", handler: accept, store: func(*testing.T, string) dedup.Store { return failingStore{} }},
	// A store that never answers is bounded by the store timeout (250 ms by
	// default) and treated as a failed one.
	{name: "store stalls", handler: accept, store: func(*testing.T, string) dedup.Store { return stallingStore{} }},
}

// want is what one receiver does in one scenario.
type want struct {
	ack    bool       // the platform is told the event was handled
	answer string     // the platform's answer: HTTP status and body word, or the Stream status
	level  slog.Level // the highest level logged for the delivery
	called bool       // the user's handler ran
}

func TestReceiversShareThePipeline(t *testing.T) {
	t.Parallel()
	expect := map[string]map[string]want{
		"dingcallback": {
			"accepted":               {true, "200 success", slog.LevelDebug, true},
			"handler error":          {false, "500", slog.LevelError, true},
			"panic":                  {false, "500", slog.LevelError, true},
			"timeout":                {false, "500", slog.LevelError, true},
			"duplicate":              {true, "200 success", slog.LevelDebug, false},
			"in flight":              {false, "409", slog.LevelInfo, false},
			"undecodable known type": {false, "500", slog.LevelError, false},
			"unknown type":           {true, "200 success", slog.LevelDebug, false},
			"store failure":          {true, "200 success", slog.LevelWarn, true},
			"store stalls":           {true, "200 success", slog.LevelWarn, true},
		},
		"dingstream": {
			"accepted":               {true, event.AckSuccess, slog.LevelDebug, true},
			"handler error":          {false, event.AckLater, slog.LevelError, true},
			"panic":                  {false, event.AckLater, slog.LevelError, true},
			"timeout":                {false, event.AckLater, slog.LevelError, true},
			"duplicate":              {true, event.AckSuccess, slog.LevelDebug, false},
			"in flight":              {false, event.AckLater, slog.LevelInfo, false},
			"undecodable known type": {false, event.AckLater, slog.LevelError, false},
			"unknown type":           {true, event.AckSuccess, slog.LevelDebug, false},
			"store failure":          {true, event.AckSuccess, slog.LevelWarn, true},
			"store stalls":           {true, event.AckSuccess, slog.LevelWarn, true},
		},
		// Desk has no typed "unknown event": an unknown command is a genuine
		// request answered FAIL 404 without a log line, an undecodable body
		// a rejected request (400) that reaches no handler.
		"deskcallback": {
			"accepted":               {true, "200 OK 0", slog.LevelDebug, true},
			"handler error":          {false, "200 FAIL 500", slog.LevelError, true},
			"panic":                  {false, "200 FAIL 500", slog.LevelError, true},
			"timeout":                {false, "200 FAIL 500", slog.LevelError, true},
			"duplicate":              {true, "200 OK 0", slog.LevelDebug, false},
			"in flight":              {false, "200 FAIL 409", slog.LevelInfo, false},
			"undecodable known type": {false, "400 FAIL 400", slog.LevelWarn, false},
			"unknown type":           {false, "200 FAIL 404", levelNone, false},
			"store failure":          {true, "200 OK 0", slog.LevelWarn, true},
			"store stalls":           {true, "200 OK 0", slog.LevelWarn, true},
		},
	}
	receivers := map[string]func(t *testing.T, sc scenario, called *atomic.Bool, log *slog.Logger, obs *kefutest.Observer) (bool, string){
		"dingcallback": viaDingCallback,
		"dingstream":   viaDingStream,
		"deskcallback": viaDeskCallback,
	}
	for name, run := range receivers {
		for _, sc := range scenarios {
			t.Run(name+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				rec := &recorder{}
				var called atomic.Bool
				obs := kefutest.NewObserver()
				ack, answer := run(t, sc, &called, slog.New(rec), obs)
				w := expect[name][sc.name]
				assert.Equal(t, w.ack, ack, "acknowledged")
				assert.Equal(t, w.answer, answer, "answer")
				assert.Equal(t, w.called, called.Load(), "handler called")
				assert.Equal(t, w.level.String(), rec.max().String(), "highest log level; logs:\n%s", rec)
				checkObserved(t, name, sc, obs.Deliveries())
				assert.Zero(t, obs.Unfinished(), "every observed delivery ended")
			})
		}
	}
}

// observed is the outcome the Observer is told in each scenario, the same
// through every receiver; "" where no delivery reaches the dispatch stage
// (Desk's undecodable body and unknown command are rejected before it).
var observed = map[string]observe.Outcome{
	"accepted":               observe.Accepted,
	"handler error":          observe.Failed,
	"panic":                  observe.Failed,
	"timeout":                observe.Failed,
	"duplicate":              observe.Duplicate,
	"in flight":              observe.InFlight,
	"undecodable known type": observe.Failed,
	"unknown type":           observe.Accepted,
	"store failure":          observe.Accepted,
	"store stalls":           observe.Accepted,
}

func checkObserved(t *testing.T, receiver string, sc scenario, got []kefutest.ObservedDelivery) {
	t.Helper()
	want := observed[sc.name]
	if receiver == "deskcallback" && (sc.undecodable || sc.unknown) {
		want = ""
	}
	if want == "" {
		assert.Empty(t, got, "observed deliveries")
		return
	}
	require.Len(t, got, 1, "observed deliveries")
	d := got[0]
	assert.Equal(t, want, d.Outcome, "observed outcome")
	assert.Equal(t, receiver, d.Receiver)
	assert.Positive(t, d.Duration)
	if want == observe.Failed {
		assert.Error(t, d.Err, "a failed delivery carries its error")
	} else {
		assert.NoError(t, d.Err)
	}
	switch {
	case receiver == "deskcallback":
		assert.Equal(t, deskcallback.CommandSessionEventNotify, d.Type)
	case sc.unknown:
		assert.Equal(t, "nobody_knows_this", d.Type)
		assert.Equal(t, eventID, d.ID)
	default:
		typ, _ := dingPayload(sc)
		assert.Equal(t, string(typ), d.Type)
		assert.Equal(t, eventID, d.ID)
	}
}

const (
	eventID     = "e-pipeline"
	timeout     = 50 * time.Millisecond
	deskSession = `{"CallbackCommand":"Desk.SessionEventNotify","SessionId":"s1","Event":"ChatBot.UserSendMsg","EventTime":1725540020017}`
)

// dingPayload is the body of the scenario: an org_change (or a
// user_add_org whose UserId is an object, or an unknown type).
func dingPayload(sc scenario) (event.Type, string) {
	switch {
	case sc.undecodable:
		return event.TypeUserAddOrg, `{"UserId":{"not":"a list"}}`
	case sc.unknown:
		return "nobody_knows_this", `{}`
	}
	return event.TypeOrgChange, `{}`
}

func dingRouter(sc scenario, called *atomic.Bool) *event.Router {
	r := event.NewRouter()
	event.Handle(r, func(ctx context.Context, _ *event.OrgChange) error {
		called.Store(true)
		if d, ok := kefutest.DeliveryFrom(ctx); !ok || d.ID != eventID {
			return errors.New("the handler does not run under the observer's context")
		}
		return sc.handler(ctx)
	})
	event.Handle(r, func(context.Context, *event.OrgUserAdd) error {
		called.Store(true)
		return nil
	})
	return r
}

func viaDingCallback(t *testing.T, sc scenario, called *atomic.Bool, log *slog.Logger, obs *kefutest.Observer) (bool, string) {
	c := kefutest.NewDingTalkCrypto()
	opts := []dingcallback.Option{dingcallback.WithLogger(log), dingcallback.WithHandlerTimeout(timeout),
		dingcallback.WithObserver(obs)}
	if sc.store != nil {
		opts = append(opts, dingcallback.WithDeduplicator(sc.store(t, "event:"+eventID)))
	}
	h, err := dingcallback.New(c, dingRouter(sc, called), opts...)
	require.NoError(t, err)
	typ, data := dingPayload(sc)
	body := `{"EventType":"` + string(typ) + `","eventId":"` + eventID + `"`
	if data != `{}` {
		body += "," + data[1:]
	} else {
		body += "}"
	}
	req, err := kefutest.NewDingTalkRequest(c, "/callback", body)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		return false, strconvItoa(w.Code)
	}
	reply, err := kefutest.OpenDingTalkReply(c, w.Body)
	require.NoError(t, err)
	return reply == "success", "200 " + reply
}

func viaDingStream(t *testing.T, sc scenario, called *atomic.Bool, log *slog.Logger, obs *kefutest.Observer) (bool, string) {
	g := kefutest.NewStreamGateway()
	t.Cleanup(g.Close)
	opts := []dingstream.Option{dingstream.WithBaseURL(g.URL), dingstream.WithLogger(log), dingstream.WithHandlerTimeout(timeout),
		dingstream.WithObserver(obs)}
	if sc.store != nil {
		opts = append(opts, dingstream.WithDeduplicator(sc.store(t, "event:"+eventID)))
	}
	c, err := dingstream.New(kefutest.AppKey, kefutest.AppSecret, dingRouter(sc, called), opts...)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	defer func() { cancel(); <-done }()
	wctx, wcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer wcancel()
	require.NoError(t, g.WaitConnections(wctx, 1))
	typ, data := dingPayload(sc)
	id := g.PushEvent(typ, eventID, []byte(data))
	var a kefutest.StreamAck
	require.NoError(t, g.Wait(wctx, func(g *kefutest.StreamGateway) bool {
		for _, x := range g.Acks() {
			if x.MessageID == id {
				a = x
				return true
			}
		}
		return false
	}))
	require.Equal(t, http.StatusOK, a.Code)
	return a.Succeeded(), a.Status
}

func viaDeskCallback(t *testing.T, sc scenario, called *atomic.Bool, log *slog.Logger, obs *kefutest.Observer) (bool, string) {
	body := deskSession
	if sc.undecodable {
		body = `{"CallbackCommand":"Desk.SessionEventNotify","MsgBody":{"not":"a list"}}`
	}
	command := deskcallback.CommandSessionEventNotify
	if sc.unknown {
		command = "Desk.NobodyKnowsThis"
	}
	opts := []deskcallback.Option{deskcallback.WithLogger(log), deskcallback.WithHandlerTimeout(timeout),
		deskcallback.WithObserver(obs)}
	if sc.store != nil {
		opts = append(opts, deskcallback.WithDeduplicator(sc.store(t, deliver.HashKey("desk:"+command+":", []byte(body)))))
	}
	h, err := deskcallback.New(deskcallback.Config{
		SdkAppID: "1400000000", Token: "desk-token",
		OnSessionEvent: func(ctx context.Context, _ *deskcallback.Query, _ *deskcallback.SessionEvent) error {
			called.Store(true)
			if _, ok := kefutest.DeliveryFrom(ctx); !ok {
				return errors.New("the handler does not run under the observer's context")
			}
			return sc.handler(ctx)
		},
	}, opts...)
	require.NoError(t, err)
	req, err := kefutest.NewDeskRequest("/desk", "1400000000", "desk-token", command, body)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var reply struct {
		ActionStatus string
		ErrorCode    int
	}
	require.NoError(t, jsonUnmarshal(w.Body.Bytes(), &reply))
	return reply.ActionStatus == "OK", strconvItoa(w.Code) + " " + reply.ActionStatus + " " + strconvItoa(reply.ErrorCode)
}

// memory is an in-process store for one test.
func memory(t *testing.T) *dedup.Memory {
	m, err := dedup.NewMemory(time.Hour)
	require.NoError(t, err)
	return m
}

// failingStore is a store that cannot answer.
type failingStore struct{}

func (failingStore) Claim(context.Context, string, time.Duration) (dedup.Claim, error) {
	return dedup.Claim{}, errors.New("store down")
}
func (failingStore) Complete(context.Context, dedup.Claim) error { return errors.New("store down") }
func (failingStore) Release(context.Context, dedup.Claim) error  { return errors.New("store down") }

// stallingStore is a store that answers nothing until its context ends.
type stallingStore struct{}

func (stallingStore) Claim(ctx context.Context, _ string, _ time.Duration) (dedup.Claim, error) {
	<-ctx.Done()
	return dedup.Claim{}, ctx.Err()
}
func (stallingStore) Complete(ctx context.Context, _ dedup.Claim) error {
	<-ctx.Done()
	return ctx.Err()
}
func (stallingStore) Release(ctx context.Context, _ dedup.Claim) error {
	<-ctx.Done()
	return ctx.Err()
}

// recorder is a slog.Handler that keeps what was logged.
type recorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs = append(r.recs, rec.Clone())
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

// max is the highest level logged about the delivery: connection
// lines of the Stream client are not about it.
func (r *recorder) max() slog.Level {
	r.mu.Lock()
	defer r.mu.Unlock()
	level := levelNone
	for _, rec := range r.recs {
		if strings.Contains(rec.Message, "connect") || strings.Contains(rec.Message, "connection") {
			continue
		}
		level = max(level, rec.Level)
	}
	return level
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, rec := range r.recs {
		b.WriteString(rec.Level.String() + " " + rec.Message + "\n")
	}
	return b.String()
}

func strconvItoa(n int) string { return strconv.Itoa(n) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Each receiver documents its default store timeout as a value of its own
// (go doc shows no internal name); all are the dispatch stage's.
func TestReceiversDocumentTheDefaultStoreTimeout(t *testing.T) {
	t.Parallel()
	for name, d := range map[string]time.Duration{
		"dingcallback": dingcallback.DefaultStoreTimeout,
		"deskcallback": deskcallback.DefaultStoreTimeout,
		"dingstream":   dingstream.DefaultStoreTimeout,
	} {
		assert.Equal(t, deliver.DefaultStoreTimeout, d, name)
	}
}
