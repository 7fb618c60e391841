package tui

import "testing"

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
