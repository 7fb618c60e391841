package backend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"smsdesk/crm"
)

func TestDuplicateInboundStoredOnce(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	// The same MessageSid delivered concurrently and again later (Twilio's
	// retry) is stored once, and every delivery is answered without error.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMdup1", From: phoneJane, To: numAlice, Body: "see you thursday"}); err != nil {
				t.Errorf("delivery: %v", err)
			}
		}()
	}
	wg.Wait()
	e.inbound("SMdup1", phoneJane, numAlice, "see you thursday")

	c, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok {
		t.Fatal("no conversation for Jane on Alice's number")
	}
	n := 0
	for _, m := range e.messages(tokAlice, c.ID) {
		if m.ProviderID == "SMdup1" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("message stored %d times, want 1", n)
	}
	var inboundNotes int
	for _, nt := range e.notifications(tokAlice) {
		if nt.Kind == crm.NotifyInboundMessage {
			inboundNotes++
		}
	}
	if inboundNotes != 1 {
		t.Fatalf("%d inbound notifications, want 1", inboundNotes)
	}
}

func TestInboundToUnknownNumberIsRefused(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	seeded := e.svc.LastSeq()
	err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMx", From: phoneJane, To: "+12025550123", Body: "hi"})
	if !errors.Is(err, ErrUnknownNumber) {
		t.Fatalf("err = %v, want ErrUnknownNumber", err)
	}
	err = e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: "SMy", From: "+1555", To: numAlice, Body: "hi"})
	if !errors.Is(err, crm.ErrInvalidPhone) {
		t.Fatalf("err = %v, want ErrInvalidPhone", err)
	}
	if st := e.svc.LastSeq(); st != seeded {
		t.Fatalf("refused inbound committed events: last seq %d, %d after the import", st, seeded)
	}
}

func TestRoutingEndToEnd(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))

	// Jane writes to Alice's number, where c_jane already has history:
	// rule 1 beats the lead l_jane_dup that shares her number.
	e.inbound("SM1", phoneJane, numAlice, "price list please")
	c, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	if c.Record.ID != "c_jane" || c.RoutingRule != crm.RuleRecentConversation {
		t.Fatalf("Jane on Alice direct: record %s rule %s, want c_jane recent_conversation", c.Record.ID, c.RoutingRule)
	}

	// Jane writes to the West desk (team t_west: alice and bob): no thread
	// yet, both records owned by team members, contact beats lead (rule 4).
	e.inbound("SM2", phoneJane, numWest, "hello west")
	c, _ = e.conversationOn(tokAlice, numWest, phoneJane)
	if c.Record.ID != "c_jane" || c.RoutingRule != crm.RuleRecordType {
		t.Fatalf("Jane on West desk: record %s rule %s, want c_jane record_type", c.Record.ID, c.RoutingRule)
	}

	// Lena: two contacts, neither owned by Alice; the active one wins.
	e.inbound("SM3", phoneLena, numAlice, "hi")
	c, _ = e.conversationOn(tokAlice, numAlice, phoneLena)
	if c.Record.ID != "c_lena" || c.RoutingRule != crm.RuleActive {
		t.Fatalf("Lena: record %s rule %s, want c_lena active", c.Record.ID, c.RoutingRule)
	}

	// An unknown number: a new lead owned by the number's owner, named
	// after the number, with the number as its mobile.
	stranger := "+12025550123"
	e.inbound("SM4", stranger, numAlice, "who is this?")
	c, ok := e.conversationOn(tokAlice, numAlice, stranger)
	if !ok || c.RoutingRule != crm.RuleNewLead || c.Record.Type != crm.RecordLead {
		t.Fatalf("stranger: %+v", c)
	}
	lead, ok, err := e.svc.Record(context.Background(), c.Record.ID)
	if err != nil || !ok {
		t.Fatalf("new lead %s: %v %v", c.Record.ID, ok, err)
	}
	if lead.Owner != (crm.Owner{Kind: crm.OwnerUser, ID: "u_alice"}) || lead.Phones[crm.PhoneMobile] != stranger || lead.Name != stranger {
		t.Fatalf("new lead = %+v", lead)
	}
	var newLead bool
	for _, n := range e.notifications(tokAlice) {
		newLead = newLead || (n.Kind == crm.NotifyNewLead && n.ConversationID == c.ID)
	}
	if !newLead {
		t.Fatal("no new_lead notification")
	}
	// The stranger's second message finds the lead through the phone index.
	e.inbound("SM5", stranger, numAlice, "hello?")
	c2, _ := e.conversationOn(tokAlice, numAlice, stranger)
	if c2.ID != c.ID || c2.Record.ID != c.Record.ID || c2.RoutingRule != crm.RuleOnlyCandidate {
		t.Fatalf("second message from stranger: %+v", c2)
	}

	// Alice moves Jane's thread to the opportunity; Jane's reply follows
	// it there (rule 1), although c_jane still holds her number.
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	var moved struct {
		Conversation crm.Conversation `json:"conversation"`
	}
	if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/move", tokAlice,
		map[string]any{"to": map[string]string{"type": "opportunity", "id": "o_fab_renewal"}}, &moved); st != 200 {
		t.Fatalf("move: %d", st)
	}
	if moved.Conversation.Record.ID != "o_fab_renewal" {
		t.Fatalf("moved to %+v", moved.Conversation.Record)
	}
	e.inbound("SM6", phoneJane, numAlice, "any news?")
	c, _ = e.conversationOn(tokAlice, numAlice, phoneJane)
	if c.ID != jane.ID || c.Record.ID != "o_fab_renewal" || c.RoutingRule != crm.RuleRecentConversation {
		t.Fatalf("reply after move: %+v", c)
	}
	msgs := e.messages(tokAlice, c.ID)
	last := msgs[len(msgs)-1]
	if last.Routing == nil || last.Routing.Record.ID != "o_fab_renewal" || last.Routing.Candidates != 3 {
		t.Fatalf("stored routing decision %+v", last.Routing)
	}
	// Issue 14: the decision names what it was chosen over, the winner
	// never among them.
	over := last.Routing.Over
	if len(over) != 2 || !slices.Contains(over, crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}) ||
		slices.ContainsFunc(over, func(r crm.RecordRef) bool { return r.ID == "o_fab_renewal" }) {
		t.Fatalf("stored decision chosen over %v, want the two other candidates with c_jane", over)
	}
}

func TestOptOutAndBack(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneJane, numAlice, "  stop ")
	c, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !c.OptedOut {
		t.Fatal("STOP did not opt the number out")
	}
	var refused struct {
		Error apiError `json:"error"`
	}
	st := e.do("POST", "/api/v1/conversations/"+c.ID+"/messages", tokAlice, map[string]string{"body": "one more thing"}, &refused)
	if st != 409 || refused.Error.Code != string(crm.ErrOptedOut) || refused.Error.Message == "" {
		t.Fatalf("send to opted-out: %d %+v", st, refused)
	}
	if n := e.prov.count(); n != 0 {
		t.Fatalf("provider called %d times for an opted-out number", n)
	}
	// "STOP please" is a conversation, HELP a normal message: neither changes
	// anything.
	e.inbound("SM2", phoneJane, numAlice, "HELP")
	e.inbound("SM3", phoneJane, numAlice, "STOP please")
	c, _ = e.conversationOn(tokAlice, numAlice, phoneJane)
	if !c.OptedOut {
		t.Fatal("HELP or 'STOP please' changed the opt-out")
	}
	msgs := e.messages(tokAlice, c.ID)
	if got := msgs[len(msgs)-2]; got.Body != "HELP" || got.Direction != crm.Inbound {
		t.Fatalf("HELP not stored as a normal message: %+v", got)
	}

	e.inbound("SM4", phoneJane, numAlice, "Start")
	c, _ = e.conversationOn(tokAlice, numAlice, phoneJane)
	if c.OptedOut {
		t.Fatal("START did not opt back in")
	}
	if st := e.do("POST", "/api/v1/conversations/"+c.ID+"/messages", tokAlice, map[string]string{"body": "welcome back"}, nil); st != 202 {
		t.Fatalf("send after START: %d", st)
	}
	eventually(t, "provider call", func() bool { return e.prov.count() == 1 })
}

func TestStatusOutOfOrder(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.prov.reply = func(n int, m crm.OutboundSMS) (crm.SendResult, error) {
		return crm.SendResult{ProviderID: fmt.Sprintf("SMout%d", n), Status: crm.StatusQueued}, nil
	}
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	send := func(id string) {
		if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/messages", tokAlice, map[string]string{"id": id, "body": "hi " + id}, nil); st != 202 {
			t.Fatalf("send %s: %d", id, st)
		}
		eventually(t, "provider id on "+id, func() bool { return e.message(id).ProviderID != "" })
	}
	status := func(sid string, st crm.DeliveryStatus, code string) {
		if err := e.svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: sid, Status: st, ErrorCode: code}); err != nil {
			t.Fatal(err)
		}
	}
	send("cmd_a")
	status("SMout1", crm.StatusDelivered, "")
	status("SMout1", crm.StatusSent, "")
	if m := e.message("cmd_a"); m.Status != crm.StatusDelivered {
		t.Fatalf("delivered then sent: %s", m.Status)
	}

	send("cmd_b")
	status("SMout2", crm.StatusFailed, "30003")
	status("SMout2", crm.StatusSent, "")
	status("SMout2", crm.StatusSending, "")
	m := e.message("cmd_b")
	if m.Status != crm.StatusFailed || m.ErrorCode != "30003" || m.FailureReason != crm.ReasonUnreachable {
		t.Fatalf("failed then sent: %+v", m)
	}
	var failed bool
	for _, n := range e.notifications(tokAlice) {
		failed = failed || (n.Kind == crm.NotifyDeliveryFailed && n.Params["reason"] == string(crm.ReasonUnreachable))
	}
	if !failed {
		t.Fatal("no delivery_failed notification for the author")
	}
	// An unknown provider id is accepted (no retry storm) and changes nothing.
	status("SMnobody", crm.StatusDelivered, "")
}

func TestStatusBeforeSendResult(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	// The provider calls back "delivered" before its REST answer is stored.
	e.prov.reply = func(n int, m crm.OutboundSMS) (crm.SendResult, error) {
		if err := e.svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: "SMfast", Status: crm.StatusDelivered}); err != nil {
			t.Error(err)
		}
		return crm.SendResult{ProviderID: "SMfast", Status: crm.StatusQueued}, nil
	}
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	e.do("POST", "/api/v1/conversations/"+jane.ID+"/messages", tokAlice, map[string]string{"id": "cmd_fast", "body": "quick"}, nil)
	eventually(t, "early receipt applied", func() bool { return e.message("cmd_fast").Status == crm.StatusDelivered })
}

func TestPreparedInboundConflictsAreRedone(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	// Many messages on the same few conversations at once: preparations
	// conflict and must be redone in the transaction, and nothing is lost
	// or duplicated.
	var wg sync.WaitGroup
	const n = 60
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := []string{phoneJane, "+12025550123"}[i%2]
			if err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMc%02d", i), From: from, To: numAlice, Body: fmt.Sprint(i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	total := 0
	leads := map[string]bool{}
	for _, c := range e.conversations(tokAlice) {
		for _, m := range e.messages(tokAlice, c.ID) {
			if strings.HasPrefix(m.ProviderID, "SMc") {
				total++
			}
		}
		if c.CustomerNumber == "+12025550123" {
			leads[c.Record.ID] = true
		}
	}
	if total != n {
		t.Fatalf("%d messages stored, want %d", total, n)
	}
	if len(leads) != 1 {
		t.Fatalf("the unknown number made %d leads, want 1", len(leads))
	}
	if e.svc.preparedApplied.Load()+e.svc.preparedRedone.Load() != n {
		t.Fatalf("applied %d + redone %d != %d", e.svc.preparedApplied.Load(), e.svc.preparedRedone.Load(), n)
	}
	t.Logf("prepared applied %d, redone %d", e.svc.preparedApplied.Load(), e.svc.preparedRedone.Load())
}
