package tui

import "testing"

// The routing decision, with what it was chosen over, travels from the
// server's routing to the seller's pane: Jane's reply stays on her contact
// (it holds the conversation, rule 1) over Bob's lead with her number.
func TestServerWhyHereNamesTheRecordsARoutingWasChosenOver(t *testing.T) {
	s := startStack(t, 120, 32)
	s.janeWrites("SMwhy1", "Where is the quote?")
	s.openJane()
	s.waitScreen("the reply", "Where is the quote?")
	s.keys("e")
	s.waitScreen("the routing explanation", "Why is this message here?", "It landed on Jane Cooper (Contact).",
		"It holds the most recent conversation with this customer", "Chosen over:", "J. Cooper (trade show) (Lead)")
}
