package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// workflows holds the screens a seller uses around a conversation: the
// records search and record screens, the move lookup, the template picker
// and form, the related records drop-down and the work list. Each is nil
// while closed.
type workflows struct {
	records *recordsView
	record  *recordScreen
	move    *moveLookup
	picker  *templatePicker
	form    *templateForm
	related *relatedDrop
	work    *worklist

	// undo is the last move, undoable while its confirmation shows;
	// undoShown says whether it showed when the current key was pressed.
	undo      *moveUndo
	undoShown bool
	// pending is a template sent to the server and not yet back.
	pending *pendingTemplate
	// draft is a refused template's form, kept until the seller opens the
	// template form again.
	draft *templateForm
	// paneFrom is the screen the pane was opened from (a record screen,
	// the work list), where closing it returns; focusGrid otherwise.
	paneFrom focus
}

// paneReturn is where the keyboard goes when the pane closes: back to the
// record screen or the work list it was opened from, brought up to date,
// else the grid.
func (m *Model) paneReturn() focus {
	from := m.wf.paneFrom
	m.wf.paneFrom = focusGrid
	switch {
	case from == focusRecord && m.wf.record != nil:
		if err := m.wf.record.load(); err != nil {
			m.fail(err)
			return focusGrid
		}
		return focusRecord
	case from == focusWorklist && m.wf.work != nil:
		if err := m.wf.work.load(); err != nil {
			m.fail(err)
			return focusGrid
		}
		return focusWorklist
	}
	return focusGrid
}

// screenFocus reports whether f is a workflow screen drawn over the whole
// body (the related drop-down lives inside the pane instead).
func screenFocus(f focus) bool {
	switch f {
	case focusRecords, focusRecord, focusMove, focusTemplates, focusTemplateForm, focusWorklist:
		return true
	}
	return false
}

// typingFocus reports whether f is a screen the seller types into, where
// letters are text rather than keys.
func typingFocus(f focus) bool {
	switch f {
	case focusCompose, focusFilter, focusRecords, focusMove, focusTemplates, focusTemplateForm:
		return true
	}
	return false
}

// screenShown reports whether a workflow screen takes the body now.
func (m *Model) screenShown() bool {
	return screenFocus(m.focus) || (m.focus == focusHelp && screenFocus(m.prevFocus))
}

// screenFocused is the workflow screen in front (under the help overlay too).
func (m *Model) screenFocused() focus {
	if m.focus == focusHelp {
		return m.prevFocus
	}
	return m.focus
}

// renderScreen draws the workflow screen that has the focus.
func (m *Model) renderScreen(w, h int) string {
	switch m.screenFocused() {
	case focusRecords:
		return m.wf.records.render(w, h)
	case focusRecord:
		return m.wf.record.render(w, h)
	case focusMove:
		return m.wf.move.render(w, h)
	case focusTemplates:
		return m.wf.picker.render(w, h)
	case focusTemplateForm:
		return m.wf.form.render(w, h)
	case focusWorklist:
		return m.wf.work.render(w, h)
	}
	return ""
}

// screenTitle is the title line of a workflow screen.
func (m *Model) screenTitle() (string, bool) {
	if !m.screenShown() {
		return "", false
	}
	t := m.ctx.T
	var s string
	switch m.screenFocused() {
	case focusRecords:
		s = t.T("records.view")
	case focusRecord:
		s = t.T("record.view", m.ctx.recordTypeLabel(m.wf.record.rec.Type))
	case focusMove:
		s = t.T("move.view")
	case focusTemplates:
		s = t.T("templates.view")
	case focusTemplateForm:
		s = t.T("template_form.view")
		if m.wf.form != nil && m.wf.form.editing != nil {
			s = t.T("template_edit.view")
		}
	case focusWorklist:
		s = t.T("worklist.view")
	}
	return m.ctx.Styles.Title.Render(s), true
}

// workflowKey handles a key on a workflow screen.
func (m *Model) workflowKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.focus {
	case focusRecords:
		return m.recordsKey(msg)
	case focusRecord:
		return m.recordKey(msg)
	case focusMove:
		return m.moveKey(msg)
	case focusTemplates:
		return m.pickerKey(msg)
	case focusTemplateForm:
		return m.formKey(msg)
	case focusRelated:
		return m.relatedKey(msg)
	case focusWorklist:
		return m.worklistKey(msg)
	}
	return nil
}

// gridWorkflowKey handles the grid's workflow keys; ok is false for others.
func (m *Model) gridWorkflowKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.ctx.Keys.Grid
	switch {
	case key.Matches(msg, k.Select):
		m.grid.toggleMark()
	case key.Matches(msg, k.SelectAll):
		m.grid.markAll()
	case key.Matches(msg, k.Change):
		return m.openMove(m.grid.selection(), focusGrid), true
	case key.Matches(msg, k.Records):
		return m.openRecords(), true
	case key.Matches(msg, k.Worklist):
		return m.openWorklist(), true
	case key.Matches(msg, k.ClearFilter) && m.grid.filter == "" && len(m.grid.marked) > 0:
		m.grid.clearMarks()
	default:
		return nil, false
	}
	return nil, true
}

// paneWorkflowKey handles the pane's workflow keys; ok is false for others.
func (m *Model) paneWorkflowKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, p := m.ctx.Keys.Pane, m.pane
	switch {
	case key.Matches(msg, k.Change):
		if p.convID == "" {
			m.setFlash(m.ctx.T.T("move.nothing"), false)
			return nil, true
		}
		return m.openMove([]string{p.convID}, focusPane), true
	case key.Matches(msg, k.Templates):
		return m.openTemplates(), true
	case key.Matches(msg, k.Related):
		return m.openRelated(), true
	case key.Matches(msg, k.Record):
		return m.openRecordScreen(p.recordRef.ID, focusPane), true
	case key.Matches(msg, m.ctx.Keys.Grid.Worklist):
		return m.openWorklist(), true
	}
	return nil, false
}

// composeWorkflowKey handles the compose box's workflow keys.
func (m *Model) composeWorkflowKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if key.Matches(msg, m.ctx.Keys.Compose.Templates) {
		return m.openTemplates(), true
	}
	return nil, false
}

// refreshWorkflows brings the open workflow screens up to date with a cache
// change, and notices a template the server refused.
func (m *Model) refreshWorkflows(c localdb.Change) error {
	has := func(kinds ...crm.EventKind) bool {
		return c.Snapshot || slices.ContainsFunc(c.Kinds, func(k crm.EventKind) bool { return slices.Contains(kinds, k) })
	}
	if m.wf.record != nil && (has(crm.EventRecord, crm.EventUser, crm.EventTeam) || len(c.Conversations) > 0 || len(c.Removed) > 0) {
		if err := m.wf.record.load(); err != nil {
			return err
		}
	}
	if m.wf.records != nil && has(crm.EventRecord) {
		if err := m.wf.records.search(); err != nil {
			return err
		}
	}
	// The work list reads the outbox: reload it only while it is on screen
	// (opening it reloads it anyway).
	if m.wf.work != nil && m.screenFocused() == focusWorklist && (has(crm.EventWorkItem, crm.EventRecord, crm.EventTemplate, crm.EventConversation) || c.Outbox) {
		if err := m.wf.work.load(); err != nil {
			return err
		}
	}
	if m.wf.picker != nil && has(crm.EventTemplate, crm.EventTemplateDeleted, crm.EventUser, crm.EventTeam) {
		// The seller's teams and language decide which templates are
		// offered and in what order: take the identity as it is now (the
		// picker may have opened before the first sync told it).
		m.wf.picker.me = m.me
		if err := m.wf.picker.load(); err != nil {
			return err
		}
		m.applyTemplateKeys()
	}
	m.stepAnswers(c.Answers)
	if has(crm.EventTemplate, crm.EventTemplateDeleted) || len(c.Answers) > 0 {
		return m.checkPendingTemplate(c.Answers)
	}
	return nil
}

// closeScreen leaves a workflow screen for where it was opened from.
func (m *Model) closeScreen(back focus) {
	switch {
	case (back == focusPane || back == focusCompose) && m.pane != nil:
		m.focus = focusPane
	case back == focusRecords && m.wf.records != nil:
		m.focus = focusRecords
	case back == focusRecord && m.wf.record != nil:
		m.focus = focusRecord
	case back == focusWorklist && m.wf.work != nil:
		m.focus = focusWorklist
	case back == focusTemplates && m.wf.picker != nil:
		m.focus = focusTemplates
	default:
		m.focus = focusGrid
	}
}

// listKeys moves a vlist with the arrow keys (and j/k where nothing is
// typed); ok is false when msg is not a move.
func (m *Model) listKeys(msg tea.KeyPressMsg, l *vlist, n int, vim bool) bool {
	w, s := m.ctx.Keys.Workflow.List, m.ctx.Keys.Selector
	switch {
	case key.Matches(msg, w.Up) || (vim && key.Matches(msg, s.Up)):
		l.move(-1, n)
	case key.Matches(msg, w.Down) || (vim && key.Matches(msg, s.Down)):
		l.move(1, n)
	case msg.String() == "pgup":
		l.move(-max(l.height-1, 1), n)
	case msg.String() == "pgdown":
		l.move(max(l.height-1, 1), n)
	default:
		return false
	}
	return true
}

// editLine applies a key to a one-line text field: printable text is
// appended, backspace deletes the last character. ok is false for other keys.
func editLine(s *string, msg tea.KeyPressMsg) bool {
	switch {
	case msg.String() == "backspace":
		if r := []rune(*s); len(r) > 0 {
			*s = string(r[:len(r)-1])
		}
	case msg.String() == "ctrl+u":
		*s = ""
	case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
		*s += msg.Text
	default:
		return false
	}
	return true
}

// clickScreenRow handles a click on line y of a workflow screen's body.
func (m *Model) clickScreenRow(y int, double func(clickArea, int) bool) tea.Cmd {
	var l *vlist
	var n, top int
	switch m.focus {
	case focusRecords:
		l, n, top = &m.wf.records.list, len(m.wf.records.items), recordsListTop
	case focusMove:
		if m.wf.move.chosen != nil {
			return nil
		}
		l, n, top = &m.wf.move.list, len(m.wf.move.items), recordsListTop
	case focusTemplates:
		l, n, top = &m.wf.picker.list, len(m.wf.picker.view), pickerListTop
	case focusWorklist:
		l, n, top = &m.wf.work.list, len(m.wf.work.items), worklistTop
	case focusRecord:
		return m.clickRecord(y, double)
	default:
		return nil
	}
	i := l.rowAt(y-top, n)
	if i < 0 {
		return nil
	}
	l.jump(i, n)
	if !double(clickScreen, i) {
		return nil
	}
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	return m.workflowKey(enter)
}
