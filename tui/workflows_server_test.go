package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// The workflows against the real backend, hub and sync client on loopback
// (startStack), as Alice of testdata/server.json.

const tokBob = "bob-token-0123456789" // Alice's team mate in West

// peer is a second user's TUI on the same server.
type peer struct {
	t      *testing.T
	db     *localdb.DB
	tm     *teatest.TestModel
	screen *screenRecorder
}

// startPeer runs another client, with its own cache, for token.
func (s *stack) startPeer(token string, w, h int) *peer {
	t := s.t
	t.Helper()
	c := startClient(t, s.url, token, clientSetup{cache: "peer.db", syncSeed: [2]uint64{3, 4}, modelSeed: 11}, w, h)
	db, tm, rec := c.db, c.tm, c.screen
	p := &peer{t: t, db: db, tm: tm, screen: rec}
	p.waitScreen("the peer's first sync", "Online")
	return p
}

func (p *peer) waitScreen(what string, wants ...string) {
	p.t.Helper()
	s := &stack{t: p.t, screen: p.screen}
	s.waitScreen(what, wants...)
}

// serverRecordOf is the record the backend files conversation id under, as
// Alice sees it.
func (s *stack) serverRecordOf(id string) string {
	s.t.Helper()
	snap, err := s.svc.Snapshot(context.Background(), "u_alice")
	if err != nil {
		s.t.Fatalf("snapshot: %v", err)
	}
	for _, c := range snap.Conversations {
		if c.ID == id {
			return c.Record.ID
		}
	}
	return ""
}

// janeConversation is the id of Alice's thread with Jane Cooper.
func (s *stack) janeConversation() string {
	s.t.Helper()
	rows, err := s.db.Conversations()
	if err != nil {
		s.t.Fatal(err)
	}
	for _, r := range rows {
		if r.BusinessNumber == srvAlice && r.CustomerNumber == srvJane {
			return r.ID
		}
	}
	s.t.Fatal("no conversation between Alice and Jane in the cache")
	return ""
}

// waitServerRecord waits until the outbox is empty and the backend files
// conversation id under record.
func (s *stack) waitServerRecord(id, record string) {
	s.t.Helper()
	s.waitFor("the backend to file "+id+" under "+record, func() bool {
		n, err := s.db.OutboxLen()
		return err == nil && n == 0 && s.serverRecordOf(id) == record
	})
}

// moveOpenTo moves the open conversation with the Change lookup.
func (s *stack) moveOpenTo(query, pick string) {
	s.t.Helper()
	s.keys("c")
	s.tm.Type(query)
	s.waitScreen("the lookup", "Move 1 conversation to:", pick)
	s.keys("enter")
	s.waitScreen("the confirmation", "Move 1 conversation to "+pick)
	s.keys("enter")
}

func TestServerMoveThenInboundReplyLandsOnNewRecord(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	id := s.janeConversation()
	s.moveOpenTo("fabrikam", "▣ Fabrikam")
	s.waitScreen("the pane on the account", "Moved 1 conversation to Fabrikam", "│ ▣ Fabrikam  Account")
	s.waitServerRecord(id, "a_fabrikam")

	// Jane replies: routing's first rule (most recent conversation on the
	// pair) files it on the record the thread was moved to.
	err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{
		ProviderID: "SMreply0001", From: srvJane, To: srvAlice, Body: "Got the price list, thanks", Segments: 1,
	})
	if err != nil {
		t.Fatalf("inbound: %v", err)
	}
	s.waitScreen("the reply in the moved thread", "│ ▣ Fabrikam  Account", "Got the price list, thanks")
	row, ok, err := s.db.Conversation(id)
	if err != nil || !ok || row.Record.ID != "a_fabrikam" || row.LastMessage == nil || row.LastMessage.Body != "Got the price list, thanks" {
		t.Fatalf("the reply's thread: %+v %v %v", row, ok, err)
	}
	if got := s.serverRecordOf(id); got != "a_fabrikam" {
		t.Fatalf("the backend files the thread under %s", got)
	}
}

func TestServerUndoMovesBack(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	id := s.janeConversation()
	s.moveOpenTo("fabrikam", "▣ Fabrikam")
	s.waitScreen("the confirmation with its undo key", "Moved 1 conversation to Fabrikam · z: undo")
	s.keys("z")
	s.waitScreen("the undone move", "Move undone: 1 conversation", "│ ☺ Jane Cooper  Contact")
	s.waitServerRecord(id, "c_jane")
}

func TestServerMoveAcrossTypesOfflineAndBackFromRecordScreen(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	id := s.janeConversation()
	s.keys("ctrl+o")
	s.waitScreen("the offline header", "Offline")
	// Contact → account, offline: queued like a send, shown at once.
	s.moveOpenTo("fabrikam", "▣ Fabrikam")
	s.waitScreen("the queued move", "│ ▣ Fabrikam  Account", "Offline · ", " queued")
	queued, err := s.db.Outbox()
	if err != nil || !slices.ContainsFunc(queued, func(c crm.Command) bool {
		return c.Kind == crm.CmdMoveConversation && c.Move.ConversationID == id && c.Move.To.ID == "a_fabrikam"
	}) {
		t.Fatalf("the outbox lacks the move: %+v %v", queued, err)
	}
	// The account's record screen lists it in its Activity tab.
	s.keys("r")
	s.waitScreen("the account's record screen", "▣ Fabrikam  Account · Active", "City", "San Francisco", "Activity (1)")
	s.keys("tab")
	s.waitScreen("its activity", "[Activity (1)]", srvAlice+" → "+srvJane)
	s.keys("ctrl+o")
	s.waitServerRecord(id, "a_fabrikam")

	// Account → contact, from the record screen.
	s.keys("c")
	s.tm.Type("jane cooper")
	s.waitScreen("the lookup", "☺ Jane Cooper")
	s.keys("enter", "enter")
	s.waitScreen("the account without it", "▣ Fabrikam  Account", "[Activity (0)]", "Moved 1 conversation to Jane Cooper")
	s.waitServerRecord(id, "c_jane")
	s.keys("esc")
	s.waitScreen("the pane on the contact", "│ ☺ Jane Cooper  Contact")
}

func TestServerTemplateEmptyFieldUsesDefault(t *testing.T) {
	s := startStack(t, 120, 32)
	// Lena Park has no account: {{AccountName}} falls back to "your".
	s.keys("r")
	s.tm.Type("lena")
	s.waitScreen("the search", "☺ Lena Park", "West (team)")
	s.keys("enter")
	s.waitScreen("Lena's record screen", "☺ Lena Park  Contact · Active", "+14155550199")
	s.keys("enter")
	s.waitScreen("a new thread", "│ ☺ Lena Park  Contact", "New conversation")
	s.keys("T")
	want := "Hi Lena, thanks for your time today. I'll send the your proposal shortly. Alice"
	s.waitScreen("the preview", "Follow-up after call", want)
	s.keys("enter")
	s.waitScreen("the filled compose box", "characters · 1 SMS")
	s.keys("enter")
	s.waitFor("the provider to send the template", func() bool {
		sms, _, ok := s.prov.sendOf(want)
		return ok && sms.To == "+14155550199" && sms.From == srvAlice
	})
}

func TestServerTemplateCreatedAppearsInTeamMatesClient(t *testing.T) {
	s := startStack(t, 120, 32)
	bob := s.startPeer(tokBob, 120, 32)
	s.openJane()
	s.keys("T")
	s.waitScreen("the picker", "Follow-up after call")
	s.keys("ctrl+n")
	s.waitScreen("the form", "Templates > New template")
	s.tm.Type("Renewal nudge")
	s.keys("tab", "tab", "tab")
	s.tm.Type("Hello {{Nickname}}")
	s.keys("ctrl+s")
	s.waitScreen("the refusal naming the field", "{{Nickname}} is not a field of Contact templates")
	for range len("{{Nickname}}") {
		s.keys("backspace")
	}
	s.keys("tab", "enter", "ctrl+s")
	s.waitScreen("the template synced", "Template “Renewal nudge” is ready for your team.", "Renewal nudge")
	// The picker it was created from has it selected, its preview shown.
	s.waitScreen("the new template selected", "▸ Renewal nudge", "Hello Jane")

	// Bob, in the same team, can use it at once on a contact.
	bob.tm.Send(keyMsg("r"))
	bob.tm.Type("jane")
	bob.waitScreen("Bob's search", "☺ Jane Cooper")
	bob.tm.Send(keyMsg("enter"))
	bob.waitScreen("Bob's record screen", "☺ Jane Cooper  Contact")
	bob.tm.Send(keyMsg("enter"))
	bob.waitScreen("Bob's pane", "│ ☺ Jane Cooper  Contact")
	bob.tm.Send(keyMsg("T"))
	bob.waitScreen("the template in Bob's picker", "Renewal nudge")
	bob.tm.Type("nudge")
	bob.waitScreen("its preview for Jane", "1 template", "Hello Jane")
	ts, err := bob.db.Templates()
	if err != nil || !slices.ContainsFunc(ts, func(tp crm.Template) bool { return tp.Name == "Renewal nudge" && tp.Team == "t_west" }) {
		t.Fatalf("Bob's templates: %+v %v", ts, err)
	}
}

func TestServerWorklistStepCompletedBySend(t *testing.T) {
	s := startStack(t, 120, 32)
	s.keys("w")
	s.waitScreen("the work list", "Sales accelerator > Work list", "Jane Cooper", "Up next", "Template: Follow-up after call")
	s.keys("enter")
	s.waitScreen("the step's thread", "│ ☺ Jane Cooper  Contact", "characters · 1 SMS")
	s.keys("enter")
	body := "Hi Jane, thanks for your time today. I'll send the Fabrikam proposal shortly. Alice"
	s.waitFor("the provider to send the step's message", func() bool {
		_, _, ok := s.prov.sendOf(body)
		return ok
	})
	s.waitScreen("the step sending", "Text sending; the step is done once it is accepted. Nothing else is due.")
	s.waitFor("the backend to complete the step", func() bool {
		w := s.serverStep("wi_jane_text")
		return w.CompletedAt != nil && w.State == crm.StepDone
	})
	s.waitFor("the cache to drop the step", func() bool {
		items, err := s.db.WorkItems()
		return err == nil && !slices.ContainsFunc(items, func(w crm.WorkItem) bool { return w.ID == "wi_jane_text" })
	})
	s.keys("w")
	s.waitScreen("the empty work list", "No text message step is due")
}

func TestServerRelatedOpportunityThreadOnSameNumber(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.keys("o")
	s.waitScreen("the drop-down", "Related records (same numbers):", "◆ Fabrikam renewal 2027  Opportunity")
	s.keys("enter")
	s.waitScreen("the opportunity's thread", "│ ◆ Fabrikam renewal 2027  Opportunity", "New conversation", "To "+srvJane)
	s.sendText("About the 2027 renewal")
	s.waitFor("the provider to send on the opportunity", func() bool {
		sms, _, ok := s.prov.sendOf("About the 2027 renewal")
		return ok && sms.From == srvAlice && sms.To == srvJane
	})
	s.waitFor("the thread filed under the opportunity", func() bool {
		rows, err := s.db.RecordConversations("o_fab_renewal")
		n, _ := s.db.OutboxLen()
		return err == nil && len(rows) == 1 && n == 0
	})
	// The opportunity's record screen lists it in its Activity tab.
	s.keys("esc", "r")
	s.waitScreen("the opportunity's record screen", "◆ Fabrikam renewal 2027  Opportunity", "[Activity (1)]", "You: About the 2027")
	s.keys("esc", "o")
	s.waitScreen("the contact offered back", "☺ Jane Cooper  Contact")
	s.keys("enter")
	s.waitScreen("Jane's thread again", "│ ☺ Jane Cooper  Contact", "Thursday 10am works.")
	if strings.Contains(s.screen.text(), "About the 2027 renewal") {
		t.Fatalf("the opportunity's message shows in the contact's thread:\n%s", s.screen.text())
	}
}

func TestServerRefusedTemplateIsReported(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.keys("T")
	s.waitScreen("the picker", "Follow-up after call")
	s.keys("ctrl+n")
	// Valid here, but the team already has a template of that name: the
	// server refuses it.
	s.tm.Type("Follow-up after call")
	s.keys("tab", "tab", "tab")
	s.tm.Type("Hi again")
	s.keys("ctrl+s")
	// The form comes back with the server's reason and what was typed.
	s.waitScreen("the refusal", "The server refused the template “Follow-up after call”.",
		"Your team already has a template with this name", "Hi again")
	s.tm.Type(" 2")
	s.keys("ctrl+s")
	s.waitScreen("the renamed template synced", "Template “Follow-up after call 2” is ready for your team.")
}

func TestServerMoveGrantsAndRevokesOtherUsersLive(t *testing.T) {
	s := startStack(t, 120, 32)
	bob := s.startPeer(tokBob, 120, 32)
	bob.waitScreen("Bob's grid", "Tom Becker")
	if strings.Contains(bob.screen.text(), srvJane) {
		t.Fatalf("Bob sees Alice's thread with Jane before any move:\n%s", bob.screen.text())
	}
	// Alice files her thread with Jane under Bob's lead: Bob, the record's
	// owner, now sees it, live.
	s.openJane()
	id := s.janeConversation()
	s.moveOpenTo("tom becker", "✦ Tom Becker")
	s.waitServerRecord(id, "l_tom")
	bob.waitScreen("the thread granted to Bob", srvJane, "Thursday 10am works.")
	// Undone: Bob loses it from his cache.
	s.keys("z")
	s.waitServerRecord(id, "c_jane")
	s.waitFor("Bob's cache to drop the thread", func() bool {
		_, ok, err := bob.db.Conversation(id)
		return err == nil && !ok && !strings.Contains(bob.screen.text(), srvJane)
	})
}
