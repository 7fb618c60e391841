package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// worklistTop is the body line of the first step: the column titles come
// first.
const worklistTop = 1

// worklist is the Sales accelerator work list: the open "send a text
// message" steps, soonest due first, with an Up next panel for the selected
// record. A step whose send waits in the outbox is done already, so the
// list moves on at once, offline too.
type worklist struct {
	ctx   *Context
	items []crm.WorkItem
	recs  map[string]crm.Record
	tpls  map[string]crm.Template
	list  vlist
	gen   uint64
	back  focus // where esc returns: the grid or the pane
}

// load rereads the open steps, keeping the cursor on the same step or, when
// it was just done, on the one that took its place.
func (w *worklist) load() error {
	keep := ""
	if it, ok := w.selected(); ok {
		keep = it.ID
	}
	items, err := w.ctx.DB.WorkItems()
	if err != nil {
		return err
	}
	queued, err := w.ctx.DB.Outbox()
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, c := range queued {
		switch {
		case c.Kind == crm.CmdSendMessage && c.Send != nil && c.Send.WorkItemID != "":
			done[c.Send.WorkItemID] = true
		case c.Kind == crm.CmdCompleteWorkItem:
			done[c.WorkItemID] = true
		}
	}
	ts, err := w.ctx.DB.Templates()
	if err != nil {
		return err
	}
	w.tpls = make(map[string]crm.Template, len(ts))
	for _, t := range ts {
		w.tpls[t.ID] = t
	}
	w.items = w.items[:0]
	w.recs = map[string]crm.Record{}
	for _, it := range items {
		// "text" is the one step kind smsdesk acts on.
		if it.Step != "text" || it.CompletedAt != nil || done[it.ID] {
			continue
		}
		if r, ok, err := w.ctx.DB.Record(it.Record.ID); err != nil {
			return err
		} else if ok {
			w.recs[r.ID] = r
		}
		w.items = append(w.items, it)
	}
	if i := slices.IndexFunc(w.items, func(it crm.WorkItem) bool { return it.ID == keep }); i >= 0 {
		w.list.cursor = i
	}
	w.list.clamp(len(w.items))
	w.gen++
	return nil
}

func (w *worklist) selected() (crm.WorkItem, bool) {
	if w.list.cursor < 0 || w.list.cursor >= len(w.items) {
		return crm.WorkItem{}, false
	}
	return w.items[w.list.cursor], true
}

// recordName is a step's record name, its id when the record is unknown.
func (w *worklist) recordName(it crm.WorkItem) string {
	if r, ok := w.recs[it.Record.ID]; ok {
		return safetext.Line(r.Name)
	}
	return safetext.Line(it.Record.ID)
}

// due is a step's due time: its day (today, tomorrow, a weekday, a date)
// and its time, in the language's pattern (timefmt.go).
func (w *worklist) due(it crm.WorkItem) string { return w.ctx.dueTime(it.Due) }

// dueWidth is the width of the due column.
const dueWidth = 21

// render draws the list and the Up next panel in width×h.
func (w *worklist) render(width, h int) string {
	st, t := w.ctx.Styles, w.ctx.T
	listW, panelW := width, 0
	if width >= 70 {
		panelW = max(width*2/5, 30)
		listW = width - panelW - 3
	}
	left := []string{st.ColumnHeader.Render(fit(fit(t.T("worklist.col_due"), dueWidth)+" "+t.T("col.record"), listW))}
	w.list.setHeight(h-1, len(w.items))
	left = append(left, w.list.render(len(w.items), listW,
		func(i int) (string, uint64) { return w.items[i].ID, w.gen },
		func(i, lw int, sel bool) string { return w.drawRow(w.items[i], lw, sel) })...)
	if len(w.items) == 0 {
		left = append(left, st.Muted.Render(fit(t.T("worklist.empty"), listW)))
	}
	if panelW == 0 {
		return strings.Join(left, "\n")
	}
	return sideBySide(strings.Join(left, "\n"), strings.Join(w.panel(panelW), "\n"), h, listW, st.PaneBorder.Render("│")+" ")
}

func (w *worklist) drawRow(it crm.WorkItem, lw int, sel bool) string {
	st := w.ctx.Styles
	icon := recordIcon(it.Record.Type)
	line := fit(fit(w.due(it), dueWidth)+" ✉ "+icon+" "+w.recordName(it), lw)
	switch {
	case sel:
		return st.RowSelected.Render(line)
	case it.Due.Before(w.ctx.Now()):
		return st.Warning.Render(line)
	}
	return line
}

// panel is the Up next panel for the selected step's record.
func (w *worklist) panel(pw int) []string {
	st, t := w.ctx.Styles, w.ctx.T
	lines := []string{fit(st.Title.Render(t.T("worklist.up_next")), pw)}
	it, ok := w.selected()
	if !ok {
		return lines
	}
	rec := w.recs[it.Record.ID]
	lines = append(lines,
		fit(st.PaneTitle.Render(recordIcon(it.Record.Type)+" "+w.recordName(it))+"  "+st.Muted.Render(w.ctx.recordTypeLabel(it.Record.Type)), pw),
		"",
		fit(st.Prompt.Render("✉ ")+t.T("worklist.step_text"), pw),
		fit("  "+t.T("worklist.due", w.due(it)), pw),
	)
	if it.Due.Before(w.ctx.Now()) {
		lines = append(lines, fit("  "+st.Warning.Render(t.T("worklist.overdue")), pw))
	}
	if tp, ok := w.tpls[it.TemplateID]; ok {
		lines = append(lines, fit("  "+t.T("worklist.template", safetext.Line(tp.Name)), pw))
	} else {
		lines = append(lines, fit("  "+st.Muted.Render(t.T("worklist.no_template")), pw))
	}
	if n := primaryPhone(rec); n != "" {
		lines = append(lines, fit("  "+t.T("worklist.to", safetext.Line(n)), pw))
	} else {
		lines = append(lines, fit("  "+st.Warning.Render("⚠ "+t.T("pane.no_phone")), pw))
	}
	lines = append(lines, "")
	for _, l := range wrap(t.T("worklist.open_hint"), pw) {
		lines = append(lines, fit(st.Muted.Render(l), pw))
	}
	return lines
}

// openWorklist shows the work list.
func (m *Model) openWorklist() tea.Cmd {
	if m.wf.work == nil {
		m.wf.work = &worklist{ctx: m.ctx, list: newVList()}
	}
	if err := m.wf.work.load(); err != nil {
		m.fail(err)
		return nil
	}
	m.wf.work.back = m.focus
	m.blurCompose()
	m.focus = focusWorklist
	return nil
}

func (m *Model) worklistKey(msg tea.KeyPressMsg) tea.Cmd {
	w, k := m.wf.work, m.ctx.Keys.Workflow
	switch {
	case key.Matches(msg, k.List.Back):
		m.closeScreen(w.back)
	case key.Matches(msg, k.Worklist.Open):
		if it, ok := w.selected(); ok {
			return m.openStep(it)
		}
	case m.listKeys(msg, &w.list, len(w.items), true):
	}
	return nil
}

// openStep opens the pane on the step's record with its template rendered
// into the compose box; the send will complete the step.
func (m *Model) openStep(it crm.WorkItem) tea.Cmd {
	rec, ok := m.wf.work.recs[it.Record.ID]
	if !ok {
		m.setFlash(m.ctx.T.T("record_screen.gone"), true)
		return nil
	}
	phone := primaryPhone(rec)
	if phone == "" {
		m.setFlash(m.ctx.T.T("pane.no_phone"), true)
		return nil
	}
	open := m.openThread(rec, phone)
	p := m.pane
	if p == nil || p.recordRef.ID != rec.ID {
		return open
	}
	p.workItemID = it.ID
	m.wf.paneFrom = focusWorklist
	text := ""
	if tp, ok := m.wf.work.tpls[it.TemplateID]; ok {
		data, err := m.templateData(p)
		if err != nil {
			m.fail(err)
			return open
		}
		text = crm.RenderTemplate(tp, data)
	}
	return tea.Batch(open, m.useTemplate(text))
}

// afterSend follows a send: the move it follows can no longer be undone,
// and a send that completes a step moves the work list to the next one.
func (m *Model) afterSend(cmd crm.Command) {
	m.wf.undo = nil
	if cmd.Send == nil || cmd.Send.WorkItemID == "" {
		return
	}
	if m.wf.work == nil {
		m.wf.work = &worklist{ctx: m.ctx, list: newVList()}
	}
	if err := m.wf.work.load(); err != nil {
		m.fail(err)
		return
	}
	// The step is done: the keyboard goes back to the pane, where the
	// work list key takes the seller to the next step.
	if m.pane != nil {
		m.pane.blurCompose()
		m.focus = focusPane
	}
	if next, ok := m.wf.work.selected(); ok {
		m.setFlash(m.ctx.T.T("worklist.step_done_next", m.wf.work.recordName(next), m.ctx.Keys.Grid.Worklist.Help().Key), false)
		return
	}
	m.setFlash(m.ctx.T.T("worklist.step_done_all"), false)
}
