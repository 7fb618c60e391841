package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// pickerListTop is the body line of the first template: the filter line and
// the scope line come first.
const pickerListTop = 2

// previewLines is how many lines of the rendered template the picker shows.
const previewLines = 6

// templatePicker lists the templates usable on the pane's record (its
// category, the seller's business unit), the seller's language first,
// filtered as they type, with a preview filled from the record, its linked
// contact and account and the seller.
type templatePicker struct {
	ctx      *Context
	me       crm.User
	category crm.RecordType
	data     crm.TemplateData
	back     focus

	all    []crm.Template
	filter string
	view   []crm.Template
	list   vlist
	gen    uint64
	// fill is the second step, typing the empty placeholders; nil while
	// the seller is choosing.
	fill *templateFill
	// want is a template to put the cursor on as soon as it is listed: the
	// one the seller just saved, which arrives with its event.
	want string
	// confirm is the template the seller asked to delete, awaiting y/enter
	// (delete) or esc (keep).
	confirm *crm.Template
}

// language is the one the seller reads smsdesk in (--lang, else the
// profile's), whose templates are listed first.
func (p *templatePicker) language() string {
	if p.ctx.T != nil {
		return p.ctx.T.Tag().String()
	}
	return p.me.Language
}

// load rereads the templates (a new one may have arrived from the team).
func (p *templatePicker) load() error {
	ts, err := p.ctx.DB.Templates()
	if err != nil {
		return err
	}
	p.all = p.all[:0]
	for _, t := range ts {
		if t.Category == p.category && (t.Team == "" || p.me.InTeam(t.Team)) {
			p.all = append(p.all, t)
		}
	}
	// Templates are read by name; the language smsdesk speaks goes first.
	lang := p.language()
	mine := func(t crm.Template) bool { return sameLanguage(t.Language, lang) }
	slices.SortStableFunc(p.all, func(a, b crm.Template) int {
		switch {
		case mine(a) && !mine(b):
			return -1
		case mine(b) && !mine(a):
			return 1
		}
		return 0
	})
	p.rebuild()
	return nil
}

// sameLanguage compares BCP 47 tags by their base language ("fr-CA" is fr).
func sameLanguage(a, b string) bool {
	base := func(s string) string {
		s, _, _ = strings.Cut(strings.ToLower(s), "-")
		return s
	}
	return a != "" && base(a) == base(b)
}

// rebuild applies the filter, keeping the cursor on the same template.
func (p *templatePicker) rebuild() {
	keep := ""
	if t, ok := p.selected(); ok {
		keep = t.ID
	}
	q := strings.ToLower(strings.TrimSpace(p.filter))
	p.view = p.view[:0]
	for _, t := range p.all {
		if q == "" || strings.Contains(strings.ToLower(t.Name), q) || strings.Contains(strings.ToLower(t.Body), q) {
			p.view = append(p.view, t)
		}
	}
	if p.want != "" && slices.ContainsFunc(p.view, func(t crm.Template) bool { return t.ID == p.want }) {
		keep, p.want = p.want, ""
	}
	p.list.cursor = max(slices.IndexFunc(p.view, func(t crm.Template) bool { return t.ID == keep }), 0)
	p.list.clamp(len(p.view))
	p.gen++
}

// parts renders tp against the record, with what the seller typed into
// the fill step when tp is the template being filled.
func (p *templatePicker) parts(tp crm.Template) []crm.TemplatePart {
	var typed map[string]string
	if p.fill != nil && p.fill.tp.ID == tp.ID {
		typed = p.fill.values
	}
	return crm.RenderTemplateParts(tp, p.data, typed)
}

func (p *templatePicker) selected() (crm.Template, bool) {
	if p.list.cursor < 0 || p.list.cursor >= len(p.view) {
		return crm.Template{}, false
	}
	return p.view[p.list.cursor], true
}

// render draws the filter line, the list and the preview in w×h.
func (p *templatePicker) render(w, h int) string {
	st, t := p.ctx.Styles, p.ctx.T
	lines := []string{
		fit(st.Prompt.Render(t.T("templates.filter")+" ")+safetext.Line(p.filter)+"█  "+st.Muted.Render(t.T("templates.count", len(p.view))), w),
		fit(st.Muted.Render(safetext.Line(t.T("templates.scope", p.ctx.recordTypeLabel(p.category), p.data.Record.Name, p.language()))), w),
	}
	if p.confirm != nil {
		lines[0] = p.renderConfirm(w)
	}
	var fillLines []string
	if p.fill != nil {
		fillLines = p.renderFill(w)
	}
	// Two lines under the preview say which placeholders are empty or
	// defaulted.
	listH := max(h-len(lines)-previewLines-5-len(fillLines), 1)
	p.list.setHeight(listH, len(p.view))
	rows := p.list.render(len(p.view), w,
		func(i int) (string, uint64) { return p.view[i].ID, p.gen },
		func(i, w int, sel bool) string {
			tp := p.view[i]
			name, lang := safetext.Line(tp.Name), safetext.Line(tp.Language)
			line := fit("  "+fit(name, max(w-12, 10))+" "+fit(lang, 6), w)
			if sel {
				return st.RowSelected.Render(fit("▸ "+fit(name, max(w-12, 10))+" "+fit(lang, 6), w))
			}
			return line
		})
	lines = append(lines, rows...)
	if len(p.view) == 0 {
		lines = append(lines, st.Muted.Render(fit(t.T("templates.none"), w)))
	}
	for len(lines) < pickerListTop+listH {
		lines = append(lines, "")
	}
	lines = append(lines, fillLines...)
	lines = append(lines, st.Muted.Render(strings.Repeat("─", w)), fit(st.Title.Render(t.T("templates.preview")), w))
	if tp, ok := p.selected(); ok {
		lines = append(lines, p.previewParts(p.parts(tp), w, previewLines)...)
	}
	return strings.Join(lines, "\n")
}

// templateData gathers what a template is rendered against for the pane's
// record: the record, its contact and account, and the seller.
func (m *Model) templateData(p *pane) (crm.TemplateData, error) {
	rec := p.record
	if !p.hasRecord {
		rec = crm.Record{ID: p.recordRef.ID, Type: p.recordRef.Type, Name: p.row.RecordName}
	}
	d := crm.TemplateData{Record: rec, User: m.me}
	link := func(id string) (*crm.Record, error) {
		if id == "" {
			return nil, nil
		}
		r, ok, err := m.ctx.DB.Record(id)
		if err != nil || !ok {
			return nil, err
		}
		return &r, nil
	}
	var err error
	if d.Contact, err = link(rec.ContactID); err != nil {
		return d, fmt.Errorf("load contact of %s: %w", rec.ID, err)
	}
	accountID := rec.AccountID
	if accountID == "" && d.Contact != nil {
		accountID = d.Contact.AccountID
	}
	if d.Account, err = link(accountID); err != nil {
		return d, fmt.Errorf("load account of %s: %w", rec.ID, err)
	}
	return d, nil
}

// openTemplates opens the picker for the pane's record.
func (m *Model) openTemplates() tea.Cmd {
	p := m.pane
	if p == nil {
		return nil
	}
	data, err := m.templateData(p)
	if err != nil {
		m.fail(err)
		return nil
	}
	back := m.focus
	picker := &templatePicker{ctx: m.ctx, me: m.me, category: p.recordRef.Type, data: data, back: back, list: newVList()}
	if err := picker.load(); err != nil {
		m.fail(err)
		return nil
	}
	m.blurCompose()
	m.wf.picker = picker
	m.focus = focusTemplates
	m.applyTemplateKeys()
	return nil
}

func (m *Model) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := m.wf.picker, m.ctx.Keys.Workflow
	defer m.applyTemplateKeys()
	if p.fill == nil {
		if cmd, ok := m.pickerEditKey(msg); ok {
			return cmd
		}
	}
	switch {
	case p.fill != nil:
		if p.fillKey(msg, k) {
			m.wf.picker = nil
			return m.useTemplate(crm.JoinTemplateParts(p.parts(p.fill.tp)))
		}
	case key.Matches(msg, k.List.Back):
		m.wf.picker = nil
		if p.back == focusCompose && m.pane != nil && m.pane.canSend() {
			m.focus = focusCompose
			return m.pane.focusCompose()
		}
		m.closeScreen(p.back)
	case key.Matches(msg, k.Templates.Use):
		tp, ok := p.selected()
		if !ok {
			return nil
		}
		if empty := crm.TemplateFieldsOfKind(p.parts(tp), crm.FillEmpty); len(empty) > 0 {
			p.fill = newTemplateFill(tp, empty)
			return nil
		}
		m.wf.picker = nil
		return m.useTemplate(crm.RenderTemplate(tp, p.data))
	case key.Matches(msg, k.Templates.New):
		return m.openTemplateForm(p.category, focusTemplates)
	case m.listKeys(msg, &p.list, len(p.view), false):
	default:
		if editLine(&p.filter, msg) {
			p.rebuild()
		}
	}
	return nil
}

// useTemplate puts text in the pane's compose box, for editing before it
// is sent.
func (m *Model) useTemplate(text string) tea.Cmd {
	p := m.pane
	if p == nil {
		m.focus = focusGrid
		return nil
	}
	if !p.canSend() {
		m.focus = focusPane
		m.setFlash(m.cannotSendReason(), true)
		return nil
	}
	p.compose.area.SetValue(text)
	p.compose.dropUnsafe()
	m.focus = focusCompose
	return p.focusCompose()
}
