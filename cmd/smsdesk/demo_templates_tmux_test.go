package main

import (
	"strings"
	"testing"
)

// Issue 14's template gap, as the presenter shows it: Maya edits her
// template from Lucas Hill's picker, deletes it after answering the
// question, and is told why she may not edit a colleague's template.
func TestDemoTemplateEditDeleteInTmux(t *testing.T) {
	s, _ := demoInTmux(t, "demo-templates", 160, 45, false)

	s.waitScreen("the grid, online", contains("Online"))
	s.keys("/")
	s.text("lucas")
	s.keys("Enter")
	s.keys("Enter")
	s.waitScreen("Lucas's conversation", contains("Lucas Hill"))
	s.keys("T")
	s.waitScreen("the picker, Maya's template editable", func(sc string) bool {
		return strings.Contains(sc, "▸ Follow-up after call") && strings.Contains(sc, "ctrl+e edit template")
	})
	s.keys("C-e")
	s.waitScreen("the form, filled", contains("Templates > Edit template"))
	s.keys("Tab", "Tab", "Tab", "C-u")
	s.text("Hi {{ContactFirstName}}, edited in the demo.")
	s.keys("C-s")
	s.waitScreen("the edit synced", func(sc string) bool {
		return strings.Contains(sc, "is updated for your team") && strings.Contains(sc, "Hi Lucas, edited in the demo.")
	})
	s.keys("C-d")
	s.waitScreen("the question", contains("Delete “Follow-up after call” for everyone? y/enter delete · esc keep"))
	s.keys("Escape")
	s.waitScreen("kept", contains("“Follow-up after call” kept."))
	s.keys("C-d")
	s.waitScreen("the question again", contains("for everyone?"))
	s.keys("y")
	s.waitScreen("the deletion synced", func(sc string) bool {
		return strings.Contains(sc, "“Follow-up after call” is deleted for your team.") && !strings.Contains(sc, "▸ Follow-up after call")
	})
	s.keys("Escape")
	s.waitScreen("the pane", func(sc string) bool { return !strings.Contains(sc, "Filter: ") })
	s.keys("Escape")
	s.waitScreen("the pane closed", func(sc string) bool { return !strings.Contains(sc, "│ ☺ Lucas Hill") })

	// Louis Simon is a lead; "Premier contact" (org-wide) is Luc's.
	s.keys("/")
	s.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
	s.text("louis")
	s.waitScreen("Louis in the grid", contains("✦ Louis Simon"))
	s.keys("Enter")
	s.keys("Enter")
	s.waitScreen("Louis's conversation", contains("│ ✦ Louis Simon"))
	s.keys("T")
	s.waitScreen("the lead templates", contains("Premier contact"))
	s.text("Premier")
	s.keys("C-e")
	s.waitScreen("why not", contains("You may not change “Premier contact”: only its author, a manager of its team or an admin may."))
	s.keys("Escape")
	s.keys("C-c")
}
