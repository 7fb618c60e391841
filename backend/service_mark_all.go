package backend

import (
	"encoding/json"
	"errors"
	"fmt"

	"smsdesk/crm"
)

// maxMarkAllConversations bounds one mark_all_read: a client lists the
// conversations it shows unread, and a list longer than any grid a seller
// reads is malformed.
const maxMarkAllConversations = 10000

// applyMarkAllRead marks every unread notification of u read, and each
// listed conversation u may still see read. A conversation u lost sight of
// meanwhile is skipped rather than refusing the rest.
func (s *Service) applyMarkAllRead(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	if len(cmd.ConversationIDs) > maxMarkAllConversations {
		return refusal(cmd.ID, crm.ErrInvalid, "conversation_ids", fmt.Sprintf("more than %d conversations", maxMarkAllConversations)), nil
	}
	at := w.now
	for _, id := range cmd.ConversationIDs {
		conv, err := s.visibleConversation(w.kv, w.dir, u, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return crm.CommandResult{}, err
		}
		if err := w.tx.Bucket(bReadMarks).Put(joinKey(u.ID, conv.ID), []byte(at.Format(timeFormat))); err != nil {
			return crm.CommandResult{}, fmt.Errorf("store read mark: %w", err)
		}
		if err := w.emit(crm.Event{Kind: crm.EventConversationRead, Audience: []string{u.ID}, ConversationID: conv.ID, ReadAt: &at}); err != nil {
			return crm.CommandResult{}, err
		}
	}
	if err := w.readNotifications(u.ID, func(crm.Notification) bool { return true }); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{}, nil
}

// readNotifications marks read each unread notification of userID that
// match accepts, emitting one notification event for each, so every
// device of the user sees it read.
func (w *writeTx) readNotifications(userID string, match func(crm.Notification) bool) error {
	b := w.tx.Bucket(bNotifications)
	var changed []crm.Notification
	p := prefixKey(userID)
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		var n crm.Notification
		if err := json.Unmarshal(v, &n); err != nil {
			return fmt.Errorf("decode notification %s: %w", k[len(p):], err)
		}
		if n.ReadAt == nil && match(n) {
			changed = append(changed, n)
		}
	}
	for i := range changed {
		n := &changed[i]
		at := w.now
		n.ReadAt = &at
		if err := putJSON(b, joinKey(userID, n.ID), n); err != nil {
			return fmt.Errorf("mark notification %s read: %w", n.ID, err)
		}
		if err := w.emit(crm.Event{Kind: crm.EventNotification, Audience: []string{userID}, Notification: n}); err != nil {
			return err
		}
	}
	return nil
}
