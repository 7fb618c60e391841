package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// pendingKind says what a pending template command does.
type pendingKind int

const (
	pendingCreate pendingKind = iota
	pendingUpdate
	pendingDelete
)

// applyTemplateKeys offers the picker's edit and delete keys only while
// crm.CanEditTemplate allows the selected template; the help bar follows.
func (m *Model) applyTemplateKeys() {
	allowed := false
	if p := m.wf.picker; p != nil {
		if tp, ok := p.selected(); ok {
			allowed = crm.CanEditTemplate(m.me, tp)
		}
	}
	k := &m.ctx.Keys.Workflow.Templates
	if k.Edit.Enabled() != allowed || k.Delete.Enabled() != allowed {
		k.Edit.SetEnabled(allowed)
		k.Delete.SetEnabled(allowed)
		m.frame.help = "" // the help bar lists the keys, or no longer does
	}
}

// pressed reports whether msg is one of b's keys, enabled or not: a
// disabled key still deserves an answer saying why nothing happens.
func pressed(msg tea.KeyPressMsg, b key.Binding) bool {
	return slices.Contains(b.Keys(), msg.String())
}

// editableSelection is the picker's selected template when the seller may
// change it; otherwise the notice line says why and ok is false.
func (m *Model) editableSelection() (crm.Template, bool) {
	tp, ok := m.wf.picker.selected()
	if !ok {
		m.setFlash(m.ctx.T.T("template_edit.none"), true)
		return tp, false
	}
	if !crm.CanEditTemplate(m.me, tp) {
		m.setFlash(m.ctx.T.T("template_edit.not_allowed", tp.Name), true)
		return tp, false
	}
	return tp, true
}

// pickerEditKey handles the edit and delete keys and the delete
// confirmation; handled is false for any other key.
func (m *Model) pickerEditKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	p, k := m.wf.picker, m.ctx.Keys.Workflow.Templates
	if p.confirm != nil {
		tp := *p.confirm
		switch msg.String() {
		case "y", "enter":
			p.confirm = nil
			return m.deleteTemplate(tp), true
		case "esc", "n":
			p.confirm = nil
			m.setFlash(m.ctx.T.T("template_edit.kept", tp.Name), false)
		}
		// Any other key is swallowed: the question stays until answered.
		return nil, true
	}
	switch {
	case pressed(msg, k.Edit):
		if tp, ok := m.editableSelection(); ok {
			m.openTemplateEdit(tp)
		}
		return nil, true
	case pressed(msg, k.Delete):
		if tp, ok := m.editableSelection(); ok {
			p.confirm = &tp
			m.setFlash("", false)
		}
		return nil, true
	}
	return nil, false
}

// openTemplateEdit opens the template form filled with tp; saving sends
// update_template.
func (m *Model) openTemplateEdit(tp crm.Template) {
	// A refused new template's draft waits for ctrl+n, not for this form.
	d := m.wf.draft
	m.wf.draft = nil
	m.openTemplateForm(tp.Category, focusTemplates)
	m.wf.draft = d
	f := m.wf.form
	orig := tp
	f.editing = &orig
	f.name, f.body = tp.Name, tp.Body
	if i := slices.IndexFunc(f.langs, func(l string) bool { return sameLanguage(l, tp.Language) }); i >= 0 {
		f.language = i
	} else if tp.Language != "" {
		// A language smsdesk does not speak stays the template's.
		f.langs = append(f.langs, tp.Language)
		f.language = len(f.langs) - 1
	}
	for _, ph := range tp.Placeholders {
		if ph.Default != "" {
			f.defaults[ph.Field] = ph.Default
		}
	}
}

// deleteTemplate queues delete_template; the template leaves the picker
// when the server's answer or event says it is gone.
func (m *Model) deleteTemplate(tp crm.Template) tea.Cmd {
	cmd := crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdDeleteTemplate, TemplateID: tp.ID}
	if err := m.ctx.DB.Enqueue(cmd); err != nil {
		m.setFlash(m.ctx.T.T("error.queue", err.Error()), true)
		return nil
	}
	m.wf.pending = &pendingTemplate{cmdID: cmd.ID, tp: tp, kind: pendingDelete, closedTo: m.focus}
	m.setFlash(m.ctx.T.T("template_edit.deleting", tp.Name), false)
	return m.flush()
}

// renderConfirm is the delete question, in place of the filter line.
func (p *templatePicker) renderConfirm(w int) string {
	st := p.ctx.Styles
	// The name is the author's text: shown, never obeyed.
	return fit(st.Warning.Render("⚠ "+safetext.Line(p.ctx.T.T("template_edit.confirm", p.confirm.Name))), w)
}

// pendingSettled reports whether the cache already shows p done, before
// its answer: the created template listed, the edit stored, the deleted
// template gone.
func pendingSettled(p *pendingTemplate, ts []crm.Template) bool {
	i := slices.IndexFunc(ts, func(t crm.Template) bool { return t.ID == p.tp.ID })
	switch p.kind {
	case pendingDelete:
		return i < 0
	case pendingUpdate:
		return i >= 0 && p.form != nil && p.form.editing != nil && ts[i].UpdatedAt.After(p.form.editing.UpdatedAt)
	}
	return i >= 0
}

// settledText is what the notice line says once p is done.
func (m *Model) settledText(p *pendingTemplate) string {
	switch p.kind {
	case pendingDelete:
		return m.ctx.T.T("template_edit.deleted", p.tp.Name)
	case pendingUpdate:
		return m.ctx.T.T("template_edit.synced", p.tp.Name)
	}
	return m.ctx.T.T("template_form.synced", p.tp.Name)
}

// templateEditRefusalText words the refusals only edits and deletions get.
func (c *Context) templateEditRefusalText(e *crm.CommandError) (string, bool) {
	if e == nil {
		return "", false
	}
	switch e.Field {
	case "template.id", "template_id": // the fields the backend names
	default:
		return "", false
	}
	switch e.Code {
	case crm.ErrForbidden:
		return c.T.T("template_edit.err_forbidden"), true
	case crm.ErrNotFound:
		return c.T.T("template_edit.err_gone"), true
	}
	return "", false
}
