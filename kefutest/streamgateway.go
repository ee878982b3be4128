package kefutest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/streamwire"
)

// StreamAck is one answer a client sent the StreamGateway.
type StreamAck struct {
	// MessageID is the echoed messageId; FrameType the type of the frame
	// answered (EVENT, CALLBACK, SYSTEM).
	MessageID, FrameType string
	// Code is the answer's code, 200 for success.
	Code int
	// Message is the answer's message, "OK" for success.
	Message string
	// Status is SUCCESS or LATER for an EVENT answer.
	Status string
	// Data is the answer's data, unquoted: {"status":…} for an event,
	// {"response":…} for a callback, the ping's data for a ping.
	Data json.RawMessage
	// Conn numbers the connection it came on, from 1.
	Conn int
}

// Succeeded reports whether the answer acknowledges its frame: code 200,
// and status SUCCESS for an event.
func (a StreamAck) Succeeded() bool {
	return a.Code == http.StatusOK && (a.FrameType != streamwire.TypeEvent || a.Status == streamwire.AckSuccess)
}

// OpenCall is one open-connection call the StreamGateway received, without
// the secret.
type OpenCall struct {
	// ClientID is the app key the client sent.
	ClientID string
	// Subscriptions are the topics it asked for, in its order.
	Subscriptions []Subscription
	// UA is the ua member: the client's name.
	UA string
	// LocalIP is the localIp member: the client host's address.
	LocalIP string
}

// Subscription is one subscription of an open call: Type EVENT with Topic
// "*", or Type CALLBACK with a callback topic.
type Subscription struct{ Type, Topic string }

// StreamGateway is a fake DingTalk Stream gateway on loopback, speaking the
// protocol of https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description: POST /v1.0/gateway/connections/open
// (accepting AppKey and AppSecret, answering 401 authFailed otherwise) gives
// a one-use ticket for the WebSocket at /connect, where it pushes the frames
// a test gives it and records every answer.
//
// Like DingTalk's gateway, it pushes a connection only the topics its open
// call subscribed to (EVENT "*" and each CALLBACK topic), and a frame is
// outstanding until it is answered SUCCESS (an event) or 200 (a callback).
// Frames pushed while no connection is open wait for one; frames
// outstanding on a connection that ends are pushed again on the next; frames
// answered LATER, with another code, or not at all are pushed again only by
// Redeliver, after RedeliveryDelay when a test sets one, or on the next
// connection — never with a later push. It is safe for concurrent use.
//
// Its controls reproduce the gateway faults a client must survive:
// AnnounceDisconnectOnConnect, NeverCloseAnnounced, StopSystemPings,
// RejectReopens, IgnoreCloseHandshake, Stall and Drop.
type StreamGateway struct {
	// URL is the gateway's base URL, for dingstream.WithBaseURL.
	URL string
	// DisconnectGrace is how long a connection stays open after Disconnect
	// announced its end; DingTalk waits about 10 s, the default here is
	// 200 ms.
	DisconnectGrace time.Duration
	// SystemPingInterval is how often each connection gets a SYSTEM ping,
	// as the real gateway keeps a connection alive (every 20–30 s, by users'
	// reports); the default is 20 s, 0 sends none. Set it before the client
	// connects.
	SystemPingInterval time.Duration
	// RedeliveryDelay, when positive, pushes a frame answered LATER (or
	// another code) again after it, as the real gateway does after its own
	// timeout. The default, 0, pushes it again only on Redeliver or on the
	// next connection.
	RedeliveryDelay time.Duration

	srv *httptest.Server
	bg  sync.WaitGroup // delayed closes

	timers   []*time.Timer // delayed closes, stopped by Close
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every answer and connection change
	tickets  map[string]time.Time
	opens    []OpenCall
	failOpen []int // statuses of the next open calls
	conns    []*gatewayConn
	nextConn int
	pending  []*gatewayFrame // waiting for a connection
	acks     []StreamAck
	seq      int

	redeliver      []*gatewayFrame           // answered other than SUCCESS/200: pushed again on request
	ticketSubs     map[string][]Subscription // each open ticket's subscriptions
	openTimes      []time.Time               // when each open call arrived
	accepted       int                       // open calls answered with a ticket
	maxConns       int                       // the most connections open at once
	announceOnOpen bool                      // AnnounceDisconnectOnConnect
	neverClose     bool                      // NeverCloseAnnounced
	noPings        bool                      // StopSystemPings
	rejectReopens  int                       // RejectReopens: the status of every open after the first
	tls            bool                      // NewStreamGatewayTLS
}

type gatewayFrame struct {
	id, typ string
	topic   string
	seq     int // push order, kept when it is pushed again
	wire    []byte
}

type gatewayConn struct {
	id       int
	ws       *websocket.Conn
	subs     []Subscription
	draining bool          // announced to end, or stalled: no new frames
	stalled  bool          // stops reading after its next answer
	unstall  chan struct{} // closed by Drop

	unstallOnce sync.Once
	sent        map[string]*gatewayFrame // outstanding on this connection, by messageId
	queue       [][]byte                 // written by the writer goroutine
	wake        chan struct{}
}

// NewStreamGateway starts a fake Stream gateway. Close it when done.
func NewStreamGateway() *StreamGateway { return newStreamGateway(false) }

// NewStreamGatewayTLS starts a fake Stream gateway on HTTPS, whose endpoint
// is wss:// as the real one's: give the client Client(), which trusts its
// certificate (dingstream.WithHTTPClient(g.Client())).
func NewStreamGatewayTLS() *StreamGateway { return newStreamGateway(true) }

func newStreamGateway(tls bool) *StreamGateway {
	g := &StreamGateway{DisconnectGrace: 200 * time.Millisecond, SystemPingInterval: 20 * time.Second,
		changed: make(chan struct{}), tickets: map[string]time.Time{}, ticketSubs: map[string][]Subscription{}, tls: tls}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+streamwire.OpenPath, g.open)
	mux.HandleFunc("GET /connect", g.connect)
	if tls {
		g.srv = httptest.NewTLSServer(mux)
	} else {
		g.srv = httptest.NewServer(mux)
	}
	g.URL = g.srv.URL
	return g
}

// Client returns an *http.Client that trusts the gateway's certificate (for
// NewStreamGatewayTLS; any client works without TLS).
func (g *StreamGateway) Client() *http.Client { return g.srv.Client() }

// AnnounceDisconnectOnConnect makes the gateway announce a disconnect (a
// SYSTEM disconnect frame) on every new connection as soon as it opens, as
// a gateway under load shedding or in a fault loop does.
func (g *StreamGateway) AnnounceDisconnectOnConnect(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.announceOnOpen = on
}

// NeverCloseAnnounced makes the gateway keep a connection it announced to
// close open for ever: only the client can close it.
func (g *StreamGateway) NeverCloseAnnounced(on bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.neverClose = on
}

// StopSystemPings stops the periodic SYSTEM pings (SystemPingInterval) on
// every connection, open or to come, while WebSocket pings are still
// answered: a "zombie" connection that looks alive and delivers nothing.
func (g *StreamGateway) StopSystemPings() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.noPings = true
}

// RejectReopens makes every open call after the first accepted one answer
// status (401 or 403: authFailed), as a credentials rotation or a gateway
// incident does; 0 accepts them again.
func (g *StreamGateway) RejectReopens(status int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.rejectReopens = status
}

// IgnoreCloseHandshake makes every open connection stop reading, so that
// the client's close frame (and its WebSocket pings) get no answer, as a
// stalled peer does. It pings each connection and returns once each has
// read that answer, its last.
func (g *StreamGateway) IgnoreCloseHandshake(ctx context.Context) error {
	g.mu.Lock()
	var ids []string
	for _, c := range g.conns {
		c.stalled = true
		f := g.pingLocked()
		c.enqueue(f.wire)
		ids = append(ids, f.id)
	}
	g.mu.Unlock()
	for _, id := range ids {
		if _, err := g.WaitAnswer(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// MaxConnections returns the most connections that were open at once.
func (g *StreamGateway) MaxConnections() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.maxConns
}

// OpenTimes returns when each open call arrived, in order.
func (g *StreamGateway) OpenTimes() []time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.openTimes)
}

// WaitOpens waits until n open calls have arrived.
func (g *StreamGateway) WaitOpens(ctx context.Context, n int) error {
	return g.Wait(ctx, func(g *StreamGateway) bool { return len(g.Opens()) >= n })
}

// WaitAnswer waits for the first answer to messageID, whatever it says,
// and returns it.
func (g *StreamGateway) WaitAnswer(ctx context.Context, messageID string) (StreamAck, error) {
	return g.waitFor(ctx, messageID, func(StreamAck) bool { return true })
}

// waitFor waits for the first answer to messageID that ok accepts.
func (g *StreamGateway) waitFor(ctx context.Context, messageID string, ok func(StreamAck) bool) (StreamAck, error) {
	var found StreamAck
	err := g.Wait(ctx, func(g *StreamGateway) bool {
		for _, a := range g.Acks() {
			if a.MessageID == messageID && ok(a) {
				found = a
				return true
			}
		}
		return false
	})
	return found, err
}

// Close ends every connection and shuts the gateway down.
func (g *StreamGateway) Close() {
	g.mu.Lock()
	for _, t := range g.timers {
		if t.Stop() {
			g.bg.Done()
		}
	}
	g.timers = nil
	g.mu.Unlock()
	g.Drop()
	g.srv.Close()
	g.bg.Wait()
}

// FailOpens makes the next open calls answer these HTTP statuses (503, say)
// before the gateway opens connections again.
func (g *StreamGateway) FailOpens(statuses ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failOpen = append(g.failOpen, statuses...)
}

// Opens returns the open calls received so far.
func (g *StreamGateway) Opens() []OpenCall {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.opens)
}

// Connections returns how many WebSocket connections are open.
func (g *StreamGateway) Connections() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.conns)
}

// Acks returns every answer received so far, in order.
func (g *StreamGateway) Acks() []StreamAck {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.acks)
}

// AckCount returns how many answers were received so far.
func (g *StreamGateway) AckCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.acks)
}

// Outstanding returns how many pushed frames have not been acknowledged.
func (g *StreamGateway) Outstanding() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := len(g.pending)
	for _, c := range g.conns {
		n += len(c.sent)
	}
	return n
}

// Wait blocks until cond, called at once and after every change (an
// answer, a connection opened or closed, an open call), reports true, or
// until ctx ends. cond may call the gateway's methods.
func (g *StreamGateway) Wait(ctx context.Context, cond func(g *StreamGateway) bool) error {
	for {
		g.mu.Lock()
		ch := g.changed
		g.mu.Unlock()
		if cond(g) {
			return nil
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-ch:
		}
	}
}

// WaitAcked waits for a successful answer to messageID and returns it.
func (g *StreamGateway) WaitAcked(ctx context.Context, messageID string) (StreamAck, error) {
	return g.waitFor(ctx, messageID, StreamAck.Succeeded)
}

// WaitConnections waits until n connections are open.
func (g *StreamGateway) WaitConnections(ctx context.Context, n int) error {
	return g.Wait(ctx, func(g *StreamGateway) bool { return g.Connections() == n })
}

// PushEvent pushes an EVENT frame of type typ with the JSON body data and
// returns its messageId. The eventId is eventID, or the messageId when
// eventID is empty.
func (g *StreamGateway) PushEvent(typ event.Type, eventID string, data []byte) string {
	return g.PushEventHeaders(map[string]string{streamwire.HeaderEventType: string(typ), streamwire.HeaderEventID: eventID}, data)
}

// PushEventHeaders pushes an EVENT frame with the given event headers
// (eventType, eventId, eventCorpId, eventBornTime, …) and returns its
// messageId. An empty eventId is set to the messageId; topic, contentType,
// messageId and time are filled in.
func (g *StreamGateway) PushEventHeaders(headers map[string]string, data []byte) string {
	h := cloneHeaders(headers)
	return g.push(streamwire.TypeEvent, "*", h, data, func(id string) {
		if h[streamwire.HeaderEventID] == "" {
			h[streamwire.HeaderEventID] = id
		}
		if h[streamwire.HeaderEventBornTime] == "" {
			h[streamwire.HeaderEventBornTime] = strconv.FormatInt(time.Now().UnixMilli(), 10)
		}
	})
}

// PushCallback pushes a CALLBACK frame of topic with the JSON body data and
// returns its messageId.
func (g *StreamGateway) PushCallback(topic string, data []byte) string {
	return g.push(streamwire.TypeCallback, topic, map[string]string{}, data, nil)
}

// PushSystem sends every connection a SYSTEM frame of topic (ping,
// disconnect, KEEPALIVE, …) with data, with a messageId or, as the protocol
// page's own disconnect example, without one; it returns the messageId ("" without).
// A disconnect pushed this way is only a frame: the gateway does not close
// the connection (use Disconnect for that).
func (g *StreamGateway) PushSystem(topic string, withID bool, data []byte) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	id, seq := g.newIDLocked()
	h := map[string]string{}
	f := g.frame(streamwire.TypeSystem, topic, id, seq, h, data)
	if !withID {
		delete(h, streamwire.HeaderMessageID)
		wire, err := streamwire.AppendFrame(nil, &streamwire.Frame{SpecVersion: "1.0", Type: streamwire.TypeSystem, Headers: h, Data: data})
		if err != nil {
			panic("kefutest: frame does not marshal: " + err.Error())
		}
		f.wire, id = wire, ""
	}
	for _, c := range g.conns {
		c.enqueue(f.wire)
	}
	return id
}

// Ping sends a SYSTEM ping to every connection and returns its messageId;
// the answer, recorded like every other, carries the ping's data.
func (g *StreamGateway) Ping() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.pingLocked()
	for _, c := range g.conns {
		c.enqueue(f.wire)
	}
	return f.id
}

// pingLocked builds a SYSTEM ping frame, its data echoing its messageId.
func (g *StreamGateway) pingLocked() *gatewayFrame {
	id, seq := g.newIDLocked()
	return g.frame(streamwire.TypeSystem, streamwire.TopicPing, id, seq, map[string]string{}, []byte(`{"opaque":"`+id+`"}`))
}

// Disconnect announces to every open connection that it will close (a
// SYSTEM disconnect frame), sends it no more frames, and closes it after
// DisconnectGrace. Frames outstanding on it when it closes are pushed again
// on the next connection.
func (g *StreamGateway) Disconnect(reason string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.conns {
		g.announceLocked(c, reason)
	}
}

// announceLocked announces to c that it will close, sends it no more
// frames, and closes it after DisconnectGrace unless NeverCloseAnnounced.
func (g *StreamGateway) announceLocked(c *gatewayConn, reason string) {
	if c.draining {
		return
	}
	c.draining = true
	rb, _ := json.Marshal(map[string]string{"reason": reason})
	id, seq := g.newIDLocked()
	f := g.frame(streamwire.TypeSystem, streamwire.TopicDisconnect, id, seq, map[string]string{}, rb)
	c.enqueue(f.wire)
	if g.neverClose {
		return
	}
	ws := c.ws
	g.bg.Add(1)
	g.timers = append(g.timers, time.AfterFunc(g.DisconnectGrace, func() {
		defer g.bg.Done()
		_ = ws.Close(websocket.StatusNormalClosure, reason)
	}))
}

// Drop closes every connection at once, without a close handshake, as a
// lost network does.
func (g *StreamGateway) Drop() {
	g.mu.Lock()
	conns := slices.Clone(g.conns)
	g.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.CloseNow()
		c.unstallOnce.Do(func() { close(c.unstall) })
	}
}

// Stall makes every open connection hang, as a peer whose network died
// does: it reads one more answer and then nothing, so the client's
// WebSocket pings get no pong. It sends stalled connections no more frames;
// Drop or Close ends them. Call Ping after Stall to have the client send
// that last answer.
func (g *StreamGateway) Stall() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.conns {
		c.stalled, c.draining = true, true
	}
}

// Redeliver pushes again, on an open connection, every frame answered LATER
// (or another code) and every frame still unanswered — as the real gateway
// does after its timeout, even while the client's handler still runs.
func (g *StreamGateway) Redeliver() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.redeliverLocked()
}

func (g *StreamGateway) redeliverLocked() {
	var again []*gatewayFrame
	for _, c := range g.conns {
		for _, f := range c.sent {
			again = append(again, f)
		}
		c.sent = map[string]*gatewayFrame{}
	}
	again = append(again, g.redeliver...)
	g.redeliver = nil
	slices.SortFunc(again, func(a, b *gatewayFrame) int { return a.seq - b.seq })
	g.pending = append(again, g.pending...)
	g.flushLocked()
}

func cloneHeaders(h map[string]string) map[string]string {
	out := make(map[string]string, len(h)+4)
	maps.Copy(out, h)
	return out
}

func (g *StreamGateway) newID() (string, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.newIDLocked()
}

// newIDLocked returns the next messageId and its sequence number.
func (g *StreamGateway) newIDLocked() (string, int) {
	g.seq++
	return "msg-" + strconv.Itoa(g.seq), g.seq
}

func (g *StreamGateway) frame(typ, topic, id string, seq int, h map[string]string, data []byte) *gatewayFrame {
	h[streamwire.HeaderTopic] = topic
	h[streamwire.HeaderMessageID] = id
	h[streamwire.HeaderContentType] = streamwire.ContentJSON
	h[streamwire.HeaderTime] = strconv.FormatInt(time.Now().UnixMilli(), 10)
	wire, err := streamwire.AppendFrame(nil, &streamwire.Frame{SpecVersion: "1.0", Type: typ, Headers: h, Data: data})
	if err != nil {
		panic("kefutest: frame does not marshal: " + err.Error()) // a map of strings and a string always do
	}
	return &gatewayFrame{id: id, typ: typ, topic: topic, seq: seq, wire: wire}
}

func (g *StreamGateway) push(typ, topic string, h map[string]string, data []byte, fill func(id string)) string {
	id, seq := g.newID()
	if fill != nil {
		fill(id)
	}
	f := g.frame(typ, topic, id, seq, h, data)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pending = append(g.pending, f)
	g.flushLocked()
	return id
}

// flushLocked sends the pending frames on the newest connection that is not
// draining, if any.
func (g *StreamGateway) flushLocked() {
	var target *gatewayConn
	for _, c := range slices.Backward(g.conns) {
		if !c.draining {
			target = c
			break
		}
	}
	if target == nil {
		return
	}
	kept := g.pending[:0]
	for _, f := range g.pending {
		if !target.subscribes(f) {
			kept = append(kept, f) // for a connection that subscribes
			continue
		}
		target.sent[f.id] = f
		target.enqueue(f.wire)
	}
	clear(g.pending[len(kept):])
	g.pending = kept
}

// subscribes reports whether c's open call asked for f's topic: EVENT "*"
// for events, the topic itself for callbacks.
func (c *gatewayConn) subscribes(f *gatewayFrame) bool {
	for _, s := range c.subs {
		if s.Type == f.typ && (s.Topic == f.topic || (f.typ == streamwire.TypeEvent && s.Topic == "*")) {
			return true
		}
	}
	return false
}

func (g *StreamGateway) notifyLocked() {
	close(g.changed)
	g.changed = make(chan struct{})
}

func (g *StreamGateway) open(w http.ResponseWriter, r *http.Request) {
	var req streamwire.OpenRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil ||
		!strings.Contains(r.Header.Get("Accept"), "application/json") {
		writeStatus(w, http.StatusBadRequest, map[string]string{"code": "invalidParameter", "message": "bad request", "requestid": "fake-1"})
		return
	}
	g.mu.Lock()
	call := OpenCall{ClientID: req.ClientID, UA: req.UA, LocalIP: req.LocalIP}
	for _, sub := range req.Subscriptions {
		call.Subscriptions = append(call.Subscriptions, Subscription(sub))
	}
	g.opens = append(g.opens, call)
	g.openTimes = append(g.openTimes, time.Now())
	var fail int
	if len(g.failOpen) > 0 {
		fail, g.failOpen = g.failOpen[0], g.failOpen[1:]
	}
	reject := 0
	if g.accepted > 0 {
		reject = g.rejectReopens
	}
	g.notifyLocked()
	g.mu.Unlock()
	switch {
	case reject != 0:
		writeStatus(w, reject, streamwire.OpenAnswer{Code: "authFailed", Message: "鉴权失败", RequestID: "fake-4"})
		return
	case fail != 0:
		writeStatus(w, fail, streamwire.OpenAnswer{Code: "serviceUnavailable", Message: "try again", RequestID: "fake-2"})
		return
	case req.ClientID != AppKey || req.ClientSecret != AppSecret:
		writeStatus(w, http.StatusUnauthorized, streamwire.OpenAnswer{Code: "authFailed", Message: "鉴权失败", RequestID: "fake-3"})
		return
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	ticket := hex.EncodeToString(b[:])
	g.mu.Lock()
	g.tickets[ticket] = time.Now().Add(90 * time.Second)
	g.ticketSubs[ticket] = call.Subscriptions
	g.accepted++
	g.mu.Unlock()
	writeJSON(w, streamwire.OpenAnswer{Endpoint: "ws" + strings.TrimPrefix(g.URL, "http") + "/connect", Ticket: ticket})
}

func writeStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (g *StreamGateway) connect(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	g.mu.Lock()
	exp, ok := g.tickets[ticket]
	subs := g.ticketSubs[ticket]
	delete(g.tickets, ticket) // one use
	delete(g.ticketSubs, ticket)
	g.mu.Unlock()
	if !ok || time.Now().After(exp) {
		writeStatus(w, http.StatusUnauthorized, map[string]string{"code": "invalidTicket", "message": "ticket invalid or used"})
		return
	}
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	ws.SetReadLimit(1 << 20)
	g.mu.Lock()
	g.nextConn++
	c := &gatewayConn{id: g.nextConn, ws: ws, subs: subs, sent: map[string]*gatewayFrame{}, wake: make(chan struct{}, 1), unstall: make(chan struct{})}
	g.conns = append(g.conns, c)
	g.maxConns = max(g.maxConns, len(g.conns))
	// A new connection gets what was answered LATER first, in push order.
	g.pending = append(g.redeliver, g.pending...)
	g.redeliver = nil
	slices.SortStableFunc(g.pending, func(a, b *gatewayFrame) int { return a.seq - b.seq })
	g.flushLocked()
	if g.announceOnOpen {
		g.announceLocked(c, "persistent connection is timeout")
	}
	g.notifyLocked()
	interval := g.SystemPingInterval
	g.mu.Unlock()

	ctx, cancel := context.WithCancel(context.Background())
	var bg sync.WaitGroup
	bg.Go(func() { g.write(ctx, c) })
	if interval > 0 {
		bg.Go(func() { g.systemPings(ctx, c, interval) })
	}
	g.read(ctx, c)
	cancel()
	bg.Wait()
	_ = ws.CloseNow()

	g.mu.Lock()
	g.conns = slices.DeleteFunc(g.conns, func(x *gatewayConn) bool { return x == c })
	// Outstanding frames go first on the next connection, in push order.
	lost := slices.SortedFunc(maps.Values(c.sent), func(a, b *gatewayFrame) int { return a.seq - b.seq })
	g.pending = append(lost, g.pending...)
	c.sent = map[string]*gatewayFrame{}
	g.flushLocked()
	g.notifyLocked()
	g.mu.Unlock()
}

// write sends the connection's queue in order, without holding the
// gateway's lock, so that a client that stops reading blocks only this
// connection.
func (g *StreamGateway) write(ctx context.Context, c *gatewayConn) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		}
		g.mu.Lock()
		batch := c.queue
		c.queue = nil
		g.mu.Unlock()
		for _, b := range batch {
			if err := c.ws.Write(ctx, websocket.MessageText, b); err != nil {
				return
			}
		}
	}
}

func (c *gatewayConn) enqueue(b []byte) {
	c.queue = append(c.queue, b)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// read records every answer and settles the frame it answers.
func (g *StreamGateway) read(ctx context.Context, c *gatewayConn) {
	for {
		_, msg, err := c.ws.Read(ctx)
		if err != nil {
			return
		}
		a, err := streamwire.ParseAnswer(msg)
		if err != nil {
			continue
		}
		ack := StreamAck{MessageID: a.MessageID, Code: a.Code, Message: a.Message, Data: a.Data, Conn: c.id, FrameType: streamwire.TypeSystem}
		g.mu.Lock()
		if f, ok := c.sent[a.MessageID]; ok {
			delete(c.sent, a.MessageID)
			ack.FrameType = f.typ
			if f.typ == streamwire.TypeEvent {
				var st streamwire.EventStatus
				_ = json.Unmarshal(a.Data, &st)
				ack.Status = st.Status
			}
			if !ack.Succeeded() {
				g.redeliver = append(g.redeliver, f) // pushed again on request, after a delay, or on the next connection
				if g.RedeliveryDelay > 0 {
					g.bg.Add(1)
					g.timers = append(g.timers, time.AfterFunc(g.RedeliveryDelay, func() {
						defer g.bg.Done()
						g.Redeliver()
					}))
				}
			}
		}
		g.acks = append(g.acks, ack)
		g.notifyLocked()
		stalled := c.stalled
		g.mu.Unlock()
		if stalled {
			select {
			case <-c.unstall:
			case <-ctx.Done():
			}
			return
		}
	}
}

// systemPings sends c a SYSTEM ping every interval, unless StopSystemPings.
func (g *StreamGateway) systemPings(ctx context.Context, c *gatewayConn, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		g.mu.Lock()
		if !g.noPings && !c.stalled {
			c.enqueue(g.pingLocked().wire)
		}
		g.mu.Unlock()
	}
}
