package backend

import (
	"fmt"
	"testing"

	"smsdesk/crm"
)

func unreadNotes(ns []crm.Notification) int {
	n := 0
	for _, it := range ns {
		if it.ReadAt == nil {
			n++
		}
	}
	return n
}

// Issue 14.2: reading a conversation reads its notifications, for that
// user only, and tells every device of the user (a notification event).
func TestMarkReadReadsTheConversationNotifications(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneMarc, numEast, "one")
	e.inbound("SM2", phoneMarc, numEast, "two")
	e.inbound("SM3", "+12025550123", numAlice, "someone else")
	if n := unreadNotes(e.notifications(tokCarol)); n != 2 {
		t.Fatalf("carol has %d unread notifications before reading, want 2", n)
	}
	c, _ := e.conversationOn(tokCarol, numEast, phoneMarc)
	from := e.svc.LastSeq()
	res := e.svc.Apply(t.Context(), "u_carol", crm.Command{ID: "cmd_read", Kind: crm.CmdMarkRead, ConversationID: c.ID})
	if !res.OK {
		t.Fatalf("mark read: %+v", res.Error)
	}
	if n := unreadNotes(e.notifications(tokCarol)); n != 0 {
		t.Fatalf("carol still has %d unread notifications after reading the conversation", n)
	}
	evs, err := e.svc.EventsSince(t.Context(), "u_carol", from, 100)
	if err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, ev := range evs {
		if ev.Kind == crm.EventNotification && ev.Notification.ReadAt != nil && ev.Notification.ConversationID == c.ID {
			read++
		}
	}
	if read != 2 {
		t.Fatalf("%d notification-read events reach carol's devices, want 2: %+v", read, evs)
	}
	// Alice's notifications (message and new lead), on another conversation, stay unread.
	if n := unreadNotes(e.notifications(tokAlice)); n != 2 {
		t.Fatalf("alice has %d unread notifications, want 2", n)
	}
}

func TestMarkAllReadReadsNotificationsAndListedConversations(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneMarc, numEast, "one")
	e.inbound("SM2", "+12025550123", numAlice, "new person")
	c, _ := e.conversationOn(tokCarol, numEast, phoneMarc)
	a, _ := e.conversationOn(tokAlice, numAlice, "+12025550123")
	res := e.svc.Apply(t.Context(), "u_carol", crm.Command{ID: "cmd_all", Kind: crm.CmdMarkAllRead,
		ConversationIDs: []string{c.ID, a.ID}}) // a is alice's: skipped, not refused
	if !res.OK {
		t.Fatalf("mark all read: %+v", res.Error)
	}
	if n := unreadNotes(e.notifications(tokCarol)); n != 0 {
		t.Fatalf("%d unread notifications after mark all read", n)
	}
	if c, _ = e.conversationOn(tokCarol, numEast, phoneMarc); c.UnreadCount != 0 {
		t.Fatalf("conversation unread %d after mark all read", c.UnreadCount)
	}
	if a, _ = e.conversationOn(tokAlice, numAlice, "+12025550123"); a.UnreadCount != 1 || unreadNotes(e.notifications(tokAlice)) == 0 {
		t.Fatalf("carol's mark all read touched alice's conversation: unread %d", a.UnreadCount)
	}
	many := make([]string, maxMarkAllConversations+1)
	for i := range many {
		many[i] = fmt.Sprintf("cv_%d", i) // well-formed ids: only the count is wrong
	}
	res = e.svc.Apply(t.Context(), "u_carol", crm.Command{ID: "cmd_all2", Kind: crm.CmdMarkAllRead, ConversationIDs: many})
	if res.OK || res.Error.Field != "conversation_ids" {
		t.Fatalf("an oversized list was not refused by field: %+v", res)
	}
}
