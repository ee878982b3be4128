package dingstream

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/deliver"
	"github.com/kefu-go/kefu/internal/jsonx"
	"github.com/kefu-go/kefu/internal/streamwire"
	"github.com/kefu-go/kefu/observe"
)

// session is one WebSocket connection: a read loop that answers SYSTEM
// frames itself and queues EVENT and CALLBACK frames for the workers (it
// never waits for one), a keepalive, and the answers.
type session struct {
	r  *runner
	ws *websocket.Conn
	id int64

	// next is closed when the runner should open the next connection: the
	// gateway announced a disconnect, or this connection ended.
	next     chan struct{}
	nextOnce sync.Once
	// announced is set by a disconnect frame.
	announced atomic.Bool

	opened     time.Time
	cancelConn context.CancelFunc // ends the read loop's Read, which closes the connection at once
	lastAlive  atomic.Int64       // UnixNano of the last frame or pong: the keepalive's clock
	lastFrame  atomic.Int64       // UnixNano of the last frame (pongs do not count): the idle timeout's
	healthy    atomic.Bool        // a frame or a pong arrived
	ended      atomic.Bool        // the connection is gone: queued frames are not dispatched

	mu       sync.Mutex
	stopping bool           // Run's ctx ended: frames are answered LATER, not dispatched
	inFlight sync.WaitGroup // frames taken and not answered yet; Add only under mu while !stopping
}

func newSession(r *runner, ws *websocket.Conn, id int64) *session {
	s := &session{r: r, ws: ws, id: id, next: make(chan struct{}), opened: time.Now()}
	now := s.opened.UnixNano()
	s.lastAlive.Store(now)
	s.lastFrame.Store(now)
	return s
}

func (s *session) signalNext() { s.nextOnce.Do(func() { close(s.next) }) }

// healthyFor is how long the connection has been up, when it has seen a
// frame or a pong; 0 otherwise.
func (s *session) healthyFor() time.Duration {
	if !s.healthy.Load() {
		return 0
	}
	return time.Since(s.opened)
}

// serve runs the connection until it ends: the gateway closed it, the
// keepalive or the idle timeout found it dead, the disconnect grace ran
// out, or Run's ctx ended and the frames in flight were answered. It
// returns when nothing of the connection runs any more.
func (s *session) serve() {
	// The connection's own context: cancelling a Read's context closes the
	// connection, so it ends only when the connection is done with.
	connCtx, cancel := context.WithCancel(context.WithoutCancel(s.r.ctx))
	s.cancelConn = cancel
	var bg sync.WaitGroup
	bg.Go(func() { s.keepalive(connCtx) })
	bg.Go(func() { s.closeWhenStopped(connCtx) })
	bg.Go(func() { s.closeAfterAnnouncement(connCtx) })

	s.readLoop(connCtx)
	s.ended.Store(true)
	s.signalNext()
	s.drain()
	cancel()
	bg.Wait()
	_ = s.ws.CloseNow()
}

// closeWhenStopped, once Run's ctx ends, stops dispatching, waits for the
// frames in flight to be answered, and closes the connection: normally,
// but no later than the shutdown timeout or a second into the close
// handshake, whatever the peer does.
func (s *session) closeWhenStopped(connCtx context.Context) {
	select {
	case <-connCtx.Done():
		return
	case <-s.r.ctx.Done():
	}
	s.drain()
	s.close(websocket.StatusNormalClosure, "client shutting down")
}

// closeAfterAnnouncement closes a connection the gateway announced to
// close, DisconnectGrace after the announcement, if the gateway has not.
func (s *session) closeAfterAnnouncement(connCtx context.Context) {
	select {
	case <-connCtx.Done():
		return
	case <-s.next:
	}
	if !s.announced.Load() {
		return
	}
	t := time.NewTimer(s.r.c.disconnectGrace)
	defer t.Stop()
	select {
	case <-connCtx.Done():
	case <-t.C:
		s.r.c.log.InfoContext(connCtx, "dingstream: closing the connection the gateway announced", "conn", s.id)
		s.close(websocket.StatusNormalClosure, "announced disconnect")
	}
}

// closeHandshakeWait bounds the close handshake: a peer that does not
// answer it is cut off.
const closeHandshakeWait = time.Second

// close closes the connection with the close handshake, bounded by
// closeHandshakeWait and by the shutdown timeout.
func (s *session) close(code websocket.StatusCode, reason string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.ws.Close(code, reason)
	}()
	t := time.NewTimer(closeHandshakeWait)
	defer t.Stop()
	select {
	case <-done:
		return
	case <-t.C:
	case <-s.r.force:
	}
	// The read loop's Read may hold the reader the handshake waits for:
	// ending its context closes the connection. Close may instead hold the
	// reader itself, waiting (up to coder/websocket's own 5 s) for a close
	// frame the peer never sends: CloseNow cuts the connection under it.
	s.cancelConn()
	_ = s.ws.CloseNow()
	<-done
}

// drain stops new dispatches and waits until the frames in flight have
// been answered.
func (s *session) drain() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.inFlight.Wait()
}

// begin registers a frame unless the session is stopping.
func (s *session) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping || s.r.ctx.Err() != nil {
		return false
	}
	s.inFlight.Add(1)
	s.r.inFlight.Add(1)
	return true
}

// done ends what begin registered.
func (s *session) done() {
	s.r.inFlight.Add(-1)
	s.inFlight.Done()
}

// stale reports whether a queued frame should be answered instead of
// dispatched: Run is stopping, or the connection is gone (the gateway
// pushes the frame again on the next one).
func (s *session) stale() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping || s.ended.Load()
}

func (s *session) readLoop(ctx context.Context) {
	log := s.r.c.log
	for {
		_, msg, err := s.ws.Read(ctx)
		if err != nil {
			s.end(ctx, err)
			return
		}
		now := time.Now().UnixNano()
		s.healthy.Store(true)
		s.lastAlive.Store(now)
		s.lastFrame.Store(now)
		f, err := streamwire.ParseFrame(msg)
		if err != nil {
			log.ErrorContext(ctx, "dingstream: bad frame", "conn", s.id, "error", err)
			if f != nil && f.MessageID() != "" {
				s.answer(ctx, f, 400, "bad frame", nil)
			}
			continue
		}
		switch f.Type {
		case streamwire.TypeSystem:
			s.system(ctx, f)
		case streamwire.TypeEvent, streamwire.TypeCallback:
			s.take(ctx, f)
		default:
			log.WarnContext(ctx, "dingstream: unsupported frame type", "conn", s.id, "type", f.Type, "message_id", f.MessageID())
			s.answer(ctx, f, 404, "unsupported frame type", nil)
		}
	}
}

// take queues an EVENT or CALLBACK frame for a worker; a frame that arrives
// while stopping, or finds the queue full, is answered at once so that the
// gateway pushes it again.
func (s *session) take(ctx context.Context, f *streamwire.Frame) {
	if !s.begin() {
		s.refuse(ctx, f, 503, "client shutting down")
		return
	}
	if s.r.submit(job{s: s, ctx: ctx, f: f}) {
		return
	}
	s.done()
	s.r.c.log.WarnContext(ctx, "dingstream: queue full; answered at once to have the frame pushed again",
		"conn", s.id, "type", f.Type, "message_id", f.MessageID(), "queue", s.r.c.queueSize)
	s.refuse(ctx, f, 503, "client busy")
}

// run handles a queued frame on a worker, or answers it when it went stale
// while it waited.
func (s *session) run(ctx context.Context, f *streamwire.Frame) {
	defer s.done()
	if s.stale() {
		s.refuse(ctx, f, 503, "client shutting down")
		return
	}
	s.handle(ctx, f)
}

// end logs the end of the connection and tells the observer.
func (s *session) end(ctx context.Context, err error) {
	log := s.r.c.log
	closed := observe.ConnState{State: observe.Closed, ConnID: s.id}
	switch {
	case websocket.CloseStatus(err) == websocket.StatusNormalClosure, s.r.ctx.Err() != nil:
		log.InfoContext(ctx, "dingstream: connection closed", "conn", s.id)
		closed.Reason = "closed"
	case errors.Is(err, websocket.ErrMessageTooBig):
		log.ErrorContext(ctx, "dingstream: frame over the size limit; reconnecting (raise WithMaxFrameSize)", "conn", s.id, "limit", s.r.c.maxFrame)
		closed.Reason, closed.Err = "frame over the size limit", err
	default:
		log.WarnContext(ctx, "dingstream: connection ended", "conn", s.id, "error", err)
		closed.Reason, closed.Err = "connection ended", err
	}
	s.r.c.state(ctx, closed)
}

// system answers SYSTEM frames in the read loop, whatever the workers do:
// ping with its own data; disconnect with 200, asking the runner for the
// next connection (this one closes after the disconnect grace; frames in
// flight are still answered on it); any other topic (KEEPALIVE, CONNECTED,
// REGISTERED, seen by the official Node SDK) with 200. A frame without a
// messageId is honoured and not answered.
func (s *session) system(ctx context.Context, f *streamwire.Frame) {
	log := s.r.c.log
	switch f.Topic() {
	case streamwire.TopicPing:
		s.answerSystem(ctx, f, f.Data)
	case streamwire.TopicDisconnect:
		log.InfoContext(ctx, "dingstream: the gateway announced a disconnect; opening the next connection",
			"conn", s.id, "reason", reason(f.Data))
		s.r.c.state(ctx, observe.ConnState{State: observe.DisconnectAnnounced, ConnID: s.id, Reason: "announced by the gateway"})
		s.answerSystem(ctx, f, nil)
		s.announced.Store(true)
		s.signalNext()
	default:
		log.DebugContext(ctx, "dingstream: SYSTEM frame", "conn", s.id, "topic", f.Topic())
		s.answerSystem(ctx, f, nil)
	}
}

// answerSystem answers a SYSTEM frame that has a messageId.
func (s *session) answerSystem(ctx context.Context, f *streamwire.Frame, data []byte) {
	if f.MessageID() != "" {
		s.answer(ctx, f, 200, "OK", data)
	}
}

func reason(data []byte) string {
	var d struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(data, &d)
	return d.Reason
}

// refuse answers a frame that is not dispatched: an event LATER, a callback
// with code and message.
func (s *session) refuse(ctx context.Context, f *streamwire.Frame, code int, message string) {
	if f.Type == streamwire.TypeEvent {
		s.reply(ctx, f, false)
		return
	}
	s.answer(ctx, f, code, message, nil)
}

// handle runs one EVENT or CALLBACK frame through the stages every receiver
// shares: parse, dispatch, reply (verify was the frame's shape, in the read
// loop).
func (s *session) handle(ctx context.Context, f *streamwire.Frame) {
	if f.Type == streamwire.TypeCallback {
		s.callback(ctx, f)
		return
	}
	ev := s.parse(ctx, f)
	outcome, err := s.dispatch(ev, f.Data)
	h := ev.EventHeader()
	v := s.r.c.deliver.Report(ctx, outcome, err, slog.Int64("conn", s.id),
		slog.String("event_type", string(h.EventType)), slog.String("event_id", h.EventID))
	s.reply(ctx, f, v.Ack)
}

// parse decodes an EVENT frame; an undecodable payload becomes
// *event.Unknown with Err set, logged at WARN as over HTTP.
func (s *session) parse(ctx context.Context, f *streamwire.Frame) event.Event {
	ev := decodeEvent(f)
	if u, ok := ev.(*event.Unknown); ok && u.Err != nil {
		s.r.c.log.WarnContext(ctx, "dingstream: event payload did not decode; dispatching it as *event.Unknown",
			"event_type", u.EventType, "event_id", u.EventID, "error", u.Err)
	}
	return ev
}

// dispatch runs the Router through the shared dispatch stage, on the
// handlers' context (it outlives Run's until the shutdown timeout).
func (s *session) dispatch(ev event.Event, data []byte) (deliver.Outcome, error) {
	c := s.r.c
	h := ev.EventHeader()
	key := deliver.EventKey(h.EventID, string(h.EventType), h.BizID, data)
	return c.deliver.Deliver(s.r.handlerCtx, observe.Delivery{Type: string(h.EventType), ID: h.EventID}, key, func(ctx context.Context) error {
		return c.router.Dispatch(context.WithValue(ctx, eventDataKey{}, data), ev)
	})
}

// decodeEvent turns an EVENT frame into an event: its typed payload, or an
// *event.Unknown (with Err set when a header or the payload did not
// decode), so that no event is dropped silently.
func decodeEvent(f *streamwire.Frame) event.Event {
	h, err := event.StreamHeader(f.Headers)
	if err == nil {
		var ev event.Event
		if ev, err = event.Decode(h, f.Data); err == nil {
			return ev
		}
		if u, ok := event.AsUnknown(err); ok {
			return u
		}
	}
	h.EventType = event.Type(f.Headers[streamwire.HeaderEventType])
	h.EventID = f.Headers[streamwire.HeaderEventID]
	h.CorpID = f.Headers[streamwire.HeaderEventCorpID]
	return &event.Unknown{Header: h, Raw: append(json.RawMessage(nil), f.Data...), Err: err}
}

// reply answers an EVENT frame: SUCCESS when acknowledged, LATER to have
// it pushed again.
func (s *session) reply(ctx context.Context, f *streamwire.Frame, ok bool) {
	s.answer(ctx, f, 200, "OK", streamwire.AckData(ok))
}

func (s *session) callback(ctx context.Context, f *streamwire.Frame) {
	c := s.r.c
	fn := c.callbacks[f.Topic()]
	if fn == nil {
		c.log.WarnContext(ctx, "dingstream: no handler for the callback topic", "conn", s.id, "topic", f.Topic())
		s.answer(ctx, f, 404, "no handler for the topic", nil)
		return
	}
	m := &CallbackMessage{Topic: f.Topic(), MessageID: f.MessageID(), Headers: f.Headers, Data: f.Data}
	about := observe.Delivery{Type: f.Topic(), ID: f.MessageID()}
	resp, outcome, err := deliver.Call(s.r.handlerCtx, &c.deliver, about, func() string { return callbackKey(f) },
		func(ctx context.Context) (any, error) { return fn(ctx, m) })
	if outcome == deliver.InFlight {
		// Answered 200 with an empty response, as a duplicate: a second
		// run of the handler is what must not happen, and if the first
		// fails, its own 500 has the gateway push the callback again.
		outcome = deliver.Duplicate
	}
	var data []byte
	if err == nil {
		if data, err = json.Marshal(streamwire.CallbackResponse{Response: resp}); err != nil {
			outcome = deliver.Failed
		}
	}
	v := c.deliver.Report(ctx, outcome, err, slog.Int64("conn", s.id), slog.String("topic", f.Topic()),
		slog.String("message_id", f.MessageID()))
	if !v.Ack {
		s.answer(ctx, f, 500, "callback handler failed", nil)
		return
	}
	s.answer(ctx, f, 200, "OK", data)
}

// topicRobotMessage is the CALLBACK topic of robot messages, which are keyed
// by their msgId: the gateway pushes a robot message again with a new
// messageId.
const topicRobotMessage = "/v1.0/im/bot/messages/get"

// callbackKey is the de-duplication key of a CALLBACK frame: a robot
// message's msgId, else the frame's messageId.
func callbackKey(f *streamwire.Frame) string {
	if f.Topic() == topicRobotMessage {
		sc := jsonx.NewObjectScanner(f.Data)
		for sc.Next() {
			if string(sc.Key()) == `"msgId"` {
				if id, ok := jsonx.SimpleString(sc.Value()); ok && len(id) > 0 {
					return "robot:" + string(id)
				}
				break
			}
		}
	}
	return "callback:" + f.Topic() + ":" + f.MessageID()
}

// answer writes the answer to f, echoing its messageId. A failed write is
// logged: the gateway pushes the frame again on another connection.
func (s *session) answer(ctx context.Context, f *streamwire.Frame, code int, message string, data []byte) {
	b := streamwire.AppendAnswer(make([]byte, 0, 160+len(data)), streamwire.Answer{Code: code, MessageID: f.MessageID(), Message: message, Data: data})
	// No timeout of its own: a peer that stops reading stops answering
	// pings too, and the keepalive closes the connection, which ends the
	// write.
	err := s.ws.Write(ctx, websocket.MessageText, b)
	if err != nil && ctx.Err() == nil {
		s.r.c.log.WarnContext(ctx, "dingstream: answer not sent; the frame will be pushed again",
			"conn", s.id, "message_id", f.MessageID(), "error", err)
	}
}

// keepalive pings a connection that has been silent (no frame, no pong)
// for keepaliveIdle and closes it when the pong does not come within
// pongTimeout; it also closes a connection that delivered no frame at all
// for the idle timeout (pongs do not count: a "zombie" gateway answers them
// and pushes nothing). Either way the read loop ends and the runner
// reconnects.
func (s *session) keepalive(ctx context.Context) {
	c := s.r.c
	t := time.NewTimer(min(c.keepaliveIdle, c.idleTimeout))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if quiet := time.Since(time.Unix(0, s.lastFrame.Load())); quiet >= c.idleTimeout {
			c.log.WarnContext(ctx, "dingstream: no frame for the idle timeout; replacing the connection",
				"conn", s.id, "idle_timeout", c.idleTimeout)
			_ = s.ws.CloseNow()
			return
		}
		idle := time.Since(time.Unix(0, s.lastAlive.Load()))
		if idle < c.keepaliveIdle {
			t.Reset(s.nextCheck())
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, c.pongTimeout)
		err := s.ws.Ping(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			c.log.WarnContext(ctx, "dingstream: no pong; closing the connection to reconnect", "conn", s.id, "timeout", c.pongTimeout)
			_ = s.ws.CloseNow()
			return
		}
		s.healthy.Store(true)
		s.lastAlive.Store(time.Now().UnixNano())
		t.Reset(s.nextCheck())
	}
}

// nextCheck is the wait until the keepalive or the idle timeout is due.
func (s *session) nextCheck() time.Duration {
	c := s.r.c
	untilPing := c.keepaliveIdle - time.Since(time.Unix(0, s.lastAlive.Load()))
	untilIdle := c.idleTimeout - time.Since(time.Unix(0, s.lastFrame.Load()))
	return max(min(untilPing, untilIdle), time.Millisecond)
}
