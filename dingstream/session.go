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
	"github.com/kefu-go/kefu/internal/streamwire"
)

// writeTimeout bounds writing one answer.
const writeTimeout = 10 * time.Second

// session is one WebSocket connection: a read loop that answers SYSTEM
// frames itself and hands EVENT and CALLBACK frames to goroutines (at most
// maxInFlight across sessions), a keepalive, and the answers.
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

	readAny  atomic.Bool  // a frame was read: the connection was healthy
	lastRead atomic.Int64 // UnixNano of the last frame or pong
	waiting  atomic.Bool  // the read loop waits for a free slot: it is busy, not dead

	mu       sync.Mutex
	stopping bool           // Run's ctx ended: frames are answered LATER, not dispatched
	inFlight sync.WaitGroup // handlers whose answer is not written yet; Add only under mu while !stopping
}

func newSession(r *runner, ws *websocket.Conn, id int64) *session {
	s := &session{r: r, ws: ws, id: id, next: make(chan struct{})}
	s.lastRead.Store(time.Now().UnixNano())
	return s
}

func (s *session) signalNext() { s.nextOnce.Do(func() { close(s.next) }) }

func (s *session) healthy() bool { return s.readAny.Load() }

// serve runs the connection until it ends: the gateway closed it, the
// keepalive found it dead, or Run's ctx ended and the handlers in flight
// were answered. It returns when nothing of the connection runs any more.
func (s *session) serve() {
	// The connection's own context: cancelling a Read's context closes the
	// connection, so it ends only when the connection is done with.
	connCtx, cancel := context.WithCancel(context.WithoutCancel(s.r.ctx))
	var bg sync.WaitGroup
	bg.Add(2)
	go func() { defer bg.Done(); s.keepalive(connCtx) }()
	go func() { defer bg.Done(); s.closeWhenStopped(connCtx) }()

	s.readLoop(connCtx)
	s.signalNext()
	s.drain()
	cancel()
	bg.Wait()
	_ = s.ws.CloseNow()
}

// closeWhenStopped, once Run's ctx ends, stops dispatching, waits for the
// handlers in flight to be answered, and closes the connection normally.
func (s *session) closeWhenStopped(connCtx context.Context) {
	select {
	case <-connCtx.Done():
		return
	case <-s.r.ctx.Done():
	}
	s.drain()
	_ = s.ws.Close(websocket.StatusNormalClosure, "client shutting down")
}

// drain stops new dispatches and waits until the handlers in flight have
// been answered.
func (s *session) drain() {
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	s.inFlight.Wait()
}

// begin registers a dispatch unless the session is stopping.
func (s *session) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping || s.r.ctx.Err() != nil {
		return false
	}
	s.inFlight.Add(1)
	return true
}

func (s *session) readLoop(ctx context.Context) {
	log := s.r.c.log
	for {
		_, msg, err := s.ws.Read(ctx)
		if err != nil {
			s.logEnd(ctx, err)
			return
		}
		s.readAny.Store(true)
		s.lastRead.Store(time.Now().UnixNano())
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
			if !s.begin() {
				s.refuse(ctx, f)
				continue
			}
			if !s.r.submit(ctx, s, func() {
				defer s.inFlight.Done()
				s.handle(ctx, f)
			}) {
				s.inFlight.Done()
				return
			}
		default:
			log.WarnContext(ctx, "dingstream: unsupported frame type", "conn", s.id, "type", f.Type, "message_id", f.MessageID())
			s.answer(ctx, f, 404, "unsupported frame type", nil)
		}
	}
}

func (s *session) logEnd(ctx context.Context, err error) {
	log := s.r.c.log
	switch {
	case websocket.CloseStatus(err) == websocket.StatusNormalClosure, s.r.ctx.Err() != nil:
		log.InfoContext(ctx, "dingstream: connection closed", "conn", s.id)
	case errors.Is(err, websocket.ErrMessageTooBig):
		log.ErrorContext(ctx, "dingstream: frame over the size limit; reconnecting (raise WithMaxFrameSize)", "conn", s.id, "limit", s.r.c.maxFrame)
	default:
		log.WarnContext(ctx, "dingstream: connection ended", "conn", s.id, "error", err)
	}
}

// system answers SYSTEM frames: ping with its own data, disconnect by
// asking the runner for the next connection (the gateway closes this one
// about 10 s later; frames in flight are still answered on it).
func (s *session) system(ctx context.Context, f *streamwire.Frame) {
	switch f.Topic() {
	case streamwire.TopicPing:
		s.answer(ctx, f, 200, "OK", f.Data)
	case streamwire.TopicDisconnect:
		s.r.c.log.InfoContext(ctx, "dingstream: the gateway announced a disconnect; opening the next connection",
			"conn", s.id, "reason", reason(f.Data))
		s.announced.Store(true)
		s.signalNext()
	default:
		s.answer(ctx, f, 200, "OK", nil)
	}
}

func reason(data []byte) string {
	var d struct {
		Reason string `json:"reason"`
	}
	_ = json.Unmarshal(data, &d)
	return d.Reason
}

// refuse answers a frame that arrived while stopping: an event LATER, a
// callback 503.
func (s *session) refuse(ctx context.Context, f *streamwire.Frame) {
	if f.Type == streamwire.TypeEvent {
		s.reply(ctx, f, false)
		return
	}
	s.answer(ctx, f, 503, "client shutting down", nil)
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
	return c.deliver.Deliver(s.r.handlerCtx, key, func(ctx context.Context) error {
		return c.router.Dispatch(ctx, ev)
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
	d := c.deliver
	d.Store = nil // callbacks are answered, not de-duplicated
	resp, outcome, err := deliver.Call(s.r.handlerCtx, &d, nil, func(ctx context.Context) (any, error) { return fn(ctx, m) })
	var data []byte
	if err == nil {
		if data, err = json.Marshal(streamwire.CallbackResponse{Response: resp}); err != nil {
			outcome = deliver.Failed
		}
	}
	v := d.Report(ctx, outcome, err, slog.Int64("conn", s.id), slog.String("topic", f.Topic()),
		slog.String("message_id", f.MessageID()))
	if !v.Ack {
		s.answer(ctx, f, 500, "callback handler failed", nil)
		return
	}
	s.answer(ctx, f, 200, "OK", data)
}

// answer writes the answer to f, echoing its messageId. A failed write is
// logged: the gateway pushes the frame again on another connection.
func (s *session) answer(ctx context.Context, f *streamwire.Frame, code int, message string, data []byte) {
	b := streamwire.AppendAnswer(make([]byte, 0, 160+len(data)), streamwire.Answer{Code: code, MessageID: f.MessageID(), Message: message, Data: data})
	wctx, cancel := context.WithTimeout(ctx, writeTimeout)
	err := s.ws.Write(wctx, websocket.MessageText, b)
	cancel()
	if err != nil && ctx.Err() == nil {
		s.r.c.log.WarnContext(ctx, "dingstream: answer not sent; the frame will be pushed again",
			"conn", s.id, "message_id", f.MessageID(), "error", err)
	}
}

// keepalive pings a connection that has been silent for keepaliveIdle and
// closes it when the pong does not come within pongTimeout, so the read
// loop ends and the runner reconnects. A read loop waiting for a free slot
// is busy, not dead: it is not pinged (a pong is read only by a reader).
func (s *session) keepalive(ctx context.Context) {
	c := s.r.c
	t := time.NewTimer(c.keepaliveIdle)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		idle := time.Since(time.Unix(0, s.lastRead.Load()))
		if idle < c.keepaliveIdle || s.waiting.Load() {
			t.Reset(max(c.keepaliveIdle-idle, c.keepaliveIdle/10))
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
		s.lastRead.Store(time.Now().UnixNano())
		t.Reset(c.keepaliveIdle)
	}
}
