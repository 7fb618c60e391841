package hub

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// catchUp answers hello: welcome, then either the events since the client's
// cursor or a snapshot followed by the events since it. It returns the last
// Seq it covered, below which live events are duplicates.
func (c *conn) catchUp(ctx context.Context, hello wire.Frame) (uint64, error) {
	b := c.h.b
	u := c.user
	epoch := b.Epoch()
	if err := c.enqueue(wire.Frame{Type: wire.TypeWelcome, User: &u, Seq: b.LastSeq(), Epoch: epoch}, true); err != nil {
		return 0, err
	}
	if hello.Cursor > 0 && hello.Epoch != epoch {
		// The cursor counts another history (the store was restored from a
		// backup, or the cache predates epochs): its Seqs may name other
		// events here.
		c.log.Info("cursor from another epoch, sending snapshot", "cursor", hello.Cursor, "epoch", hello.Epoch)
	} else if hello.Cursor > 0 {
		first, err := c.readEvents(ctx, hello.Cursor)
		switch {
		case err == nil:
			c.log.Debug("resume", "cursor", hello.Cursor)
			return c.streamEvents(ctx, hello.Cursor, first)
		case isCursorTooOld(err):
			c.log.Info("cursor too old, sending snapshot", "cursor", hello.Cursor)
		default:
			return 0, fmt.Errorf("events since %d: %w", hello.Cursor, err)
		}
	}
	seq, err := c.sendSnapshot(ctx)
	if err != nil {
		return 0, err
	}
	first, err := c.readEvents(ctx, seq)
	if err != nil {
		return 0, fmt.Errorf("events since snapshot %d: %w", seq, err)
	}
	return c.streamEvents(ctx, seq, first)
}

// streamEvents sends the events after `after` page by page, starting with
// first (already read). The last frame has More false, even when empty: it
// tells the client that it is caught up. A page that read past the events
// it holds (over entries this user may not see) tells the client so in its
// last frame's Cursor, so that a reconnect does not scan them again; a page
// with no visible events at all sends nothing and the next read goes on.
func (c *conn) streamEvents(ctx context.Context, after uint64, first backend.EventPage) (uint64, error) {
	p := first
	told := after // where the client's cursor will be after the frames sent
	for {
		evs := p.Events
		if len(evs) > 0 || !p.More {
			for i := range evs {
				evs[i].Audience = nil
			}
			if len(evs) > 0 {
				told = max(told, evs[len(evs)-1].Seq)
			}
			var cursor uint64
			if p.Next > told {
				cursor, told = p.Next, p.Next
			}
			if err := c.sendEvents(ctx, evs, p.More, true, cursor); err != nil {
				return 0, err
			}
		}
		after = max(after, p.Next)
		if !p.More {
			return after, nil
		}
		// Pages of nothing visible can follow each other for a long time
		// (a user who sees little of a busy log): stop as soon as the
		// connection does.
		select {
		case <-c.done:
			return 0, errConnClosed
		default:
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		var err error
		p, err = c.readEvents(ctx, after)
		if err != nil {
			return 0, fmt.Errorf("events since %d: %w", after, err)
		}
	}
}

// readEvents reads one page of the events after `after`: a bounded read
// when the backend has one (EventPager), otherwise EventsSince, whose page
// ends at its last event and goes on while it came back full.
func (c *conn) readEvents(ctx context.Context, after uint64) (backend.EventPage, error) {
	page := c.h.cfg.EventPage
	if ep, ok := c.h.b.(EventPager); ok {
		return ep.EventsPage(ctx, c.user.ID, after, page)
	}
	evs, err := c.h.b.EventsSince(ctx, c.user.ID, after, page)
	if err != nil {
		return backend.EventPage{}, err
	}
	p := backend.EventPage{Events: evs, Next: after, More: len(evs) >= page}
	if len(evs) > 0 {
		p.Next = evs[len(evs)-1].Seq
	}
	return p, nil
}

// sendEvents sends evs in frames of at most EventPage. A granted
// conversation's history goes out before the granted event itself: the
// client's cursor passes the event only once the history is stored, so a
// connection lost in between sends the history again rather than never.
// With catchUp set, an empty frame with More=more is sent even for no events.
// A non-zero cursor goes on the last frame (see Frame.Cursor).
func (c *conn) sendEvents(ctx context.Context, evs []crm.Event, more, catchUp bool, cursor uint64) error {
	page := c.h.cfg.EventPage
	flush := func(seg []crm.Event, segMore bool, force bool, cursor uint64) error {
		if len(seg) == 0 && !force {
			return nil
		}
		for len(seg) > page {
			if err := c.enqueue(wire.Frame{Type: wire.TypeEvents, Events: seg[:page], More: true}, catchUp); err != nil {
				return err
			}
			seg = seg[page:]
		}
		return c.enqueue(wire.Frame{Type: wire.TypeEvents, Events: seg, More: segMore, Cursor: cursor}, catchUp)
	}
	start := 0
	for i, ev := range evs {
		if ev.Kind != crm.EventConversationGranted {
			continue
		}
		if err := flush(evs[start:i], true, false, 0); err != nil {
			return err
		}
		if err := c.sendHistory(ctx, grantedID(ev), catchUp); err != nil {
			return err
		}
		start = i
	}
	return flush(evs[start:], more, catchUp || cursor > 0, cursor)
}

func grantedID(ev crm.Event) string {
	if ev.ConversationID != "" {
		return ev.ConversationID
	}
	if ev.Conversation != nil {
		return ev.Conversation.ID
	}
	return ""
}

// isNotFound: the conversation does not exist or the user may no longer
// see it (the backend does not tell the two apart). Next to the mappings
// of backend_errors.go.
func isNotFound(err error) bool { return errors.Is(err, backend.ErrNotFound) }

// sendHistory sends one conversation's messages in pages. A conversation
// no longer visible (revoked again since) is skipped: its revocation
// follows in the log. Any other failure is returned: it closes the
// connection and the client catches up again.
func (c *conn) sendHistory(ctx context.Context, convID string, blocking bool) error {
	if convID == "" {
		return nil
	}
	after := ""
	for {
		msgs, err := c.h.b.ConversationMessages(ctx, c.user.ID, convID, after, c.h.cfg.MessagePage)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if isNotFound(err) {
				c.log.Info("granted conversation no longer visible", "conversation", convID, "err", err)
				return nil
			}
			// Anything else (I/O, a closed store): the granted event must
			// not go out without its history. Closing the connection makes
			// the client catch up again from its cursor, grant included.
			return fmt.Errorf("history of granted conversation %s: %w", convID, err)
		}
		if len(msgs) > 0 {
			if err := c.enqueue(wire.Frame{Type: wire.TypeMessages, Messages: msgs, ConversationID: convID}, blocking); err != nil {
				return err
			}
			after = msgs[len(msgs)-1].ID
		}
		if len(msgs) < c.h.cfg.MessagePage {
			return nil
		}
	}
}

// sendSnapshot streams a snapshot: begin (with totals), the snapshot in
// parts, every conversation's messages packed into frames of about
// MessagePage, end. It returns the snapshot's Seq.
func (c *conn) sendSnapshot(ctx context.Context) (uint64, error) {
	b := c.h.b
	snap, err := b.Snapshot(ctx, c.user.ID)
	if err != nil {
		return 0, fmt.Errorf("snapshot: %w", err)
	}
	total := 0
	if mc, ok := b.(MessageCounter); ok {
		if n, err := mc.CountMessages(ctx, c.user.ID); err == nil {
			total = n
		}
	}
	if err := c.enqueue(wire.Frame{Type: wire.TypeSnapshotBegin, Seq: snap.Seq, TotalConversations: len(snap.Conversations), TotalMessages: total}, true); err != nil {
		return 0, err
	}
	if err := c.sendSnapshotParts(snap); err != nil {
		return 0, err
	}

	page := c.h.cfg.MessagePage
	buf := make([]crm.Message, 0, page)
	done := 0
	// The writer encodes later: each frame gets its own slice.
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := c.enqueue(wire.Frame{Type: wire.TypeMessages, Messages: buf, ConversationsDone: done}, true)
		buf = make([]crm.Message, 0, page)
		return err
	}
	// Conversations in id order: the cache keys messages by conversation
	// id first, so a first sync into an empty cache only ever appends to
	// its B+tree, which bbolt does far faster than inserting in the middle.
	ids := make([]string, len(snap.Conversations))
	for i, conv := range snap.Conversations {
		ids[i] = conv.ID
	}
	slices.Sort(ids)
	for _, convID := range ids {
		after := ""
		for {
			msgs, err := b.ConversationMessages(ctx, c.user.ID, convID, after, page)
			if err != nil {
				if ctx.Err() != nil {
					return 0, ctx.Err()
				}
				if !isNotFound(err) {
					// Sent without its messages, the conversation would
					// stay empty in the cache: the client starts over.
					return 0, fmt.Errorf("snapshot messages of %s: %w", convID, err)
				}
				// Hidden since the snapshot: the events after it say so.
				c.log.Info("snapshot conversation unavailable", "conversation", convID, "err", err)
				break
			}
			for _, m := range msgs {
				buf = append(buf, m)
				if len(buf) == page {
					if err := flush(); err != nil {
						return 0, err
					}
				}
			}
			if len(msgs) > 0 {
				after = msgs[len(msgs)-1].ID
			}
			if len(msgs) < page {
				break
			}
		}
		done++
	}
	if err := flush(); err != nil {
		return 0, err
	}
	if err := c.enqueue(wire.Frame{Type: wire.TypeSnapshotEnd, Seq: snap.Seq, ConversationsDone: done}, true); err != nil {
		return 0, err
	}
	return snap.Seq, nil
}

// sendSnapshotParts sends the snapshot as a first part holding everything
// but records and conversations, then those in chunks, so no frame grows
// with the size of the CRM. More is false on the last part only.
func (c *conn) sendSnapshotParts(snap crm.Snapshot) error {
	chunk := c.h.cfg.SnapshotChunk
	head := snap
	head.Records, head.Conversations = nil, nil
	records, convs := snap.Records, snap.Conversations
	if err := c.enqueue(wire.Frame{Type: wire.TypeSnapshot, Snapshot: &head, More: len(records)+len(convs) > 0}, true); err != nil {
		return err
	}
	for len(records) > 0 {
		n := min(chunk, len(records))
		part := crm.Snapshot{Seq: snap.Seq, Records: records[:n]}
		records = records[n:]
		if err := c.enqueue(wire.Frame{Type: wire.TypeSnapshot, Snapshot: &part, More: len(records)+len(convs) > 0}, true); err != nil {
			return err
		}
	}
	for len(convs) > 0 {
		n := min(chunk, len(convs))
		part := crm.Snapshot{Seq: snap.Seq, Conversations: convs[:n]}
		convs = convs[n:]
		if err := c.enqueue(wire.Frame{Type: wire.TypeSnapshot, Snapshot: &part, More: len(convs) > 0}, true); err != nil {
			return err
		}
	}
	return nil
}
