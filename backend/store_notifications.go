package backend

import (
	"encoding/json"
	"fmt"

	"smsdesk/crm"
)

// notify stores a notification for userID and emits its event, unless the
// org has in-app notifications off, in which case none is created at all.
func (w *writeTx) notify(userID string, kind crm.NotificationKind, convID string, prio crm.Priority, params map[string]string) error {
	if !w.dir.org.InAppNotifications || userID == "" {
		return nil
	}
	n := crm.Notification{
		ID:             w.s.newTimeID("nt", w.now),
		UserID:         userID,
		Kind:           kind,
		Params:         params,
		ConversationID: convID,
		Priority:       prio,
		CreatedAt:      w.now,
		ExpiresAt:      w.now.Add(crm.NotificationTTL),
	}
	raw, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("encode notification: %w", err)
	}
	if err := w.kv.put(bNotifications, joinKey(userID, n.ID), raw); err != nil {
		return fmt.Errorf("store notification for %s: %w", userID, err)
	}
	return w.emitWith(crm.Event{Kind: crm.EventNotification, Audience: []string{userID}, Notification: &n}, eventRaw{notification: raw})
}

// emitConversation sends a conversation event to its audience.
func (w *writeTx) emitConversation(c crm.Conversation) error {
	aud, err := w.s.audience(w.kv, w.dir, c)
	if err != nil {
		return err
	}
	return w.emit(crm.Event{Kind: crm.EventConversation, Audience: aud, Conversation: &c})
}

// emitMessage sends a message event, with its conversation, to the audience.
// rawMsg is m's JSON as putMessage stored it.
func (w *writeTx) emitMessage(m crm.Message, rawMsg json.RawMessage, c crm.Conversation) error {
	aud, err := w.s.audience(w.kv, w.dir, c)
	if err != nil {
		return err
	}
	return w.emitWith(crm.Event{Kind: crm.EventMessage, Audience: aud, Message: &m, Conversation: &c}, eventRaw{message: rawMsg})
}

// emitMessageSpliced is emitMessage for a conversation whose last message
// is m, reusing the conversation bytes encodeWithLastMessage made.
func (w *writeTx) emitMessageSpliced(m crm.Message, rawMsg json.RawMessage, c crm.Conversation, f lastMessageForm) error {
	aud, err := w.s.audience(w.kv, w.dir, c)
	if err != nil {
		return err
	}
	return w.emitWith(crm.Event{Kind: crm.EventMessage, Audience: aud, Message: &m, Conversation: &c},
		eventRaw{message: rawMsg, conversation: f.head, routingIsMessage: f.routingIsMessage})
}

// truncate keeps notification parameters short.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
