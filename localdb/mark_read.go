package localdb

import (
	"time"

	"smsdesk/crm"
)

// readNotifications marks read, at at, every unread notification that
// match accepts: the local echo of what mark_read and mark_all_read do on
// the server. It walks the unread index only.
func (t *txn) readNotifications(at time.Time, match func(crm.Notification) bool) error {
	var ids []string
	c := t.b(bNotifUnread).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, idFromTimeKey(k))
	}
	for _, id := range ids {
		n, ok, err := t.notification(id)
		if err != nil {
			return err
		}
		if !ok || n.ReadAt != nil || !match(n) {
			continue
		}
		read := at
		n.ReadAt = &read
		t.ch.kind(crm.EventNotification)
		if err := t.putNotification(n); err != nil {
			return err
		}
	}
	return nil
}

// echoMarkAllRead reads every listed conversation up to its last message
// and every notification.
func (t *txn) echoMarkAllRead(e *outboxEntry) error {
	for _, id := range e.Cmd.ConversationIDs {
		rs, err := t.row(id)
		if err != nil {
			return err
		}
		if rs == nil {
			continue
		}
		at := e.At
		if rs.row.LastMessageAt.After(at) {
			at = rs.row.LastMessageAt
		}
		t.ch.kind(crm.EventConversationRead)
		if err := t.setReadMark(id, at); err != nil {
			return err
		}
	}
	return t.readNotifications(e.At, func(crm.Notification) bool { return true })
}
