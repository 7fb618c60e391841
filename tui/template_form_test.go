package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
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

// formHarness opens the template form from Jane's picker in tag's language.
func formHarness(t *testing.T, tag language.Tag, w, hgt int) *harness {
	t.Helper()
	clk := &testClock{t: testNow}
	h := newHarnessOn(t, openCache(t, clk), clk, nil, w, hgt, tag)
	seedWorkflows(t, h)
	h.press("j", "enter", "T", "ctrl+n")
	return h
}

// In every language the labels make one column as wide as the widest
// label (in cells: "Catégorie" is 9 wide and 10 bytes long), and every
// input starts in the column after it, whichever field has the focus.
func TestTemplateFormLabelsAndInputsInColumns(t *testing.T) {
	for _, tag := range []language.Tag{language.English, language.French, language.Make("gl")} {
		h := formHarness(t, tag, 120, 32)
		h.typeText("Quick hello")
		h.press("tab", "tab", "tab")
		h.typeText("Hi there")
		tr := printer(t, tag)
		lw := 0
		for _, k := range formLabels {
			lw = max(lw, ansi.StringWidth(tr.T(k)))
		}
		col := 2 + lw + 1 + 2
		contact := tr.T("record.contact")
		// Row (below the title), label, what its input starts with.
		rows := []struct {
			row          int
			label, input string
		}{
			{0, tr.T("template_form.name"), "Quick hello"},
			{1, tr.T("template_form.category"), contact},
			{2, tr.T("template_form.language"), "en"},
			{3, tr.T("template_form.body"), "Hi there"},
			{5, tr.T("template_form.fields"), tr.T("template_form.fields_hint", contact)[:12]},
			{6, "", "{{ContactFirstName}}"},
		}
		for range formFields + 1 { // round the form and back to the body
			lines := strings.Split(h.screen(), "\n")[headerLines:]
			for _, r := range rows {
				line := lines[r.row]
				label := strings.TrimSpace(strings.TrimPrefix(ansi.Cut(line, 0, 2+lw), "▸"))
				gutter := ansi.Cut(line, 2+lw, col)
				if label != r.label || (gutter != "   " && gutter != " ◂ " && gutter != " ▸ ") {
					t.Fatalf("%s: row %d: label %q then %q, want %q in %d cells:\n%s", tag, r.row, label, gutter, r.label, lw, h.screen())
				}
				if !strings.HasPrefix(ansi.Cut(line, col, 120), r.input) {
					t.Fatalf("%s: row %d: %q does not start at column %d:\n%s", tag, r.row, r.input, col, h.screen())
				}
			}
			h.press("tab")
		}
	}
}

// reversedMarker matches the focus marker in reverse video, what the
// focused label looks like without colours (NO_COLOR).
var reversedMarker = regexp.MustCompile(`\x1b\[(?:\d+;)*7(?:;\d+)*m▸ `)

// The focused field's label stands out even without colours, tab goes
// round the form and back to the first field, shift+tab the other way, and
// the help bar shows the form's keys, esc included, at 80 columns in the
// longest language too.
func TestTemplateFormShowsTheFocusedFieldAndItsKeys(t *testing.T) {
	h := formHarness(t, language.English, 80, 24)
	h.m.ctx.Styles = NewStyles(true, true)
	labelRows := [formFields]int{fieldName: 0, fieldCategory: 1, fieldLanguage: 2, fieldBody: 3, fieldPlaceholders: 5}
	focused := func() formField {
		t.Helper()
		lines := strings.Split(h.m.View().Content, "\n")[headerLines:]
		var got []formField
		for ff, r := range labelRows {
			if reversedMarker.MatchString(lines[r]) {
				got = append(got, formField(ff))
			}
		}
		if len(got) != 1 {
			t.Fatalf("%d labels stand out (%v):\n%s", len(got), got, h.screen())
		}
		return got[0]
	}
	for i := range formFields + 1 {
		if got, want := focused(), formField(i)%formFields; got != want {
			t.Fatalf("after %d tabs the %v field stands out, want %v:\n%s", i, got, want, h.screen())
		}
		h.press("tab")
	}
	h.press("shift+tab", "shift+tab") // back on the name, then round to the fields
	if got := focused(); got != fieldPlaceholders {
		t.Fatalf("shift+tab from the name went to %v", got)
	}
	lines := strings.Split(h.screen(), "\n")
	mustContain(t, lines[len(lines)-1], "ctrl+s save", "tab next field", "shift+tab previous field", "esc cancel")

	fr := formHarness(t, language.French, 80, 24)
	lines = strings.Split(fr.screen(), "\n")
	mustContain(t, lines[len(lines)-1], "ctrl+s enregistrer", "tab champ suivant", "maj+tab champ précédent", "échap annuler")
}
