package tui

import (
	"testing"
	"time"

	"smsdesk/crm"
)

// Issue 14, "why is this message here?": e on an inbound message shows
// the rule in the seller's language and the records it was chosen over,
// naming a record the seller's cache does not hold as one they can't see.
func TestWhyHereShowsRuleAndWhatItWasChosenOver(t *testing.T) {
	h := newHarness(t, 120, 32)
	ev := h.inboundEvent(3, "cv_jane", "m_why", "Is the renewal ready?", testNow.Add(time.Minute))
	ev.Message.Routing = &crm.RoutingDecision{
		Record: crm.RecordRef{Type: crm.RecordContact, ID: "rc_jane"}, Rule: crm.RuleAddressedSeller, Candidates: 3,
		ConversationID: "cv_jane",
		Over:           []crm.RecordRef{{Type: crm.RecordAccount, ID: "ra_acme"}, {Type: crm.RecordLead, ID: "rl_secret"}},
	}
	if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("/")
	h.typeText("jane")
	h.press("enter", "enter")
	mustContain(t, h.screen(), "Is the renewal ready?")
	h.press("e")
	mustContain(t, h.screen(), "Why is this message here?", "It landed on Jane Roe (Contact).",
		"It belongs to the seller who owns the number the customer wrote", // wrapped
		"Chosen over:", "Acme Corp (Account)", "a record you can't see (Lead)")
	// The message it explains stays in sight above the panel.
	mustContain(t, h.screen(), "Is the renewal ready?")
	// Any key closes it; esc does not also close the pane.
	h.press("esc")
	mustNotContain(t, h.screen(), "Why is this message here?")
	mustContain(t, h.screen(), "Is the renewal ready?")

	// An outbound message was not routed: the notice line says so.
	h.press("k", "k", "e") // past Jane's previous reply to Ana's answer
	mustContain(t, h.screen(), "Only a message from the customer was routed.")
}
