package backend_test

import (
	"context"
	"fmt"
	"testing"

	"smsdesk/crm"
)

// Issue 14: the seller role decides, live, whether a user receives inbound
// messages. Dave (t_east, manager only) holds none of East's conversations;
// given the role he gains them with their history; losing it takes them
// away and tells him why, once.
func TestLiveSellerRoleGrantsAndRevokesConversations(t *testing.T) {
	s := newLiveStack(t)
	for i := range 2 {
		if err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMrole%d", i), From: phoneMarc, To: liveNumEast, Body: fmt.Sprintf("bonjour %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	conv := s.conversationWith("u_carol", liveNumEast, phoneMarc)
	// total is how many messages the thread holds on the server (the
	// dataset's history included).
	total := func() int {
		msgs, err := s.svc.ConversationMessages(context.Background(), "u_carol", conv, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(msgs)
	}
	carol, dave := s.client(liveCarol), s.client(liveDave)
	waitUntil(t, "carol holds the conversation", func() bool { return carol.has(conv, total()) })
	waitUntil(t, "dave synced without it, with one notice", func() bool {
		_, ok, _ := dave.db.Me()
		return ok && dave.lacks(conv) && dave.notices(crm.NotifyInsufficientPrivilege) == 1 && dave.notices(crm.NotifyInboundMessage) == 0
	})

	if st := s.call("PUT", "/api/v1/admin/users/u_dave/roles", liveRoot, map[string]any{"roles": []crm.Role{crm.RoleSeller, crm.RoleManager}}); st != 200 {
		t.Fatalf("grant: %d", st)
	}
	waitUntil(t, "dave gains the conversation with its history", func() bool { return dave.has(conv, total()) })
	if err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMrole2", From: phoneMarc, To: liveNumEast, Body: "et voilà"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the seller dave is told of the next message", func() bool {
		return dave.has(conv, total()) && dave.notices(crm.NotifyInboundMessage) == 1
	})

	if st := s.call("PUT", "/api/v1/admin/users/u_dave/roles", liveRoot, map[string]any{"roles": []crm.Role{crm.RoleManager}}); st != 200 {
		t.Fatalf("revoke: %d", st)
	}
	waitUntil(t, "dave loses it and is told", func() bool {
		return dave.lacks(conv) && dave.notices(crm.NotifyPrivilegeRevoked) == 1
	})
	if err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMrole3", From: phoneMarc, To: liveNumEast, Body: "allô ?"}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "carol gets the next message", func() bool { return carol.has(conv, total()) })
	// The revocation was the notice: nothing more reaches dave.
	if n, m := dave.notices(crm.NotifyInsufficientPrivilege), dave.notices(crm.NotifyInboundMessage); n != 1 || m != 1 || !dave.lacks(conv) {
		t.Fatalf("after losing the role dave holds %d notices and %d message notifications (want 1 and 1)", n, m)
	}
}

// liveNumEast is the East desk of base.json, team t_east's number.
const liveNumEast = "+12125550100"

// notices counts the cache's unexpired notifications of kind k.
func (c *liveClient) notices(k crm.NotificationKind) int {
	ns, err := c.db.Notifications(1000)
	if err != nil {
		return -1
	}
	n := 0
	for _, it := range ns {
		if it.Kind == k {
			n++
		}
	}
	return n
}
