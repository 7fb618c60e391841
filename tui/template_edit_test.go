package tui

import (
	"strings"
	"testing"
	"time"

	"smsdesk/crm"
)

// seedOwnTemplate adds a template of Ana's own (she is its author) to the
// workflow fixture, and opens Jane's picker filtered on it.
func seedOwnTemplate(t *testing.T, h *harness) {
	t.Helper()
	mine := crm.Template{ID: "tp_mine", Name: "Mine", Category: crm.RecordContact, Language: "en", Team: "t_west",
		CreatedBy: "u_ana", Body: "Hello {{ContactFirstName}}", UpdatedAt: testNow.Add(-time.Hour),
		Placeholders: []crm.Placeholder{{Field: "ContactFirstName", DisplayName: "First name", Default: "there"}}}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 50, Kind: crm.EventTemplate, Public: true, Template: &mine}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("j", "enter", "T")
	h.typeText("Mine")
}

// lastCommand is the last queued command of kind.
func (h *harness) lastCommand(kind crm.CommandKind) (crm.Command, bool) {
	var last crm.Command
	found := false
	for _, c := range h.outbox() {
		if c.Kind == kind {
			last, found = c, true
		}
	}
	return last, found
}

// Deleting asks first: esc keeps the template and queues nothing; y
// queues delete_template, and the server's answer takes it off the list.
func TestTemplateDeleteAsksFirst(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	seedOwnTemplate(t, h)
	mustContain(t, h.screen(), "▸ Mine", "ctrl+d delete template")
	// The full help (the ? overlay's list) has both keys.
	var full []string
	for _, g := range h.m.ctx.Keys.helpFor(focusTemplates, false).FullHelp() {
		for _, b := range g {
			if b.Enabled() {
				full = append(full, b.Help().Key+" "+b.Help().Desc)
			}
		}
	}
	mustContain(t, strings.Join(full, "\n"), "ctrl+e edit template", "ctrl+d delete template")
	h.press("ctrl+d")
	mustContain(t, h.screen(), "Delete “Mine” for everyone? y/enter delete · esc keep")
	h.press("x") // not an answer: the question stays, the filter untouched
	mustContain(t, h.screen(), "Delete “Mine” for everyone?")
	h.press("esc")
	screen := h.screen()
	mustContain(t, screen, "“Mine” kept.", "▸ Mine")
	mustNotContain(t, screen, "for everyone?")
	if _, ok := h.lastCommand(crm.CmdDeleteTemplate); ok || h.m.focus != focusTemplates {
		t.Fatalf("esc queued a delete or left the picker (focus %v)", h.m.focus)
	}
	h.press("ctrl+d", "y")
	h.sync()
	del, ok := h.lastCommand(crm.CmdDeleteTemplate)
	if !ok || del.TemplateID != "tp_mine" {
		t.Fatalf("delete_template not queued: %+v", del)
	}
	mustContain(t, h.screen(), "Deleting “Mine”", "▸ Mine")
	if err := h.db.Acknowledge(crm.CommandResult{ID: del.ID, OK: true}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	screen = h.screen()
	mustContain(t, screen, "“Mine” is deleted for your team.", "0 templates")
	mustNotContain(t, screen, "▸ Mine")
}

// A template the seller may not change offers neither key; pressed anyway,
// they say why instead of doing nothing.
func TestTemplateEditNotAllowedSaysWhy(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "T")
	h.typeText("Follow")
	screen := h.screen()
	mustContain(t, screen, "▸ Follow-up")
	mustNotContain(t, screen, "edit template", "delete template")
	for _, k := range []string{"ctrl+e", "ctrl+d"} {
		h.press(k)
		screen = h.screen()
		mustContain(t, screen, "You may not change “Follow-up”: only its author, a manager of its team or an admin may.")
		mustNotContain(t, screen, "for everyone?", "Edit template")
	}
	if _, ok := h.lastCommand(crm.CmdDeleteTemplate); ok {
		t.Fatal("a forbidden delete was queued")
	}
}

// Editing opens the form filled with the template; saving queues
// update_template under the same id; a refusal reopens the form with the
// reason in the seller's words.
func TestRefusedTemplateEditReopensWithReason(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	seedOwnTemplate(t, h)
	h.press("ctrl+e")
	screen := h.screen()
	mustContain(t, screen, "Templates > Edit template", "Mine", "Hello {{ContactFirstName}}", "default: there")
	h.typeText(" 2")
	h.press("ctrl+s")
	h.sync()
	up, ok := h.lastCommand(crm.CmdUpdateTemplate)
	if !ok || up.Template.ID != "tp_mine" || up.Template.Name != "Mine 2" || up.Template.Body != "Hello {{ContactFirstName}}" {
		t.Fatalf("update_template = %+v", up.Template)
	}
	if ph := up.Template.Placeholders; len(ph) != 1 || ph[0].Default != "there" || ph[0].DisplayName != "First name" {
		t.Errorf("placeholders lost in the edit: %+v", ph)
	}
	if _, ok := h.lastCommand(crm.CmdCreateTemplate); ok {
		t.Fatal("an edit queued create_template")
	}
	mustContain(t, h.screen(), "Changes to “Mine 2” saved")
	h.refuse(up, &crm.CommandError{Code: crm.ErrForbidden, Field: "template.id", Message: "no"})
	screen = h.screen()
	if h.m.focus != focusTemplateForm {
		t.Fatalf("the refusal did not reopen the form (focus %v)", h.m.focus)
	}
	mustContain(t, screen, "Templates > Edit template", "Mine 2",
		"The server refused the template “Mine 2”. Only its author, a manager of its team or an admin may change it.")
	h.press("ctrl+s")
	h.sync()
	again, _ := h.lastCommand(crm.CmdUpdateTemplate)
	if again.ID == up.ID || again.Template.ID != "tp_mine" {
		t.Fatalf("saved again: %+v", again)
	}
}

// A refused deletion says why on the notice line; the template stays.
func TestRefusedTemplateDeleteSaysWhy(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	seedOwnTemplate(t, h)
	h.press("ctrl+d", "enter")
	h.sync()
	del, ok := h.lastCommand(crm.CmdDeleteTemplate)
	if !ok {
		t.Fatal("enter did not queue the delete")
	}
	h.refuse(del, &crm.CommandError{Code: crm.ErrNotFound, Field: "template_id", Message: "gone"})
	mustContain(t, h.screen(), "The server did not delete “Mine”. It no longer exists: someone deleted it.", "▸ Mine")
}

// The delete question shows a template's name as text: an escape sequence
// in it is not sent to the terminal.
func TestTemplateDeleteQuestionSanitisesTheName(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	evil := crm.Template{ID: "tp_evil", Name: "Evil\x1b]52;c;aGk=\x07 one", Category: crm.RecordContact, Language: "en",
		Team: "t_west", CreatedBy: "u_ana", Body: "Hi"}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 60, Kind: crm.EventTemplate, Public: true, Template: &evil}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("j", "enter", "T")
	h.typeText("Evil")
	h.press("ctrl+d")
	if strings.Contains(h.m.wf.picker.render(120, 30), "\x1b]52") {
		t.Fatal("the delete question sends the name's escape sequence to the terminal")
	}
	mustContain(t, h.screen(), "for everyone?")
}
