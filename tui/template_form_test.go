package tui

import (
	"testing"

	"golang.org/x/text/language"

	"smsdesk/crm"
)

// createdTemplate is the last create_template command queued.
func (h *harness) createdTemplate() crm.Command {
	h.t.Helper()
	var last crm.Command
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdCreateTemplate {
			last = c
		}
	}
	if last.Template == nil {
		h.t.Fatal("no create_template in the outbox")
	}
	return last
}

// refuse acknowledges cmd with the server's refusal e, as sync would.
func (h *harness) refuse(cmd crm.Command, e *crm.CommandError) {
	h.t.Helper()
	if err := h.db.Acknowledge(crm.CommandResult{ID: cmd.ID, Error: e}); err != nil {
		h.t.Fatal(err)
	}
	h.sync()
}

var dupName = &crm.CommandError{Code: crm.ErrConflict, Field: "template.name", Message: `a template named "Follow-up" already exists`}

// newTemplate types a template in the form opened from Jane's picker and
// saves it.
func newTemplate(h *harness, name, body string) {
	h.t.Helper()
	h.press("j", "enter", "T", "ctrl+n")
	h.typeText(name)
	h.press("tab", "tab", "tab")
	h.typeText(body)
	h.press("ctrl+s")
	h.sync()
}

// A template the server refuses comes back in its form, still on screen
// where the seller saved it, with the server's reason in the seller's words,
// the field at fault focused and everything they typed.
func TestRefusedTemplateReopensWithReasonAndWhatWasTyped(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	newTemplate(h, "Follow-up", "Hi {{ContactFirstName}}")
	first := h.createdTemplate()
	h.refuse(first, dupName)
	if h.m.focus != focusTemplateForm || h.m.wf.form.field != fieldName {
		t.Fatalf("after the refusal: focus %v, field %v", h.m.focus, h.m.wf.form)
	}
	screen := h.screen()
	mustContain(t, screen, "The server refused the template “Follow-up”.",
		"Your team already has a template with this name: choose another one.", "Follow-up", "Hi {{ContactFirstName}}")
	mustNotContain(t, screen, "saved")
	h.typeText(" 2")
	h.press("ctrl+s")
	h.sync()
	again := h.createdTemplate()
	if again.ID == first.ID || again.Template.Name != "Follow-up 2" || again.Template.Body != "Hi {{ContactFirstName}}" {
		t.Fatalf("saved again: %+v", again.Template)
	}
	mustNotContain(t, h.screen(), "refused")
}

// A refusal that arrives once the seller has gone on does not take the
// keyboard: the notice line gives the reason and how to get the template
// back, and the picker's new-template key brings it back.
func TestRefusedTemplateWaitsWhileTheSellerIsElsewhere(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	newTemplate(h, "Follow-up", "Hi there")
	h.press("esc") // the picker closes: back to the pane
	h.refuse(h.createdTemplate(), dupName)
	if h.m.focus == focusTemplateForm {
		t.Fatal("the refusal took the keyboard away from the pane")
	}
	mustContain(t, h.screen(), "The server refused the template “Follow-up”. Your team already has a template with this name")
	h.press("T", "ctrl+n")
	mustContain(t, h.screen(), "Templates > New template", "Follow-up", "Hi there", "choose another one")
	// Once back, the form is the seller's again: a new one starts empty.
	h.press("esc", "ctrl+n")
	mustNotContain(t, h.screen(), "Hi there", "choose another one")
}

// A refusal the client has no words for shows the server's own message;
// a known one is in the seller's language.
func TestRefusedTemplateReasonWordsAndLanguage(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	newTemplate(h, "Follow-up", "Hi there")
	h.refuse(h.createdTemplate(), &crm.CommandError{Code: crm.ErrInternal, Message: "the server could not apply the command; retry later"})
	mustContain(t, h.screen(), "The server refused the template “Follow-up”. Reason given: the server could not apply the command; retry later")

	clk := &testClock{t: testNow}
	fr := newHarnessOn(t, openCache(t, clk), clk, nil, 120, 32, language.French)
	seedWorkflows(t, fr)
	newTemplate(fr, "Relance", "Bonjour")
	fr.refuse(fr.createdTemplate(), dupName)
	mustContain(t, fr.screen(), "Le serveur a refusé le modèle « Relance ».",
		"Votre équipe a déjà un modèle de ce nom : choisissez-en un autre.", "Bonjour")
}
