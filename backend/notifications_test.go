package backend

import (
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

func kinds(ns []crm.Notification) map[crm.NotificationKind]int {
	out := map[crm.NotificationKind]int{}
	for _, n := range ns {
		out[n.Kind]++
	}
	return out
}

func TestNotificationsSellerAndInsufficientPrivilege(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	// East desk is team t_east: carol (seller) and dave (manager only).
	e.inbound("SM1", phoneMarc, numEast, "bonjour")
	e.inbound("SM2", phoneMarc, numEast, "encore")
	carol, dave := kinds(e.notifications(tokCarol)), kinds(e.notifications(tokDave))
	if carol[crm.NotifyInboundMessage] != 2 || carol[crm.NotifyInsufficientPrivilege] != 0 {
		t.Fatalf("carol: %v", carol)
	}
	// Issue 14: dave receives nothing but one notice saying why, however
	// many messages would have reached him.
	if dave[crm.NotifyInsufficientPrivilege] != 1 || len(dave) != 1 {
		t.Fatalf("dave: %v, want one insufficient_privilege notice", dave)
	}
	if n := len(e.notifications(tokAlice)); n != 0 {
		t.Fatalf("alice got %d notifications for East's message", n)
	}
	ns := e.notifications(tokDave)
	if ns[0].ConversationID != "" || ns[0].Params["role"] != string(crm.RoleSeller) || ns[0].ExpiresAt.Sub(ns[0].CreatedAt) != crm.NotificationTTL {
		t.Fatalf("notice %+v: want no conversation and the missing role", ns[0])
	}
	// Marking it read is per user and shows in the list.
	res := e.svc.Apply(t.Context(), "u_dave", crm.Command{ID: "cmd_r", Kind: crm.CmdMarkNotificationRead, NotificationID: ns[0].ID})
	if !res.OK {
		t.Fatalf("%+v", res.Error)
	}
	if got := e.notifications(tokDave)[0]; got.ReadAt == nil {
		t.Fatal("notification not marked read")
	}
	res = e.svc.Apply(t.Context(), "u_carol", crm.Command{ID: "cmd_r2", Kind: crm.CmdMarkNotificationRead, NotificationID: ns[0].ID})
	if res.OK || res.Error.Code != crm.ErrNotFound {
		t.Fatalf("carol read dave's notification: %+v", res)
	}
}

func TestNotificationsOffOrgWide(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", func(ds map[string]any) {
		ds["org"].(map[string]any)["in_app_notifications"] = false
	}))
	e.inbound("SM1", phoneMarc, numEast, "bonjour")
	e.inbound("SM2", "+12025550123", numAlice, "new person")
	for _, tok := range []string{tokAlice, tokBob, tokCarol, tokDave} {
		if n := len(e.notifications(tok)); n != 0 {
			t.Fatalf("%s got %d notifications with notifications off", tok, n)
		}
	}
	// The messages themselves still arrive.
	if _, ok := e.conversationOn(tokCarol, numEast, phoneMarc); !ok {
		t.Fatal("message lost")
	}
}

func TestUnreadCountsAndMarkRead(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneMarc, numEast, "one")
	e.inbound("SM2", phoneMarc, numEast, "two")
	c, _ := e.conversationOn(tokCarol, numEast, phoneMarc)
	if c.UnreadCount != 2 || c.LastMessage == nil || c.LastMessage.Body != "two" {
		t.Fatalf("before read: unread %d last %+v", c.UnreadCount, c.LastMessage)
	}
	if st := e.do("POST", "/api/v1/conversations/"+c.ID+"/read", tokCarol, nil, nil); st != 200 {
		t.Fatalf("read: %d", st)
	}
	c, _ = e.conversationOn(tokCarol, numEast, phoneMarc)
	if c.UnreadCount != 0 {
		t.Fatalf("after carol read: carol %d", c.UnreadCount)
	}
	// Dave (t_east, no seller role) has no count at all: no conversation.
	if d, ok := e.conversationOn(tokDave, numEast, phoneMarc); ok {
		t.Fatalf("dave, without the seller role, holds the conversation (unread %d)", d.UnreadCount)
	}
	e.inbound("SM3", phoneMarc, numEast, "three")
	if c, _ = e.conversationOn(tokCarol, numEast, phoneMarc); c.UnreadCount != 1 {
		t.Fatalf("after a new message: %d", c.UnreadCount)
	}
}

func TestExpiredNotificationsAreHiddenThenPruned(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneMarc, numEast, "bonjour")
	if n := len(e.notifications(tokCarol)); n != 1 {
		t.Fatalf("%d notifications", n)
	}
	e.clock.mu.Lock()
	e.clock.t = e.clock.t.Add(crm.NotificationTTL + time.Second)
	e.clock.mu.Unlock()
	if n := len(e.notifications(tokCarol)); n != 0 {
		t.Fatalf("expired notification still listed (%d)", n)
	}
	e.close()
	e.open(nil)
	<-e.svc.pruned // pruning runs in the background after Open
	var stored int
	if err := e.svc.db.View(func(tx *bolt.Tx) error {
		stored = tx.Bucket(bNotifications).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if stored != 0 {
		t.Fatalf("%d expired notifications kept after reopening", stored)
	}
}
