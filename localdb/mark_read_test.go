package localdb

import (
	"testing"
	"time"

	"smsdesk/crm"
)

// note is an unread notification about convID, fresh by clk.
func note(id, convID string, clk *clock) crm.Notification {
	now := clk.Now()
	return crm.Notification{ID: id, UserID: "u1", Kind: crm.NotifyInboundMessage, ConversationID: convID,
		CreatedAt: now, ExpiresAt: now.Add(crm.NotificationTTL)}
}

// Issue 14.2, offline: the local echo of mark_read reads the
// conversation's notifications at once (the bell must not wait for the
// server), and mark_all_read reads every notification and every listed
// conversation.
func TestMarkReadEchoReadsNotificationsOffline(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	n1, n2, n3 := note("n1", "cv1", clk), note("n2", "cv1", clk), note("n3", "cv2", clk)
	must(t, db.ApplyEvents([]crm.Event{
		{Seq: 11, Kind: crm.EventNotification, Notification: &n1},
		{Seq: 12, Kind: crm.EventNotification, Notification: &n2},
		{Seq: 13, Kind: crm.EventNotification, Notification: &n3},
	}))
	unread := func() int {
		n, err := db.UnreadNotifications()
		must(t, err)
		return n
	}
	if n := unread(); n != 3 {
		t.Fatalf("%d unread notifications before reading, want 3", n)
	}
	must(t, db.Enqueue(crm.Command{ID: "cmd_r", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	if n := unread(); n != 1 {
		t.Fatalf("%d unread notifications after reading cv1, want 1 (cv2's)", n)
	}
	msg := inbound("m9", "cv2", clk.Now().Add(time.Minute))
	c2 := conv("cv2", "r2", custB, at(0))
	c2.LastMessage, c2.LastMessageAt = &msg, msg.CreatedAt
	must(t, db.ApplyEvents([]crm.Event{{Seq: 14, Kind: crm.EventMessage, Message: &msg, Conversation: &c2}}))
	must(t, db.Enqueue(crm.Command{ID: "cmd_all", Kind: crm.CmdMarkAllRead, ConversationIDs: []string{"cv2", "cv_gone"}}))
	if n := unread(); n != 0 {
		t.Fatalf("%d unread notifications after mark all read", n)
	}
	row, ok, err := db.Conversation("cv2")
	must(t, err)
	if !ok || row.Unread != 0 {
		t.Fatalf("cv2 unread %d after mark all read", row.Unread)
	}
}
