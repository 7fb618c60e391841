package tui

import (
	"context"
	"testing"
)

// Alice edits her template through the real backend and sync: Bob, her
// team mate, sees the new body in his open picker; she deletes it and it
// leaves his picker.
func TestServerTemplateEditAndDeleteReachTeamMate(t *testing.T) {
	s := startStack(t, 120, 32)
	bob := s.startPeer(tokBob, 120, 32)
	bob.tm.Send(keyMsg("r"))
	bob.tm.Type("jane")
	bob.waitScreen("Bob's search", "☺ Jane Cooper")
	bob.tm.Send(keyMsg("enter"))
	bob.waitScreen("Bob's record screen", "☺ Jane Cooper  Contact")
	bob.tm.Send(keyMsg("enter"))
	bob.waitScreen("Bob's pane", "│ ☺ Jane Cooper  Contact")
	bob.tm.Send(keyMsg("T"))
	bob.tm.Type("Follow")
	bob.waitScreen("Bob's picker on Alice's template", "1 template", "▸ Follow-up after call", "thanks for your time today")

	s.openJane()
	s.keys("T")
	s.tm.Type("Follow")
	s.waitScreen("Alice's picker, her template offered for editing", "▸ Follow-up after call", "ctrl+e edit template")
	s.keys("ctrl+e")
	s.waitScreen("the form, filled", "Templates > Edit template", "thanks for your time today")
	s.keys("tab", "tab", "tab", "ctrl+u")
	s.tm.Type("Hey {{ContactFirstName}}, quick update.")
	s.keys("ctrl+s")
	s.waitScreen("the edit synced", "“Follow-up after call” is updated for your team.", "Hey Jane, quick update.")
	bob.waitScreen("the new body in Bob's picker", "▸ Follow-up after call", "Hey Jane, quick update.")

	s.keys("ctrl+d")
	s.waitScreen("the question", "Delete “Follow-up after call” for everyone?")
	s.keys("y")
	s.waitScreen("the deletion synced", "“Follow-up after call” is deleted for your team.", "0 templates")
	bob.waitScreen("the template gone from Bob's picker", "0 templates")
	snap, err := s.svc.Snapshot(context.Background(), "u_bob")
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range snap.Templates {
		if tp.ID == "tp_followup" {
			t.Fatalf("the backend still has %+v", tp)
		}
	}
}
