package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// clientReadLimit bounds a server frame. Server frames are chunked far below
// it; anything larger is a broken or hostile server.
const clientReadLimit = wire.MaxFrameBytes

// session is one connection's life: dial, hello, catch-up, live. It reports
// whether the server welcomed it (so the backoff restarts) and why it ended.
type session struct {
	c  *Client
	ws *websocket.Conn

	caughtUp bool
	// inFlight lists the command ids sent on this connection and not yet
	// acknowledged, in sending order.
	inFlight []string
	sent     map[string]bool
	// rateBlocked: the server refused a command for its rate limit; nothing
	// more is sent until the retry timer fires.
	rateBlocked bool
	retry       *time.Timer

	// Snapshot being received.
	snap          *crm.Snapshot
	snapSeq       uint64
	snapConvs     int
	snapMsgs      int
	snapReceived  int
	snapConvsDone int
}

func (c *Client) session(ctx context.Context, addr string) (established bool, err error) {
	dctx, cancel := context.WithTimeout(ctx, c.dialTimeout)
	hdr := http.Header{"Authorization": {"Bearer " + c.cfg.Token}}
	dialer := c.dialer
	if c.Hooks.NetDialContext != nil {
		dialer.NetDialContext = c.Hooks.NetDialContext
	}
	ws, resp, err := dialer.DialContext(dctx, addr, hdr)
	cancel()
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		if resp != nil && resp.StatusCode == http.StatusUnauthorized {
			return false, ErrUnauthorized
		}
		if resp != nil {
			return false, fmt.Errorf("dial %s: %s: %w", addr, resp.Status, err)
		}
		return false, fmt.Errorf("dial %s: %w", addr, err)
	}
	defer ws.Close()
	ws.SetReadLimit(clientReadLimit)

	s := &session{c: c, ws: ws, sent: map[string]bool{}, retry: time.NewTimer(time.Hour)}
	s.retry.Stop()
	defer s.retry.Stop()

	cursor, epoch, err := c.db.CursorEpoch()
	if err != nil {
		return false, fmt.Errorf("read cursor: %w", err)
	}
	if err := s.write(wire.Frame{Type: wire.TypeHello, Cursor: cursor, Epoch: epoch, ClientID: c.clientID}); err != nil {
		return false, err
	}

	frames := make(chan wire.Frame, 16)
	readErr := make(chan error, 1)
	quit := make(chan struct{})
	defer close(quit)
	go s.readLoop(frames, readErr, quit)

	ping := time.NewTicker(c.pingInterval)
	defer ping.Stop()
	for {
		select {
		case f := <-frames:
			batch, next := coalesce(f, frames)
			for _, b := range [][]wire.Frame{batch, next} {
				if len(b) == 0 {
					continue
				}
				if b[0].Type == wire.TypeWelcome {
					established = true
				}
				if err := s.handle(merge(b)); err != nil {
					s.goodbye(websocket.CloseNormalClosure)
					return established, err
				}
				if c.Hooks.AfterFrame != nil {
					for _, f := range b {
						c.Hooks.AfterFrame(f)
					}
				}
			}
		case err := <-readErr:
			return established, err
		case <-c.flush:
			if err := s.sendOutbox(); err != nil {
				return established, err
			}
		case <-s.retry.C:
			s.rateBlocked = false
			if err := s.sendOutbox(); err != nil {
				return established, err
			}
		case <-c.offChange:
			if c.offline() {
				s.goodbye(websocket.CloseNormalClosure)
				return established, errOffline
			}
		case <-ping.C:
			if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.writeTimeout)); err != nil {
				return established, fmt.Errorf("ping: %w", err)
			}
		case <-ctx.Done():
			s.goodbye(websocket.CloseGoingAway)
			return established, ctx.Err()
		}
	}
}

// readLoop decodes frames off the socket so decoding overlaps with the
// main loop's cache writes.
func (s *session) readLoop(out chan<- wire.Frame, errc chan<- error, quit <-chan struct{}) {
	c := s.c
	extend := func() { _ = s.ws.SetReadDeadline(time.Now().Add(c.readTimeout)) }
	s.ws.SetPongHandler(func(string) error { extend(); return nil })
	wire.AnswerPings(s.ws, extend)
	// One buffer for the session: decoding copies what it keeps, so the
	// bytes of a frame are garbage as soon as it is decoded.
	var buf bytes.Buffer
	for {
		// Before each read: only time spent waiting on the network counts
		// as the server's silence.
		extend()
		_, r, err := s.ws.NextReader()
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(r)
		}
		if err != nil {
			errc <- fmt.Errorf("read: %w", err)
			return
		}
		data := buf.Bytes()
		c.stats.bytes.Add(int64(len(data)))
		c.stats.frames.Add(1)
		f, err := wire.DecodeFrame(data)
		if err != nil {
			c.log.Warn("bad frame from server", "err", err)
			continue
		}
		// Counted as received, before they are applied: what crossed the wire.
		c.stats.events.Add(int64(len(f.Events)))
		c.stats.messages.Add(int64(len(f.Messages)))
		if c.Hooks.OnReceive != nil {
			c.Hooks.OnReceive(f)
		}
		select {
		case out <- f:
		case <-quit:
			return
		}
	}
}

func (s *session) write(f wire.Frame) error {
	b, err := wire.EncodeFrame(f)
	if err != nil {
		return err
	}
	_ = s.ws.SetWriteDeadline(time.Now().Add(s.c.writeTimeout))
	if err := s.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("write %s: %w", f.Type, err)
	}
	return nil
}

func (s *session) goodbye(code int) {
	_ = s.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""), time.Now().Add(time.Second))
}

func (s *session) handle(f wire.Frame) error {
	c := s.c
	switch f.Type {
	case wire.TypeWelcome:
		if err := c.db.AdoptEpoch(f.Epoch); err != nil {
			return err
		}
		c.publishStatus(func(st *Status) { st.State, st.LastError, st.Retry = StateSyncing, "", time.Time{} })
	case wire.TypeSnapshotBegin:
		s.snap, s.snapSeq = nil, f.Seq
		s.snapConvs, s.snapMsgs, s.snapReceived, s.snapConvsDone = f.TotalConversations, f.TotalMessages, 0, 0
		c.publishStatus(func(st *Status) { st.State, st.Progress = StateSyncing, 0 })
	case wire.TypeSnapshot:
		s.mergeSnapshot(f.Snapshot)
		if f.More {
			return nil
		}
		snap := *s.snap
		s.snap = nil
		// Stored with cursor 0 until snapshot_end: a sync cut half-way
		// must start over, not resume with half the history.
		snap.Seq = 0
		if err := c.db.ApplySnapshot(snap); err != nil {
			return fmt.Errorf("apply snapshot: %w", err)
		}
	case wire.TypeMessages:
		if err := c.db.ApplyMessages(f.Messages); err != nil {
			return fmt.Errorf("apply messages: %w", err)
		}
		if f.ConversationID == "" {
			s.snapReceived += len(f.Messages)
			s.snapConvsDone = f.ConversationsDone
			c.publishStatus(func(st *Status) { st.Progress = s.progress() })
		}
	case wire.TypeSnapshotEnd:
		// The cursor moves to the snapshot's Seq only now that every page
		// is stored. Seq 0 (an empty log) leaves it at 0.
		if f.Seq > 0 {
			if err := c.db.CompleteSnapshot(f.Seq); err != nil {
				return fmt.Errorf("complete snapshot: %w", err)
			}
		}
		c.publishStatus(func(st *Status) { st.Progress = 1 })
	case wire.TypeEvents:
		if len(f.Events) > 0 || f.Cursor > 0 {
			// One cache transaction per frame: the cursor moves with it,
			// past the last event when the server read further (Cursor).
			if err := c.db.ApplyEventsThrough(f.Events, f.Cursor); err != nil {
				return fmt.Errorf("apply events: %w", err)
			}
		}
		if !f.More && !s.caughtUp {
			s.caughtUp = true
			c.publishStatus(func(st *Status) { st.State, st.Progress = StateOnline, 1 })
			return s.sendOutbox()
		}
	case wire.TypeAck:
		return s.ack(*f.Result)
	case wire.TypeError:
		return s.serverError(*f.Error)
	case wire.TypePing:
		return s.write(wire.Frame{Type: wire.TypePong})
	case wire.TypePong:
	default:
		c.log.Warn("unexpected frame from server", "type", f.Type)
	}
	return nil
}

func (s *session) mergeSnapshot(part *crm.Snapshot) {
	if s.snap == nil {
		cp := *part
		s.snap = &cp
		return
	}
	s.snap.Records = append(s.snap.Records, part.Records...)
	s.snap.Conversations = append(s.snap.Conversations, part.Conversations...)
}

func (s *session) progress() float64 {
	var p float64
	switch {
	case s.snapMsgs > 0:
		p = float64(s.snapReceived) / float64(s.snapMsgs)
	case s.snapConvs > 0:
		p = float64(s.snapConvsDone) / float64(s.snapConvs)
	}
	return min(p, 1)
}

// sendOutbox sends, in enqueue order, every queued command not already in
// flight on this connection. Nothing is sent before the catch-up ends, so
// a command never races the events it depends on.
func (s *session) sendOutbox() error {
	if !s.caughtUp || s.rateBlocked {
		s.c.refreshQueued()
		return nil
	}
	cmds, err := s.c.db.Outbox()
	if err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	s.c.publishStatus(func(st *Status) { st.Queued = len(cmds) })
	for _, cmd := range cmds {
		if s.sent[cmd.ID] {
			continue
		}
		if err := s.write(wire.Frame{Type: wire.TypeCommand, Command: &cmd}); err != nil {
			return err
		}
		s.sent[cmd.ID] = true
		s.inFlight = append(s.inFlight, cmd.ID)
	}
	return nil
}

func (s *session) ack(res crm.CommandResult) error {
	c := s.c
	if c.Hooks.BeforeAck != nil && !c.Hooks.BeforeAck(res) {
		return errors.New("test hook: acknowledgement dropped")
	}
	if err := c.db.Acknowledge(res); err != nil {
		return fmt.Errorf("acknowledge %s: %w", res.ID, err)
	}
	delete(s.sent, res.ID)
	for i, id := range s.inFlight {
		if id == res.ID {
			s.inFlight = append(s.inFlight[:i], s.inFlight[i+1:]...)
			break
		}
	}
	c.refreshQueued()
	return nil
}

// serverError handles an error frame. A rate-limited command and every one
// sent after it are resent, in order, once the server says so (it refuses
// the later ones too, so the order holds).
func (s *session) serverError(e wire.ErrorBody) error {
	c := s.c
	if e.Code == wire.ErrCodeRateLimited && e.CommandID != "" {
		for i, id := range s.inFlight {
			if id != e.CommandID {
				continue
			}
			for _, later := range s.inFlight[i:] {
				delete(s.sent, later)
			}
			s.inFlight = s.inFlight[:i]
			break
		}
		wait := time.Duration(e.RetryAfterMS) * time.Millisecond
		if !s.rateBlocked {
			s.rateBlocked = true
			s.retry.Reset(max(wait, 20*time.Millisecond))
		}
		return nil
	}
	c.log.Warn("server error frame", "code", e.Code, "message", e.Message)
	c.publishStatus(func(st *Status) { st.LastError = string(e.Code) + ": " + e.Message })
	return nil
}

// Coalescing: frames that arrived while the previous one was being applied
// are applied together, one cache transaction for several frames. A bbolt
// commit costs far more than a put, so under a backlog (a first sync, a
// catch-up, a burst) this is what keeps the cache ahead of the wire.
const (
	coalesceFrames = 16
	coalesceItems  = 8000
)

// coalesce gathers, without waiting, the frames already received that can
// be applied with f in one call: same type (messages or events), same
// conversation. The first frame that cannot join is returned as next, to be
// handled right after.
func coalesce(f wire.Frame, frames <-chan wire.Frame) (batch, next []wire.Frame) {
	batch = []wire.Frame{f}
	if f.Type != wire.TypeMessages && f.Type != wire.TypeEvents {
		return batch, nil
	}
	items := len(f.Messages) + len(f.Events)
	for len(batch) < coalesceFrames && items < coalesceItems {
		select {
		case g := <-frames:
			if g.Type != f.Type || g.ConversationID != f.ConversationID {
				return batch, []wire.Frame{g}
			}
			batch = append(batch, g)
			items += len(g.Messages) + len(g.Events)
		default:
			return batch, nil
		}
	}
	return batch, nil
}

// merge makes one frame of a coalesced batch: the items in order, the last
// frame's progress and More, the furthest Cursor (an earlier frame's may be
// past every event of the later ones when those are empty).
func merge(batch []wire.Frame) wire.Frame {
	if len(batch) == 1 {
		return batch[0]
	}
	out := batch[len(batch)-1]
	out.Messages, out.Events = nil, nil
	for _, f := range batch {
		out.Messages = append(out.Messages, f.Messages...)
		out.Events = append(out.Events, f.Events...)
		out.Cursor = max(out.Cursor, f.Cursor)
	}
	return out
}
