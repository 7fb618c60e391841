package tui

import (
	"testing"
	"time"

	"smsdesk/crm"
)

// Closing the pane, opening another conversation or quitting keeps what
// the seller was typing, per conversation, in the cache; sending it drops
// the draft.
func TestDraftsAreKeptPerConversation(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "i") // Jane
	h.typeText("Half a thought")
	h.press("esc", "esc") // leave the compose box, close the pane
	if d, err := h.db.Draft("cv_jane"); err != nil || d != "Half a thought" {
		t.Fatalf("Jane's draft after closing = %q, %v", d, err)
	}
	h.press("j", "enter", "i") // Acme: its own, empty box
	if v := h.m.pane.compose.value(); v != "" {
		t.Fatalf("another conversation opened with %q", v)
	}
	h.typeText("For Acme")
	h.m.Close() // quitting keeps it too
	h.press("esc", "esc", "k", "enter")
	if v := h.m.pane.compose.value(); v != "Half a thought" {
		t.Fatalf("Jane's compose box reopened with %q", v)
	}
	if d, _ := h.db.Draft("cv_acme"); d != "For Acme" {
		t.Fatalf("Acme's draft = %q", d)
	}
	h.press("i", "enter") // send Jane's draft
	if d, _ := h.db.Draft("cv_jane"); d != "" {
		t.Fatalf("Jane's draft after sending = %q", d)
	}
}

// t on a focused failed text, then another number: the text goes along
// into that number's thread, ready to send.
func TestFailedTextGoesAlongToAnotherNumber(t *testing.T) {
	h := newHarness(t, 120, 32)
	acme := crm.Record{ID: "ra_acme", Type: crm.RecordAccount, Name: "Acme Corp", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"},
		Active: true, UpdatedAt: ago(time.Hour), Phones: phones("main", acmeMain, "business", "+33122222299")}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 50, Kind: crm.EventRecord, Public: true, Record: &acme}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("j", "j", "enter", "G")
	mustContain(t, h.screen(), "R sends it again · t texts another number")
	h.press("t")
	mustContain(t, h.screen(), "+33122222299")
	h.press("up", "enter")
	if h.m.focus != focusCompose || h.m.pane.compose.value() != "Quote sent by email, anything else?" {
		t.Fatalf("compose = %q (focus %v)", h.m.pane.compose.value(), h.m.focus)
	}
	if to, _ := h.m.pane.to.choice(); to.Number != "+33122222299" {
		t.Fatalf("to = %s, want the other number", to.Number)
	}
	mustContain(t, h.screen(), "The failed text is ready to send to +33122222299")
}
