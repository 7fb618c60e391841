package tui

import (
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"smsdesk/crm"
	"smsdesk/i18n"
	"smsdesk/safetext"
)

// formField is the template form's field that has the keyboard.
type formField int

const (
	fieldName formField = iota
	fieldCategory
	fieldLanguage
	fieldBody
	fieldPlaceholders
	formFields
)

// templateForm creates a template: name, category (record type), language
// and a body whose placeholders are picked from the fields that category
// offers (crm.TemplateFields).
type templateForm struct {
	ctx      *Context
	back     focus
	name     string
	category int // index in crm.RecordTypes
	language int // index in languages
	body     string
	field    formField
	fieldSel int // cursor in the placeholder list
	// defaults are what each placeholder becomes when the record's field
	// is empty, typed while the field is selected in the list.
	defaults map[string]string
	err      string
	langs    []string
	// editing is the template being edited as it was when the form
	// opened; nil for a new one.
	editing *crm.Template
}

// pendingTemplate is a created template on its way to the server; the
// seller is told if the server refuses it, and gets back what they typed.
type pendingTemplate struct {
	cmdID string
	tp    crm.Template // as sent (the deleted one for a deletion)
	kind  pendingKind
	form  *templateForm // nil for a deletion
	// closedTo is where saving left the keyboard: a refusal reopens the
	// form only if the seller is still there.
	closedTo focus
}

// openTemplateForm opens the form for a category; back is where it returns.
func (m *Model) openTemplateForm(category crm.RecordType, back focus) tea.Cmd {
	if d := m.wf.draft; d != nil {
		// A template the server refused comes back as the seller left it,
		// with the reason, whatever record the picker is on now: fixing
		// it must not mean typing it again.
		m.wf.draft = nil
		d.back = back
		m.wf.form = d
		m.focus = focusTemplateForm
		return nil
	}
	f := &templateForm{ctx: m.ctx, back: back, defaults: map[string]string{}}
	for _, tag := range i18n.Supported() {
		f.langs = append(f.langs, tag.String())
	}
	f.category = max(slices.Index(crm.RecordTypes[:], category), 0)
	f.language = max(slices.IndexFunc(f.langs, func(l string) bool { return sameLanguage(l, m.me.Language) }), 0)
	m.wf.form = f
	m.focus = focusTemplateForm
	return nil
}

func (f *templateForm) categoryType() crm.RecordType { return crm.RecordTypes[f.category] }

// fields are the placeholders the chosen category offers.
func (f *templateForm) fields() []string { return crm.TemplateFields(f.categoryType()) }

// formLabels are the form's field labels, in field order.
var formLabels = [formFields]i18n.Key{
	fieldName:         "template_form.name",
	fieldCategory:     "template_form.category",
	fieldLanguage:     "template_form.language",
	fieldBody:         "template_form.body",
	fieldPlaceholders: "template_form.fields",
}

// labelWidth is the widest label in the seller's language, in cells, so
// every input starts in one column whatever the translation.
func (f *templateForm) labelWidth() int {
	lw := 0
	for _, k := range formLabels {
		lw = max(lw, lipgloss.Width(f.ctx.T.T(k)))
	}
	return lw
}

// render draws the form in w×h: a column of labels, then a column of
// inputs. The focused field's label is highlighted and marked with ▸; a
// choice's arrows sit in the gutter between the columns, so its value
// starts in the input column like the others.
func (f *templateForm) render(w, h int) string {
	st, t := f.ctx.Styles, f.ctx.T
	lw := f.labelWidth()
	// Marker, label, a space, then a gutter of two for a choice's ◂:
	// where every input starts.
	col := 2 + lw + 1 + 2
	indent := strings.Repeat(" ", col)
	row := func(ff formField, input string) string {
		label := "  " + st.Muted.Render(fit(t.T(formLabels[ff]), lw))
		if f.field == ff {
			label = st.FieldFocused.Render("▸ " + fit(t.T(formLabels[ff]), lw))
		}
		return fit(label+" "+input, w)
	}
	cursor := func(ff formField) string {
		if f.field == ff {
			return "█"
		}
		return ""
	}
	choice := func(ff formField, s string) string {
		if f.field == ff {
			return "◂ " + s + " ▸"
		}
		return "  " + s
	}
	lines := []string{
		row(fieldName, "  "+safetext.Line(f.name)+cursor(fieldName)),
		row(fieldCategory, choice(fieldCategory, f.ctx.recordTypeLabel(f.categoryType()))),
		row(fieldLanguage, choice(fieldLanguage, f.langs[f.language])),
	}
	for i, l := range wrap(safetext.Block(f.body)+cursor(fieldBody), max(w-col, 10)) {
		if i == 0 {
			lines = append(lines, row(fieldBody, "  "+l))
			continue
		}
		lines = append(lines, fit(indent+l, w))
	}
	lines = append(lines, "", row(fieldPlaceholders,
		"  "+st.Muted.Render(t.T("template_form.fields_hint", f.ctx.recordTypeLabel(f.categoryType())))))
	for i, name := range f.fields() {
		def := ""
		if d := f.defaults[name]; d != "" {
			def = st.Muted.Render(t.T("template_form.default", safetext.Line(d)))
		}
		sel := f.field == fieldPlaceholders && i == f.fieldSel
		if sel {
			def = st.Muted.Render(t.T("template_form.default", safetext.Line(f.defaults[name])+"█"))
		}
		line := indent + fit("{{"+name+"}}", 30) + " " + def
		if sel {
			line = indent[2:] + st.RowSelected.Render("▸ "+fit("{{"+name+"}}", 30)) + " " + def
		}
		lines = append(lines, fit(line, w))
	}
	// The error is wrapped, not cut: a refusal names the template and says
	// what to fix, and both must be read to the end.
	tail := []string{""}
	if f.err != "" {
		for _, l := range wrap("⚠ "+safetext.Line(f.err), max(w, 1)) {
			tail = append(tail, fit(st.Warning.Render(l), w))
		}
	}
	if len(lines)+len(tail) > h {
		// Keep the error in sight: drop field lines above it first.
		lines = lines[:max(h-len(tail), 0)]
	}
	lines = append(lines, tail...)
	if len(lines) > h {
		lines = lines[len(lines)-max(h, 0):]
	}
	return strings.Join(lines, "\n")
}

func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	f, k := m.wf.form, m.ctx.Keys.Workflow
	switch {
	case key.Matches(msg, k.Form.Cancel):
		m.wf.form = nil
		m.closeScreen(f.back)
	case key.Matches(msg, k.Form.Save):
		return m.saveTemplate()
	// Tab wraps round, as in a browser's form: the five fields are all on
	// screen and the focused label is highlighted, so the seller sees
	// where the keyboard went, whereas a tab that does nothing on the last
	// field looks like a broken key. Shift+tab goes the other way.
	case key.Matches(msg, k.Form.Next):
		f.field = (f.field + 1) % formFields
	case key.Matches(msg, k.Form.Prev):
		f.field = (f.field + formFields - 1) % formFields
	case f.field == fieldCategory && (key.Matches(msg, k.Form.Left) || key.Matches(msg, k.Form.Right)):
		f.category = cycle(f.category, len(crm.RecordTypes), key.Matches(msg, k.Form.Right))
		f.fieldSel = 0
	case f.field == fieldLanguage && (key.Matches(msg, k.Form.Left) || key.Matches(msg, k.Form.Right)):
		f.language = cycle(f.language, len(f.langs), key.Matches(msg, k.Form.Right))
	case f.field == fieldPlaceholders:
		n := len(f.fields())
		switch {
		case key.Matches(msg, k.List.Up):
			f.fieldSel = max(f.fieldSel-1, 0)
		case key.Matches(msg, k.List.Down):
			f.fieldSel = min(f.fieldSel+1, n-1)
		case key.Matches(msg, k.Form.Insert) && f.fieldSel < n:
			if f.body != "" && !strings.HasSuffix(f.body, " ") && !strings.HasSuffix(f.body, "\n") {
				f.body += " "
			}
			f.body += "{{" + f.fields()[f.fieldSel] + "}}"
			f.err = ""
		case f.fieldSel < n:
			name := f.fields()[f.fieldSel]
			d := f.defaults[name]
			if editLine(&d, msg) {
				f.defaults[name] = d
			}
		}
	case f.field == fieldBody && msg.String() == "enter":
		f.body += "\n"
	case f.field == fieldBody:
		if editLine(&f.body, msg) {
			f.err = ""
		}
	case f.field == fieldName:
		if editLine(&f.name, msg) {
			f.err = ""
		}
	}
	return nil
}

// cycle steps i forward or back through n choices, wrapping around.
func cycle(i, n int, forward bool) int {
	if forward {
		return (i + 1) % n
	}
	return (i + n - 1) % n
}

// saveTemplate checks the template as the server will (crm.ValidateTemplate)
// and queues a create_template command; the template reaches the team, and
// this client, through the server's event.
func (m *Model) saveTemplate() tea.Cmd {
	f := m.wf.form
	kind, verb := crm.CmdCreateTemplate, pendingCreate
	id := ""
	if f.editing != nil {
		kind, verb, id = crm.CmdUpdateTemplate, pendingUpdate, f.editing.ID
	} else {
		id = crm.NewID("tp", m.ctx.Rand)
	}
	tp := crm.Template{
		ID:       id,
		Name:     strings.TrimSpace(f.name),
		Category: f.categoryType(),
		Language: f.langs[f.language],
		Body:     strings.TrimSpace(f.body),
	}
	if err := crm.ValidateTemplate(tp); err != nil {
		f.err = m.ctx.templateErrorText(err, tp.Category)
		return nil
	}
	for _, p := range crm.Placeholders(tp.Body) {
		ph := crm.Placeholder{Field: p, Default: strings.TrimSpace(f.defaults[p])}
		if f.editing != nil {
			// The form has no display names to type: an edit keeps them.
			for _, old := range f.editing.Placeholders {
				if old.Field == p {
					ph.DisplayName = old.DisplayName
				}
			}
		}
		tp.Placeholders = append(tp.Placeholders, ph)
	}
	cmd := crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: kind, Template: &tp}
	if err := m.ctx.DB.Enqueue(cmd); err != nil {
		f.err = m.ctx.T.T("error.queue", err.Error())
		return nil
	}
	m.wf.form = nil
	m.closeScreen(f.back)
	if m.wf.picker != nil {
		m.wf.picker.want = tp.ID
	}
	m.wf.pending = &pendingTemplate{cmdID: cmd.ID, tp: tp, kind: verb, form: f, closedTo: m.focus}
	if verb == pendingUpdate {
		m.setFlash(m.ctx.T.T("template_edit.saved", tp.Name), false)
	} else {
		m.setFlash(m.ctx.T.T("template_form.saved", tp.Name), false)
	}
	return m.flush()
}

// templateErrorText says why a template was refused, naming the field or
// the placeholder at fault.
func (c *Context) templateErrorText(err error, category crm.RecordType) string {
	var te *crm.TemplateError
	if !errors.As(err, &te) {
		return c.T.T("template_form.err_other", err.Error())
	}
	switch {
	case te.Field == "name":
		return c.T.T("template_form.err_name")
	case te.Field == "category":
		return c.T.T("template_form.err_category")
	case te.Placeholder != "" && strings.HasPrefix(te.Placeholder, "{{"):
		return c.T.T("template_form.err_malformed", te.Placeholder)
	case te.Placeholder != "":
		return c.T.T("template_form.err_unknown_field", te.Placeholder, c.recordTypeLabel(category))
	case te.Field == "body":
		return c.T.T("template_form.err_body")
	}
	return c.T.T("template_form.err_other", err.Error())
}

// templateRefusalText says why the server refused a template, in the
// seller's language for the refusals the server documents (its
// applyCreateTemplate), else in the server's own words. The refusal codes
// of a send (localdb's reasonForError, shown by reasonHint) speak of numbers
// and destinations and fit no template, so they are not used here; the
// form's own words are, where the server names the same fault.
func (c *Context) templateRefusalText(e *crm.CommandError) string {
	if s, ok := c.templateEditRefusalText(e); ok {
		return s
	}
	switch {
	case e == nil:
		return c.T.T("template_form.err_no_reason")
	case e.Code == crm.ErrConflict && e.Field == "template.name":
		return c.T.T("template_form.err_duplicate")
	case e.Code == crm.ErrInvalid && e.Field == "template.name":
		return c.T.T("template_form.err_name")
	case e.Code == crm.ErrInvalid && e.Field == "template.category":
		return c.T.T("template_form.err_category")
	case e.Code == crm.ErrInvalid && (e.Field == "id" || e.Field == "template.id"):
		return c.T.T("ids.invalid", e.Field)
	case e.Message != "":
		return c.T.T("template_form.err_server", e.Message)
	}
	return c.T.T("template_form.err_server", string(e.Code))
}

// refusedField is the form field a refusal names, where the seller starts
// fixing it; ok is false when it names none.
func refusedField(e *crm.CommandError) (formField, bool) {
	if e == nil {
		return 0, false
	}
	switch e.Field {
	case "template.name":
		return fieldName, true
	case "template.category":
		return fieldCategory, true
	case "template.language":
		return fieldLanguage, true
	case "template.body":
		return fieldBody, true
	case "template.placeholders":
		return fieldPlaceholders, true
	}
	return 0, false
}

// checkPendingTemplate tells the seller when the template they created is
// synced, or that the server refused it and why: the server's answer
// settles it, or the template arriving first.
func (m *Model) checkPendingTemplate(answers []crm.CommandResult) error {
	p := m.wf.pending
	if p == nil {
		return nil
	}
	for _, res := range answers {
		if res.ID != p.cmdID {
			continue
		}
		m.wf.pending = nil
		if !res.OK || res.Error != nil {
			m.templateRefused(p, res.Error)
			return nil
		}
		m.setFlash(m.settledText(p), false)
		return nil
	}
	// No answer yet. The template's own event may come first; otherwise
	// wait: the cache publishes the answer with the acknowledgement. The
	// command missing from the outbox proves nothing here, since this
	// change may be an older one read after the acknowledgement was stored.
	ts, err := m.ctx.DB.Templates()
	if err != nil {
		return err
	}
	if pendingSettled(p, ts) {
		m.wf.pending = nil
		m.setFlash(m.settledText(p), false)
	}
	return nil
}

// templateRefused gives the seller back the refused template's form, with
// the reason and the field at fault. It reopens at once only if the seller
// is still where saving left them (the picker, a moment later when online):
// a refusal that arrives while they type elsewhere must not take the
// keyboard, so the form waits for the picker's new-template key instead.
func (m *Model) templateRefused(p *pendingTemplate, e *crm.CommandError) {
	f := p.form
	reason := m.ctx.templateRefusalText(e)
	if f == nil {
		// A refused deletion: the template is still there; say why.
		m.setFlash(m.ctx.T.T("template_edit.delete_refuse", p.tp.Name, reason), true)
		return
	}
	f.err = m.ctx.T.T("template_form.refused", p.tp.Name, reason)
	if ff, ok := refusedField(e); ok {
		f.field = ff
	}
	if m.wf.form == nil && m.focus == p.closedTo {
		m.wf.form = f
		m.focus = focusTemplateForm
		// The form says it; the notice line's "saved" would contradict it.
		m.setFlash("", false)
		return
	}
	m.wf.draft = f
	newKey := m.ctx.Keys.Workflow.Templates.New.Help().Key
	m.setFlash(m.ctx.T.T("template_form.refused_kept", p.tp.Name, reason, newKey), true)
}
