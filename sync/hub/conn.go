package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// closeOverflow is the close code for a client dropped because it could not
// keep up (1008 would suggest it did something wrong; 1013 "try again
// later" is what it should do).
const closeOverflow = websocket.CloseTryAgainLater

// conn is one client connection. Four goroutines share it: the reader
// (frames in), the writer (the only one writing data frames), the pump
// (catch-up, then live events) and the command loop (Apply, in order).
type conn struct {
	h      *Hub
	ws     *websocket.Conn
	user   crm.User
	bucket *bucket
	log    *slog.Logger

	send    chan *wire.Frame // bounded send queue; the writer encodes
	pending *pendingEvents
	hello   chan wire.Frame   // capacity 1
	cmds    chan *crm.Command // commands accepted by the reader, in order

	// blockedOn is the command refused by the rate limit; every later
	// command is refused too until this one is resent, so commands are
	// applied in the client's order even across a refusal.
	blockedOn string

	closeOnce sync.Once
	done      chan struct{}
	// ctx ends with done (or the hub): the catch-up's reads stop with the
	// connection without a goroutine per connection to watch done.
	ctx         context.Context
	cancel      context.CancelFunc
	closeCode   int
	closeReason string
}

func newConn(h *Hub, ws *websocket.Conn, user crm.User, bk *bucket) *conn {
	ctx, cancel := context.WithCancel(h.ctx)
	return &conn{
		ctx:     ctx,
		cancel:  cancel,
		h:       h,
		ws:      ws,
		user:    user,
		bucket:  bk,
		log:     h.log.With("user", user.ID, "remote", ws.RemoteAddr().String()),
		send:    make(chan *wire.Frame, h.cfg.SendQueue),
		pending: newPendingEvents(h.cfg.MaxPending),
		hello:   make(chan wire.Frame, 1),
		cmds:    make(chan *crm.Command, 16),
		done:    make(chan struct{}),
	}
}

// close asks every goroutine to stop; the writer says goodbye with code.
// Safe to call from anywhere, any number of times.
func (c *conn) close(code int, reason string) {
	c.closeOnce.Do(func() {
		c.closeCode, c.closeReason = code, reason
		close(c.done)
		c.cancel()
		// A writer blocked on a peer that does not read (the usual reason
		// to close a slow client) would otherwise hold the connection until
		// WriteTimeout. The net.Conn deadline, unlike gorilla's, also
		// applies to a write already in progress.
		_ = c.ws.NetConn().SetWriteDeadline(time.Now().Add(closeWriteGrace))
	})
}

// closeWriteGrace is how long a closing connection may still write (the
// close frame).
const closeWriteGrace = time.Second

// serve runs the connection until it closes.
func (c *conn) serve() {
	defer c.cancel()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); c.writeLoop() }()
	go func() { defer wg.Done(); c.pump() }()
	go func() { defer wg.Done(); c.commandLoop() }()
	c.readLoop()
	wg.Wait()
	c.log.Debug("connection closed", "code", c.closeCode, "reason", c.closeReason)
}

// enqueue queues a frame; the writer encodes it, so that fetching (the
// pump) and encoding run side by side. The frame must not be modified
// afterwards. blocking waits for room (catch-up and acks: flow control for
// this connection only); otherwise a full queue closes the connection,
// because live fan-out must never wait on a slow client.
func (c *conn) enqueue(f wire.Frame, blocking bool) error {
	// The queue holds pointers: a channel's buffer is allocated whole when
	// it is made, and 1,024 Frame values (192 bytes each) cost every
	// connection about 200 KB even when idle.
	fp := &f
	if blocking {
		select {
		case c.send <- fp:
			return nil
		case <-c.done:
			return errConnClosed
		}
	}
	select {
	case c.send <- fp:
		return nil
	case <-c.done:
		return errConnClosed
	default:
		c.close(closeOverflow, "too slow: send queue overflow")
		return errConnClosed
	}
}

func (c *conn) sendError(code wire.ErrorCode, msg, commandID string, retryAfter time.Duration) {
	_ = c.enqueue(wire.Frame{Type: wire.TypeError, Error: &wire.ErrorBody{
		Code: code, Message: msg, CommandID: commandID, RetryAfterMS: retryAfter.Milliseconds(),
	}}, false)
}

// extendDeadline restarts the silence timer. Network deadlines are wall
// clock by nature, so they use time.Now, not the injected clock.
func (c *conn) extendDeadline() {
	_ = c.ws.SetReadDeadline(time.Now().Add(c.h.cfg.ReadTimeout))
}

func (c *conn) readLoop() {
	defer c.close(websocket.CloseNormalClosure, "")
	// Frames larger than ReadLimit close the connection (gorilla answers
	// 1009); frames between MaxFrameBytes and ReadLimit get an error frame.
	c.ws.SetReadLimit(c.h.cfg.ReadLimit)
	c.ws.SetPongHandler(func(string) error { c.extendDeadline(); return nil })
	wire.AnswerPings(c.ws, c.extendDeadline)
	gotHello := false
	for {
		// Set before each read, not after: time spent waiting for room in
		// the command queue is not the client's silence.
		c.extendDeadline()
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			if !websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseGoingAway) {
				c.log.Debug("read", "err", err)
			}
			return
		}
		f, err := wire.DecodeFrameLimit(data, c.h.cfg.MaxFrameBytes)
		if err != nil {
			var de *wire.DecodeError
			code := wire.ErrCodeInvalidFrame
			if errors.As(err, &de) {
				code = de.Code
			}
			c.log.Debug("bad frame", "err", err)
			c.sendError(code, err.Error(), "", 0)
			continue
		}
		switch f.Type {
		case wire.TypeHello:
			if gotHello {
				c.sendError(wire.ErrCodeUnexpected, "hello already received", "", 0)
				continue
			}
			gotHello = true
			c.hello <- f
		case wire.TypeCommand:
			if !gotHello {
				c.sendError(wire.ErrCodeHelloRequired, "send hello first", f.Command.ID, 0)
				continue
			}
			if !c.admit(f.Command.ID) {
				continue
			}
			select {
			case c.cmds <- f.Command:
			case <-c.done:
				return
			}
		case wire.TypePing:
			_ = c.enqueue(wire.Frame{Type: wire.TypePong}, false)
		case wire.TypePong:
		default:
			c.sendError(wire.ErrCodeUnexpected, "a client may not send "+string(f.Type), "", 0)
		}
	}
}

// admit applies the per-token rate limit, keeping the client's order (see
// blockedOn).
func (c *conn) admit(id string) bool {
	if c.blockedOn != "" && c.blockedOn != id {
		c.sendError(wire.ErrCodeRateLimited, "an earlier command was rate limited; resend it first", id, time.Second/time.Duration(max(1, int(c.h.cfg.CommandRate))))
		return false
	}
	ok, wait := c.bucket.take(c.h.cfg.Now())
	if !ok {
		c.blockedOn = id
		c.sendError(wire.ErrCodeRateLimited, "too many commands", id, wait)
		return false
	}
	c.blockedOn = ""
	return true
}

func (c *conn) writeLoop() {
	defer c.ws.Close()
	ping := time.NewTicker(c.h.cfg.PingInterval)
	defer ping.Stop()
	// One buffer reused while frames keep coming: a first sync encodes
	// hundreds of frames of a few hundred kilobytes, which would otherwise
	// all be garbage. Once the queue drains, a buffer grown past idleBufCap
	// is dropped, so a thousand idle connections don't each pin the size of
	// their largest snapshot frame (measured: 994 → 705 MB server RSS with
	// 1,000 clients after their first sync).
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	const idleBufCap = 64 << 10
	for {
		select {
		case f := <-c.send:
			select {
			case <-c.done:
				// Closing wins over queued frames: a write now would set a
				// fresh WriteTimeout on a peer that may not be reading.
				c.sayGoodbye()
				return
			default:
			}
			buf.Reset()
			f.V = wire.Version
			if err := enc.Encode(f); err != nil {
				// A value JSON cannot hold (a time beyond year 9999):
				// skip the frame rather than drop the connection.
				c.log.Error("encode frame", "type", f.Type, "err", err)
				continue
			}
			_ = c.ws.SetWriteDeadline(time.Now().Add(c.h.cfg.WriteTimeout))
			if err := c.ws.WriteMessage(websocket.TextMessage, buf.Bytes()); err != nil {
				c.log.Debug("write", "err", err)
				c.close(websocket.CloseAbnormalClosure, "write failed")
				return
			}
			if len(c.send) == 0 && buf.Cap() > idleBufCap {
				buf = bytes.Buffer{}
				enc = json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
			}
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.h.cfg.WriteTimeout)); err != nil {
				c.close(websocket.CloseAbnormalClosure, "ping failed")
				return
			}
		case <-c.done:
			c.sayGoodbye()
			return
		}
	}
}

// sayGoodbye sends the close frame with the reason the connection closes.
func (c *conn) sayGoodbye() {
	if c.closeCode != websocket.CloseAbnormalClosure {
		msg := websocket.FormatCloseMessage(c.closeCode, c.closeReason)
		_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(closeWriteGrace))
	}
}

func (c *conn) commandLoop() {
	for {
		select {
		case cmd := <-c.cmds:
			res := c.h.b.Apply(c.h.ctx, c.user.ID, *cmd)
			if res.ID == "" {
				res.ID = cmd.ID
			}
			if res.Error != nil && res.Error.Code == crm.ErrInternal {
				// Nothing was committed and the client must not drop the
				// command as refused: no ack. Closing, rather than going on
				// with the next command, keeps the client's order: it
				// reconnects and replays its outbox from this command.
				c.log.Warn("command failed internally", "command", cmd.ID, "err", res.Error.Message)
				c.sendError(wire.ErrCodeInternal, "command not applied; resend it later", cmd.ID, time.Second)
				c.close(websocket.CloseTryAgainLater, "command failed")
				return
			}
			if err := c.enqueue(wire.Frame{Type: wire.TypeAck, Result: &res}, true); err != nil {
				// The client replays it after reconnecting and gets the
				// stored result.
				return
			}
		case <-c.done:
			return
		}
	}
}

// pump sends the catch-up, then live events, never the same Seq twice.
func (c *conn) pump() {
	var hello wire.Frame
	select {
	case hello = <-c.hello:
	case <-c.done:
		return
	}
	ctx := c.ctx
	last, err := c.catchUp(ctx, hello)
	if err != nil {
		if !errors.Is(err, errConnClosed) && ctx.Err() == nil {
			c.log.Error("catch up", "cursor", hello.Cursor, "err", err)
			c.sendError(wire.ErrCodeInternal, "catch-up failed; reconnect later", "", 0)
			c.close(websocket.CloseInternalServerErr, "catch-up failed")
		}
		return
	}
	for {
		select {
		case <-c.pending.ready:
		case <-c.done:
			return
		}
		var evs []crm.Event
		for _, batch := range c.pending.take() {
			for _, ev := range batch {
				// Events up to the catch-up's last Seq were already sent.
				if ev.Seq > last {
					evs = append(evs, ev)
					last = ev.Seq
				}
			}
		}
		if err := c.sendEvents(ctx, evs, false, false, 0); err != nil {
			if !errors.Is(err, errConnClosed) && ctx.Err() == nil {
				c.log.Error("send live events", "err", err)
				c.close(websocket.CloseInternalServerErr, "send failed")
			}
			return
		}
	}
}
