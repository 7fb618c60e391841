package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/text/language"
	"testing"
	"time"

	"smsdesk/crm"
)

// seedWorkflows gives the fixture what the workflow screens draw on: fields
// and links on the records, templates and two work list steps.
func seedWorkflows(t testing.TB, h *harness) {
	t.Helper()
	ana := crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"}
	jane := crm.Record{ID: "rc_jane", Type: crm.RecordContact, Name: "Jane Roe", Owner: ana, Active: true,
		UpdatedAt: ago(48 * time.Hour), Phones: phones("business", janeBiz, "mobile", janeMob), AccountID: "ra_acme",
		Fields: map[string]string{"FirstName": "Jane", "LastName": "Roe", "JobTitle": "Buyer"}}
	deal := crm.Record{ID: "ro_deal", Type: crm.RecordOpportunity, Name: "Big Deal", Owner: crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"},
		Active: true, UpdatedAt: ago(48 * time.Hour), Phones: phones("mobile", dealMob), ContactID: "rc_jane", AccountID: "ra_acme",
		Fields: map[string]string{"EstimatedValue": "48,000 EUR", "CloseDate": "2026-06-30"}}
	renewal := crm.Record{ID: "ro_renewal", Type: crm.RecordOpportunity, Name: "Acme renewal", Owner: ana, Active: false,
		UpdatedAt: ago(72 * time.Hour), ContactID: "rc_jane", AccountID: "ra_acme"}
	followup := crm.Template{ID: "tp_follow", Name: "Follow-up", Category: crm.RecordContact, Language: "en", Team: "t_west",
		Body:         "Hi {{ContactFirstName}}, about {{AccountName}}: call me. {{UserFirstName}}",
		Placeholders: []crm.Placeholder{{Field: "ContactFirstName", Default: "there"}}}
	relance := crm.Template{ID: "tp_relance", Name: "Relance", Category: crm.RecordContact, Language: "fr",
		Body: "Bonjour {{ContactFirstName}}, {{ContactJobTitle}} ?", Placeholders: []crm.Placeholder{{Field: "ContactJobTitle", Default: "des nouvelles"}}}
	other := crm.Template{ID: "tp_east", Name: "East only", Category: crm.RecordContact, Language: "en", Team: "t_east", Body: "Not for Ana"}
	steps := []crm.WorkItem{
		{ID: "wi_jane", Record: jane.Ref(), Step: "text", TemplateID: "tp_follow", Due: testNow.Add(2 * time.Hour), Owner: "u_ana"},
		{ID: "wi_deal", Record: deal.Ref(), Step: "text", Due: testNow.Add(26 * time.Hour), Owner: "u_ana"},
		{ID: "wi_call", Record: deal.Ref(), Step: "call", Due: testNow.Add(time.Hour), Owner: "u_ana"},
	}
	ana2 := crm.User{ID: "u_ana", Name: "Ana García", FirstName: "Ana", LastName: "García", Teams: []string{"t_west"}, Roles: []crm.Role{crm.RoleSeller}}
	evs := []crm.Event{
		{Seq: 1, Kind: crm.EventUser, Public: true, User: &ana2},
		{Seq: 2, Kind: crm.EventRecord, Public: true, Record: &jane},
		{Seq: 3, Kind: crm.EventRecord, Public: true, Record: &deal},
		{Seq: 4, Kind: crm.EventRecord, Public: true, Record: &renewal},
		{Seq: 5, Kind: crm.EventTemplate, Public: true, Template: &followup},
		{Seq: 6, Kind: crm.EventTemplate, Public: true, Template: &relance},
		{Seq: 7, Kind: crm.EventTemplate, Public: true, Template: &other},
	}
	for i := range steps {
		evs = append(evs, crm.Event{Seq: uint64(8 + i), Kind: crm.EventWorkItem, Audience: []string{"u_ana"}, WorkItem: &steps[i]})
	}
	for i := range evs {
		evs[i].Seq = uint64(2 + i)
	}
	if err := h.db.ApplyEvents(evs); err != nil {
		t.Fatalf("seed workflows: %v", err)
	}
	h.sync()
}

func newWorkflowHarness(t *testing.T, w, hgt int) *harness {
	t.Helper()
	h := newHarness(t, w, hgt)
	seedWorkflows(t, h)
	return h
}

// newWorkflowHarnessLang is newWorkflowHarness in another language.
func newWorkflowHarnessLang(t *testing.T, tag language.Tag, w, hgt int) *harness {
	t.Helper()
	clk := &testClock{t: testNow}
	h := newHarnessOn(t, openCache(t, clk), clk, nil, w, hgt, tag)
	seedWorkflows(t, h)
	return h
}

func TestRecordsSearchAsYouTypeAndRecordScreen(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("r")
	mustContain(t, h.screen(), "Records > Search", "Acme Corp", "Big Deal", "Walk-in Lead", "6 records")
	h.typeText("big")
	screen := h.screen()
	mustContain(t, screen, "1 record", "◆ Big Deal", "Opportunity", "West (team)", dealMob)
	mustNotContain(t, screen, "Acme Corp")
	h.press("backspace", "backspace", "backspace")
	h.typeText("jane")
	h.press("enter")
	screen = h.screen()
	mustContain(t, screen, "☺ Jane Roe  Contact · Active", "Owner: Ana García", "Account: Acme Corp",
		"First name", "Jane", "Job title", "Buyer", "✉ "+janeBiz, "business", "✉ "+janeMob, "mobile", "Activity (1)")
	// The message icon of the mobile number: no conversation on it yet, so a
	// new thread from Ana's number.
	h.press("j", "enter")
	screen = h.screen()
	mustContain(t, screen, "☺ Jane Roe  Contact", "To "+janeMob, "New conversation")
	// Closing the pane returns to the record screen, and esc to the
	// records view, its query kept.
	h.press("esc")
	mustContain(t, h.screen(), "☺ Jane Roe  Contact · Active", "Phone numbers")
	h.press("esc")
	mustContain(t, h.screen(), "Search: jane", "☺ Jane Roe")
	// The business number's icon opens the existing conversation.
	h.press("enter", "enter")
	mustContain(t, h.screen(), "Perfect, see you then.")
	if h.m.pane.convID != "cv_jane" {
		t.Fatalf("the business number opened %q", h.m.pane.convID)
	}
}

func TestOpportunityActivityTabOpensConversation(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("r")
	h.typeText("big deal")
	h.press("enter")
	screen := h.screen()
	mustContain(t, screen, "◆ Big Deal  Opportunity", "Owner: West (team)", "Contact: Jane Roe", "Estimated value", "48,000 EUR")
	h.press("tab")
	mustContain(t, h.screen(), "[Activity (1)]", numAna+" → "+dealMob, "We signed the contract.")
	h.press("enter")
	mustContain(t, h.screen(), "◆ Big Deal  Opportunity", "We signed the contract.")
	if h.m.focus != focusPane || h.m.pane.convID != "cv_deal" {
		t.Fatalf("focus %v on %q, want the pane on cv_deal", h.m.focus, h.m.pane.convID)
	}
	// The pane's record name leads back to the record screen.
	h.press("r")
	mustContain(t, h.screen(), "Records > Opportunity", "◆ Big Deal  Opportunity")
	h.press("esc")
	if h.m.focus != focusPane {
		t.Fatalf("esc from the record screen left focus %v", h.m.focus)
	}
}

func TestMoveSelectedConversationsOfflineIsQueuedAndUndone(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	// Walk-in Lead and Jane Roe, the first two rows.
	h.press("space", "space")
	mustContain(t, h.screen(), "2 selected", "✓ ✦ Walk-in Lead", "✓ ☺ Jane Roe")
	h.press("c")
	mustContain(t, h.screen(), "Move 2 conversations to:")
	h.typeText("acme")
	mustContain(t, h.screen(), "▣ Acme Corp", "Acme renewal")
	h.press("enter")
	mustContain(t, h.screen(), "Move 2 conversations to ▣ Acme Corp (Account)?", "Walk-in Lead", "Jane Roe")
	h.press("enter")
	h.sync()
	screen := h.screen()
	mustContain(t, screen, "Moved 2 conversations to Acme Corp · z: undo", "Offline · 2 queued")
	mustNotContain(t, screen, "Walk-in Lead", "Jane Roe", "selected")
	var moves []crm.MoveConversation
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdMoveConversation {
			moves = append(moves, *c.Move)
		}
	}
	acme := crm.RecordRef{Type: crm.RecordAccount, ID: "ra_acme"}
	if len(moves) != 2 || moves[0].To != acme || moves[1].To != acme {
		t.Fatalf("queued moves %+v, want two to %v", moves, acme)
	}
	h.press("z")
	h.sync()
	screen = h.screen()
	mustContain(t, screen, "Move undone: 2 conversations", "✦ Walk-in Lead", "☺ Jane Roe", "Offline · 4 queued")
	// The confirmation is gone, and the undo with it.
	h.press("z")
	if n := len(h.outbox()); n != 4 {
		t.Fatalf("a second z queued more: %d commands", n)
	}
}

func TestMoveFromPaneAcrossTypesUpdatesPaneAndRecordScreens(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "c")
	h.typeText("walk")
	h.press("enter", "enter")
	h.sync()
	mustContain(t, h.screen(), "│ ✦ Walk-in Lead  Lead", "Perfect, see you then.")
	// The lead's record screen (no phone: the Activity tab) lists the
	// conversations now on it, newest first.
	h.press("r")
	mustContain(t, h.screen(), "✦ Walk-in Lead  Lead", "[Activity (2)]", numAna+" → "+janeBiz)
	// Back to the contact from the record screen's Activity tab.
	h.press("j")
	if r := h.m.wf.record; r.convs[r.list.cursor].ID != "cv_jane" {
		t.Fatalf("cursor on %s", r.convs[r.list.cursor].ID)
	}
	h.press("c")
	h.typeText("jane")
	h.press("enter", "enter")
	h.sync()
	mustContain(t, h.screen(), "Activity (1)", "Moved 1 conversation to Jane Roe")
	h.press("esc")
	mustContain(t, h.screen(), "│ ☺ Jane Roe  Contact")
}

func TestTemplatePickerOrdersFiltersPreviewsAndFills(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "T")
	screen := h.screen()
	// Contact templates of Ana's business unit or the org's; Ana has no
	// language set, so they are by name.
	mustContain(t, screen, "Templates", "Follow-up", "Relance", "2 templates",
		"Hi Jane, about Acme Corp: call me. Ana")
	mustNotContain(t, screen, "East only")
	h.typeText("rel")
	mustContain(t, h.screen(), "1 template", "Bonjour Jane, Buyer ?")
	h.press("enter")
	if h.m.focus != focusCompose || h.m.pane.compose.value() != "Bonjour Jane, Buyer ?" {
		t.Fatalf("compose = %q (focus %v)", h.m.pane.compose.value(), h.m.focus)
	}
	// ctrl+t from the compose box opens it again.
	h.press("ctrl+t")
	mustContain(t, h.screen(), "Preview")
	h.press("esc")
	if h.m.focus != focusCompose {
		t.Fatalf("esc from the picker left focus %v", h.m.focus)
	}
}

func TestTemplateEmptyFieldFallsBackToDefault(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	// Sam Stop has no first name, no account: the default and nothing.
	sam := crm.Record{ID: "rc_sam", Type: crm.RecordContact, Name: "Sam Stop", Active: true, Phones: phones("mobile", stopMob)}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 50, Kind: crm.EventRecord, Public: true, Record: &sam}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("G", "enter", "T")
	// The default is used and said so; the empty account name is marked
	// instead of leaving "about : call me" unnoticed.
	mustContain(t, h.screen(), "Hi there, about ⟨AccountName⟩: call me. Ana",
		"1 placeholder has no value: AccountName", "1 placeholder took its default: ContactFirstName")
}

// Enter on a template with an empty placeholder asks for it first; what
// the seller types fills the hole, and a blank leaves it empty.
func TestTemplateEmptyPlaceholderIsFilledBeforeUse(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	// The walk-in lead has no first name: the French lead template used to
	// give "Bonjour , Ana de Contoso." with nothing said.
	lead := crm.Template{ID: "tp_lead", Name: "Premier contact", Category: crm.RecordLead, Language: "fr",
		Body: "Bonjour {{LeadFirstName}}, {{UserFirstName}} de Contoso."}
	walkin := crm.Record{ID: "rl_walkin", Type: crm.RecordLead, Name: "Walk-in Lead", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"},
		Active: true, UpdatedAt: ago(time.Hour), Phones: phones("mobile", leadCust)}
	if err := h.db.ApplyEvents([]crm.Event{
		{Seq: 50, Kind: crm.EventTemplate, Public: true, Template: &lead},
		{Seq: 51, Kind: crm.EventRecord, Public: true, Record: &walkin},
	}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("enter", "T")
	mustContain(t, h.screen(), "Bonjour ⟨LeadFirstName⟩, Ana de Contoso.", "1 placeholder has no value: LeadFirstName")
	h.press("enter")
	if h.m.focus != focusTemplates {
		t.Fatalf("enter on a template with an empty placeholder left the picker (focus %v)", h.m.focus)
	}
	mustContain(t, h.screen(), "Fill the empty placeholder (1)", "LeadFirstName")
	h.typeText("Chloé")
	mustContain(t, h.screen(), "Bonjour Chloé, Ana de Contoso.")
	h.press("enter")
	if h.m.focus != focusCompose || h.m.pane.compose.value() != "Bonjour Chloé, Ana de Contoso." {
		t.Fatalf("compose = %q (focus %v)", h.m.pane.compose.value(), h.m.focus)
	}
	// esc from the fill step goes back to choosing, not out of the picker.
	h.press("ctrl+t", "enter", "esc")
	if h.m.focus != focusTemplates || h.m.wf.picker == nil || h.m.wf.picker.fill != nil {
		t.Fatalf("esc in the fill step: focus %v", h.m.focus)
	}
}

// The templates of the language smsdesk speaks (--lang) come first, not
// those of the seller's profile language.
func TestTemplatePickerPutsTheChosenLanguageFirst(t *testing.T) {
	h := newWorkflowHarnessLang(t, language.French, 120, 32)
	h.press("j", "enter", "T")
	screen := h.screen()
	if strings.Index(screen, "Relance") > strings.Index(screen, "Follow-up") {
		t.Fatalf("French templates are not first with --lang fr:\n%s", screen)
	}
}

func TestTemplateFormRefusesUnknownFieldAndQueuesCreate(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "T", "ctrl+n")
	mustContain(t, h.screen(), "Templates > New template", "Contact", "{{ContactFirstName}}", "{{UserFullName}}")
	h.typeText("Quick hello")
	h.press("tab", "tab", "tab")
	h.typeText("Hello {{ContactNickname}}")
	h.press("ctrl+s")
	mustContain(t, h.screen(), "{{ContactNickname}} is not a field of Contact templates")
	if n := len(h.outbox()); n != 1 { // the mark_read only
		t.Fatalf("a refused template was queued: %d commands", n)
	}
	for range len("{{ContactNickname}}") {
		h.press("backspace")
	}
	h.press("tab", "enter") // insert {{ContactFirstName}}
	// Switching the category offers that category's fields.
	h.press("shift+tab", "shift+tab", "shift+tab", "right")
	mustContain(t, h.screen(), "◂ Account ▸", "{{AccountCity}}")
	h.press("left", "tab", "tab", "tab")
	h.typeText("friend") // ContactFirstName's default
	mustContain(t, h.screen(), "default: friend")
	h.press("ctrl+s")
	h.sync()
	var created *crm.Template
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdCreateTemplate {
			created = c.Template
		}
	}
	if created == nil || created.Name != "Quick hello" || created.Body != "Hello {{ContactFirstName}}" || created.Category != crm.RecordContact ||
		len(created.Placeholders) != 1 || created.Placeholders[0] != (crm.Placeholder{Field: "ContactFirstName", Default: "friend"}) {
		t.Fatalf("create_template = %+v", created)
	}
	mustContain(t, h.screen(), "Template “Quick hello” saved")
}

func TestRelatedOpportunitiesSwitchRecordOnSameNumbers(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "o")
	screen := h.screen()
	mustContain(t, screen, "Related records (same numbers):", "◆ Big Deal  Opportunity", "◆ Acme renewal  Opportunity")
	h.press("enter")
	screen = h.screen()
	mustContain(t, screen, "◆ Acme renewal  Opportunity", "From "+numAna, "To "+janeBiz, "New conversation")
	h.press("i")
	h.typeText("About the renewal")
	h.press("enter")
	h.sync()
	var send *crm.SendMessage
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSendMessage {
			send = c.Send
		}
	}
	if send == nil || send.Record.ID != "ro_renewal" || send.From != numAna || send.To != janeBiz {
		t.Fatalf("send = %+v, want on ro_renewal from %s to %s", send, numAna, janeBiz)
	}
	// From the opportunity, the drop-down offers its contact back.
	h.press("esc", "o")
	mustContain(t, h.screen(), "☺ Jane Roe  Contact", "◆ Big Deal")
	h.press("enter")
	mustContain(t, h.screen(), "│ ☺ Jane Roe  Contact", "Perfect, see you then.")
	// A lead has no related records.
	h.press("esc", "/")
	h.typeText("walk")
	h.press("enter", "enter", "o")
	mustContain(t, h.screen(), "Related records are offered for contacts and opportunities.")
}

func TestWorklistStepOpensWithTemplateAndSendMovesOn(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("w")
	screen := h.screen()
	mustContain(t, screen, "Sales accelerator > Work list", "Today", "☺ Jane Roe", "◆ Big Deal",
		"Up next", "Send a text message", "Template: Follow-up", "To "+janeMob)
	mustNotContain(t, screen, "call")
	if strings.Index(screen, "Jane Roe") > strings.Index(screen, "Big Deal") {
		t.Fatalf("steps are not by due time:\n%s", screen)
	}
	h.press("enter")
	if h.m.focus != focusCompose || h.m.pane.compose.value() != "Hi Jane, about Acme Corp: call me. Ana" {
		t.Fatalf("compose = %q (focus %v)", h.m.pane.compose.value(), h.m.focus)
	}
	h.press("enter")
	h.sync()
	// Queued, the text is not accepted yet: the step is not done.
	mustContain(t, h.screen(), "Text sending; the step is done once it is accepted. Up next: Big Deal")
	mustNotContain(t, h.screen(), "Step done")
	var send *crm.SendMessage
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSendMessage {
			send = c.Send
		}
	}
	if send == nil || send.WorkItemID != "wi_jane" || send.To != janeMob {
		t.Fatalf("send = %+v, want one for wi_jane to %s", send, janeMob)
	}
	// Closing the pane returns to the work list, on the next step; the
	// step sent stays listed as sending.
	h.press("esc")
	screen = h.screen()
	mustContain(t, screen, "Sales accelerator > Work list", "◆ Big Deal", "No template", "☺ Jane Roe  ◌ Sending…")
	h.press("esc")
	if h.m.focus != focusGrid {
		t.Fatalf("esc from the work list left focus %v", h.m.focus)
	}
	// From the pane, w opens it too, and esc returns to the pane.
	h.press("enter", "w", "esc")
	if h.m.focus != focusPane {
		t.Fatalf("esc from the work list opened in the pane left focus %v", h.m.focus)
	}
}

func TestWorkflowHelpListsNewKeys(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("?")
	mustContain(t, h.screen(), "select all", "change record", "records", "work list", "undo move")
	h.press("x", "j", "enter", "?")
	mustContain(t, h.screen(), "templates", "related records", "record")
	h.press("x", "esc", "w", "?")
	mustContain(t, h.screen(), "open step")
}

func TestMouseOnWorkflowLists(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("r")
	h.screen() // the program draws after every key: the list knows its height
	// Body line 2 is the first result (search line, column titles).
	click := func(y int) { h.m.Update(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft}) }
	click(headerLines + recordsListTop + 2)
	r, _ := h.m.wf.records.selected()
	if r.Name != "Big Deal" {
		t.Fatalf("click selected %q", r.Name)
	}
	click(headerLines + recordsListTop + 2)
	mustContain(t, h.screen(), "◆ Big Deal  Opportunity")
}

func TestWorkflowGolden(t *testing.T) {
	cases := []struct {
		name string
		keys []string
	}{
		{"records_120x32", []string{"r"}},
		{"record_contact_120x32", []string{"r", "j", "a", "n", "e", "enter"}},
		{"record_activity_120x32", []string{"r", "b", "i", "g", "enter", "tab"}},
		{"move_lookup_120x32", []string{"space", "space", "c", "a", "c"}},
		{"move_confirm_120x32", []string{"c", "a", "c", "m", "e", "enter"}},
		{"moved_120x32", []string{"j", "enter", "c", "a", "c", "m", "e", "enter", "enter"}},
		{"template_picker_120x32", []string{"j", "enter", "T"}},
		{"template_form_error_120x32", []string{"j", "enter", "T", "ctrl+n", "H", "i", "tab", "tab", "tab", "{", "{", "N", "o", "p", "e", "}", "}", "ctrl+s"}},
		{"related_120x32", []string{"j", "enter", "o"}},
		{"worklist_120x32", []string{"w"}},
		{"worklist_80x24", []string{"w"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, hh := 120, 32
			if strings.HasSuffix(c.name, "80x24") {
				w, hh = 80, 24
			}
			h := newWorkflowHarness(t, w, hh)
			h.press(c.keys...)
			h.sync()
			screen := h.screen()
			for i, l := range strings.Split(screen, "\n") {
				if lw := ansiWidth(l); lw > w {
					t.Fatalf("line %d is %d wide: %q", i, lw, l)
				}
			}
			goldenEqual(t, screen)
		})
	}
}

func TestRelatedDropDownByMouseAndEscClearsSelection(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("space", "space")
	mustContain(t, h.screen(), "2 selected")
	h.press("esc")
	mustNotContain(t, h.screen(), "selected", "✓ ✦", "✓ ☺")
	h.press("g", "j", "enter", "o")
	lines := strings.Split(h.screen(), "\n")
	y := -1
	for i, l := range lines {
		if strings.Contains(l, "◆ Big Deal  Opportunity") {
			y = i
		}
	}
	click := tea.MouseClickMsg{X: 80, Y: y, Button: tea.MouseLeft}
	h.m.Update(click)
	if h.m.wf.related.cursor != 1 {
		t.Fatalf("click put the cursor on %d", h.m.wf.related.cursor)
	}
	h.m.Update(click)
	mustContain(t, h.screen(), "│ ◆ Big Deal  Opportunity", "New conversation")
}

func TestWorkflowScreensOnTinyTerminals(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {20, 6}, {40, 10}, {79, 20}} {
		h := newWorkflowHarness(t, size[0], size[1])
		for _, k := range []string{"r", "a", "enter", "tab", "enter", "esc", "w", "enter", "esc", "T", "ctrl+n", "tab", "right",
			"tab", "tab", "tab", "enter", "ctrl+s", "esc", "esc", "esc", "space", "*", "c", "enter", "enter", "j", "enter", "o", "esc"} {
			h.press(k)
			for i, l := range strings.Split(h.screen(), "\n") {
				if w := ansiWidth(l); w > size[0] && size[0] >= 20 {
					t.Fatalf("%dx%d after %q: line %d is %d wide: %q", size[0], size[1], k, i, w, l)
				}
			}
		}
	}
}

// The workflow screens in French and Galician, whose labels run longer, fit
// 80 columns without wrapping.
func TestWorkflowScreensFitInEveryLanguage(t *testing.T) {
	screens := [][]string{
		{"r"}, {"r", "enter"}, {"r", "b", "i", "g", "enter", "tab"}, {"c"}, {"c", "enter"}, {"j", "enter", "T"},
		{"j", "enter", "T", "ctrl+n", "ctrl+s"}, {"j", "enter", "o"}, {"w"}, {"j", "enter", "c", "a", "enter", "enter"},
	}
	for _, tag := range []language.Tag{language.French, language.Make("gl")} {
		for _, keys := range screens {
			clk := &testClock{t: testNow}
			h := newHarnessOn(t, openCache(t, clk), clk, nil, 80, 24, tag)
			seedWorkflows(t, h)
			h.press(keys...)
			lines := strings.Split(h.m.View().Content, "\n")
			if len(lines) != 24 {
				t.Fatalf("%s %v: %d lines", tag, keys, len(lines))
			}
			for i, l := range lines {
				if w := ansiWidth(l); w > 80 {
					t.Fatalf("%s %v: line %d is %d wide: %q", tag, keys, i, w, l)
				}
			}
		}
	}
}

func TestUndoOnlyWhileTheConfirmationShows(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter", "c")
	h.typeText("acme")
	h.press("enter", "enter")
	mustContain(t, h.screen(), "Moved 1 conversation to Acme Corp · z: undo")
	h.press("esc", "s") // the sort's notice hides the confirmation
	mustContain(t, h.screen(), "sorted by record name")
	mustNotContain(t, h.screen(), "z: undo")
	h.press("z")
	h.sync()
	if row, _, _ := h.db.Conversation("cv_jane"); row.Record.ID != "ra_acme" {
		t.Fatalf("z undid the move while a notice hid its confirmation: on %s", row.Record.ID)
	}
	h.press("z")
	h.sync()
	if row, _, _ := h.db.Conversation("cv_jane"); row.Record.ID != "rc_jane" {
		t.Fatalf("z with the confirmation on screen left it on %s", row.Record.ID)
	}
}

// Choosing a related record with no conversation on these numbers opens a
// new thread the grid has no row for: the grid no longer highlights the
// conversation the pane left, and once the thread is sent its new row is
// the one highlighted.
func TestRelatedNewThreadLeavesNoStaleGridHighlight(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("j", "enter")
	highlighted := func(id string) bool {
		r := h.m.grid.byID[id]
		if r == nil {
			return false
		}
		return strings.Contains(h.m.View().Content, h.m.grid.drawRow(r, h.m.layout().gridW, true))
	}
	if !highlighted("cv_jane") {
		t.Fatal("Jane's row is not highlighted while her pane is open")
	}
	h.press("o", "enter") // Acme renewal: a new thread
	mustContain(t, h.screen(), "◆ Acme renewal  Opportunity", "New conversation")
	if highlighted("cv_jane") {
		t.Fatal("the grid still highlights Jane while the pane shows the renewal's new thread")
	}
	h.press("i")
	h.typeText("About the renewal")
	h.press("enter")
	h.sync()
	if id := h.m.pane.convID; !highlighted(id) {
		t.Fatalf("the new thread's row %s is not the highlighted one after the send", id)
	}
}
