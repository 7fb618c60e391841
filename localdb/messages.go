package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"smsdesk/crm"
)

// message returns the cached message with that id.
func (t *txn) message(id string) (crm.Message, bool, error) {
	key := t.b(bMsgIndex).Get([]byte(id))
	if key == nil {
		return crm.Message{}, false, nil
	}
	var m crm.Message
	ok, err := getJSON(t.b(bMessages), key, &m)
	return m, ok, err
}

// upsertMessage stores m (a page, an event, an ack or a local echo). A
// message already cached under the same id (the pending echo of a send, an
// older status) is replaced, its status never going backwards; if its
// creation time changed, its key moves. The conversation row's last
// message, activity and unread counter follow.
func (t *txn) upsertMessage(m crm.Message) (err error) {
	if m.ID == "" || m.ConversationID == "" {
		// Unkeyable: refusing the batch would stall sync on it forever.
		return nil
	}
	msgs, idx := t.b(bMessages), t.b(bMsgIndex)
	newKey := msgKey(m.ConversationID, m.CreatedAt, m.ID)
	id := []byte(m.ID)
	// A copy: bbolt's slices point into pages this transaction may rewrite.
	oldKey := bytes.Clone(idx.Get(id))
	isNew := oldKey == nil
	if !isNew {
		var stored crm.Message
		if err := decodeMessage(msgs.Get(oldKey), &stored); err != nil {
			return err
		}
		mergeStatus(&m, stored)
		if !bytes.Equal(oldKey, newKey) {
			if err := msgs.Delete(oldKey); err != nil {
				return err
			}
			isNew = stored.ConversationID != m.ConversationID
		}
		if stored.ConversationID != m.ConversationID {
			defer func() {
				if err == nil {
					err = t.messageLeftRow(stored)
				}
			}()
		}
	}
	data, merr := json.Marshal(&m)
	if merr != nil {
		return fmt.Errorf("encode message %s: %w", m.ID, merr)
	}
	if err := msgs.Put(newKey, data); err != nil {
		return err
	}
	if oldKey == nil || !bytes.Equal(oldKey, newKey) {
		if err := idx.Put(id, newKey); err != nil {
			return err
		}
	}
	if err := t.stepFollowsMessage(m); err != nil {
		return err
	}
	return t.messageTouchesRow(m, isNew)
}

// deleteMessage removes the cached message with that id, if any, and points
// its conversation row at the message now newest.
func (t *txn) deleteMessage(id string) error {
	msgs, idx := t.b(bMessages), t.b(bMsgIndex)
	key := bytes.Clone(idx.Get([]byte(id)))
	if key == nil {
		return nil
	}
	var stored crm.Message
	if err := decodeMessage(msgs.Get(key), &stored); err != nil {
		return err
	}
	if err := msgs.Delete(key); err != nil {
		return err
	}
	if err := idx.Delete([]byte(id)); err != nil {
		return err
	}
	t.ch.kind(crm.EventMessage)
	return t.messageLeftRow(stored)
}

// messageLeftRow keeps a row whose message was moved to another
// conversation or deleted from pointing at it as its last message.
func (t *txn) messageLeftRow(gone crm.Message) error {
	rs, err := t.row(gone.ConversationID)
	if err != nil || rs == nil {
		return err
	}
	if rs.row.LastMessage == nil || rs.row.LastMessage.ID != gone.ID {
		return nil
	}
	rs.row.LastMessage, rs.row.LastMessageAt = nil, time.Time{}
	if err := t.newestMessage(rs); err != nil {
		return err
	}
	if rs.row.LastMessage != nil {
		rs.last = *rs.row.LastMessage
		rs.row.LastMessage = &rs.last
	}
	t.touch(rs)
	return nil
}

func decodeMessage(data []byte, m *crm.Message) error {
	if data == nil {
		return fmt.Errorf("%w: message index points at nothing", ErrCorrupt)
	}
	if err := json.Unmarshal(data, m); err != nil {
		return fmt.Errorf("%w: decode message: %v", ErrCorrupt, err)
	}
	return nil
}

// messageTouchesRow keeps the conversation row in step with a stored message.
func (t *txn) messageTouchesRow(m crm.Message, isNew bool) error {
	rs, err := t.row(m.ConversationID)
	if err != nil {
		return err
	}
	if rs == nil {
		// A message ahead of its conversation: make a minimal row so the
		// message is reachable; the conversation event fills it in.
		c := crm.Conversation{ID: m.ConversationID, CreatedAt: m.CreatedAt}
		if m.Direction == crm.Outbound {
			c.BusinessNumber, c.CustomerNumber = m.From, m.To
		} else {
			c.BusinessNumber, c.CustomerNumber = m.To, m.From
		}
		rs = t.newRow(ConversationRow{Conversation: c})
	}
	row := &rs.row
	if isNew && m.Direction == crm.Inbound && m.CreatedAt.After(row.ReadAt) {
		row.Unread++
	}
	// rs.last holds the row's last message, so a page of messages that
	// each become the newest in turn costs no allocation per message.
	switch {
	case row.LastMessage != nil && row.LastMessage.ID == m.ID:
		rs.last = m
		row.LastMessage, row.LastMessageAt = &rs.last, m.CreatedAt
		// Its time may have moved back (the server's clock replaced the
		// echo's): then another message may be the newest now.
		if err := t.newestMessage(rs); err != nil {
			return err
		}
	case row.LastMessageAt.IsZero() || !m.CreatedAt.Before(row.LastMessageAt):
		rs.last = m
		row.LastMessage, row.LastMessageAt = &rs.last, m.CreatedAt
	}
	t.touch(rs)
	return nil
}

// newestMessage points the row at the last message of its key range, if
// that one is newer than the row's.
func (t *txn) newestMessage(rs *rowState) error {
	prefix := convPrefix(rs.row.ID)
	end := convEnd(rs.row.ID)
	c := t.b(bMessages).Cursor()
	k, v := c.Seek(end)
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return nil
	}
	var last crm.Message
	if err := decodeMessage(v, &last); err != nil {
		return err
	}
	if last.CreatedAt.After(rs.row.LastMessageAt) {
		rs.row.LastMessage, rs.row.LastMessageAt = &last, last.CreatedAt
	}
	return nil
}
