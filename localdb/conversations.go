package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"smsdesk/crm"
)

// upsertConversation stores the server's view of a conversation, keeping
// what only this client knows: the unread counter and read mark, an error
// to show, a newer local last message (a pending send), and a move still
// waiting in the outbox.
func (t *txn) upsertConversation(c crm.Conversation) error {
	if c.ID == "" {
		return nil // unkeyable; see upsertMessage
	}
	rs, err := t.row(c.ID)
	if err != nil {
		return err
	}
	if rs == nil {
		rs = t.newRow(ConversationRow{Conversation: c})
	} else {
		old := rs.row
		rs.row.Conversation = c
		if old.LastMessage != nil && (c.LastMessage == nil || old.LastMessageAt.After(c.LastMessageAt)) {
			rs.row.LastMessage, rs.row.LastMessageAt = old.LastMessage, old.LastMessageAt
		}
		t.touch(rs)
	}
	// The row's copy of the last message must not show an older status
	// than the message itself.
	if lm := rs.row.LastMessage; lm != nil {
		stored, ok, err := t.message(lm.ID)
		if err != nil {
			return err
		}
		if ok {
			m := *lm
			mergeStatus(&m, stored)
			rs.row.LastMessage = &m
		}
	}
	moves, err := t.pendingMoves()
	if err != nil {
		return err
	}
	if to, ok := moves[c.ID]; ok {
		return t.moveLocally(rs, to)
	}
	return nil
}

func (t *txn) moveLocally(rs *rowState, to crm.RecordRef) error {
	name, err := t.recordName(to)
	if err != nil {
		return err
	}
	rs.row.Record, rs.row.RecordName = to, name
	t.touch(rs)
	return nil
}

// pendingMoves maps conversation id to the target of the newest move still
// in the outbox. Loaded once per transaction: the outbox is small.
func (t *txn) pendingMoves() (map[string]crm.RecordRef, error) {
	if t.moves != nil {
		return t.moves, nil
	}
	t.moves = map[string]crm.RecordRef{}
	err := t.b(bOutbox).ForEach(func(_, v []byte) error {
		var e outboxEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("%w: decode outbox entry: %v", ErrCorrupt, err)
		}
		if e.Cmd.Kind == crm.CmdMoveConversation && e.Cmd.Move != nil {
			t.moves[e.Cmd.Move.ConversationID] = e.Cmd.Move.To
		}
		return nil
	})
	return t.moves, err
}

// deleteConversation removes a conversation, its messages, their index
// entries and the row's index entries.
func (t *txn) deleteConversation(id string) error {
	msgs, idx := t.b(bMessages), t.b(bMsgIndex)
	prefix := convPrefix(id)
	var keys [][]byte
	c := msgs.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := msgs.Delete(k); err != nil {
			return err
		}
		if err := idx.Delete(k[len(prefix)+8:]); err != nil {
			return err
		}
	}
	rs, err := t.row(id)
	if err != nil {
		return err
	}
	if rs != nil && rs.onDisk {
		if err := t.b(bConvActivity).Delete(rs.diskActivity); err != nil {
			return err
		}
		if err := t.b(bConvByRecord).Delete(pairKey(rs.diskRecord, id)); err != nil {
			return err
		}
		if err := t.b(bConversations).Delete([]byte(id)); err != nil {
			return err
		}
	}
	delete(t.rows, id)
	t.ch.remove(id)
	return nil
}

// dropIfEmpty removes a conversation row that holds no message any more
// (the echo row of a new thread the server joined to another conversation).
func (t *txn) dropIfEmpty(id string) error {
	prefix := convPrefix(id)
	if k, _ := t.b(bMessages).Cursor().Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) {
		return nil
	}
	rs, err := t.row(id)
	if err != nil || rs == nil {
		return err
	}
	return t.deleteConversation(id)
}

// setReadMark moves the read mark forward (never back: a local mark_read
// may be ahead of the server's event) and recounts this conversation's
// unread messages, reading only those after the mark.
func (t *txn) setReadMark(id string, at time.Time) error {
	rs, err := t.row(id)
	if err != nil || rs == nil {
		return err
	}
	if at.After(rs.row.ReadAt) {
		rs.row.ReadAt = at
	}
	n, err := t.countUnread(id, rs.row.ReadAt)
	if err != nil {
		return err
	}
	rs.row.Unread = n
	t.touch(rs)
	return nil
}

func (t *txn) countUnread(convID string, readAt time.Time) (int, error) {
	prefix := convPrefix(convID)
	start := append(bytes.Clone(prefix), u64(nanos(readAt)+1)...)
	n := 0
	c := t.b(bMessages).Cursor()
	for k, v := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var m struct {
			Direction crm.Direction `json:"direction"`
		}
		if err := json.Unmarshal(v, &m); err != nil {
			return 0, fmt.Errorf("%w: decode message %s: %v", ErrCorrupt, k, err)
		}
		if m.Direction == crm.Inbound {
			n++
		}
	}
	return n, nil
}
