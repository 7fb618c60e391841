package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// worklistTop is the body line of the first step: the column titles come
// first.
const worklistTop = 1

// worklist is the Sales accelerator work list: the "send a text message"
// steps still to do, soonest due first, with an Up next panel for the
// selected record. A step follows its text (crm.StepAfterMessage): while
// the text waits in the outbox or at the provider it stays listed as
// sending, a failed text brings it back marked failed with the reason, and
// it leaves the list once the provider accepts the text. A step on a
// customer who opted out is marked so, and can be skipped or snoozed.
type worklist struct {
	ctx   *Context
	items []crm.WorkItem
	recs  map[string]crm.Record
	tpls  map[string]crm.Template
	// optedOut holds the records whose number the step texts has opted out.
	optedOut map[string]bool
	list     vlist
	gen      uint64
	back     focus // where esc returns: the grid or the pane
	// pick is the skip or snooze picker while it is open.
	pick *stepPicker
	// asked holds the skip and snooze commands sent from here, so their
	// refusal reaches the seller.
	asked map[string]bool
	// nextWake is the earliest end of a snooze still running; timer is
	// when the pending wake timer fires (zero: none). See worklist_wake.go.
	nextWake, timer time.Time
}

// load rereads the steps to do, keeping the cursor on the same step or,
// when it left the list, on the one that took its place.
func (w *worklist) load() error {
	keep := ""
	if it, ok := w.selected(); ok {
		keep = it.ID
	}
	items, err := w.ctx.DB.WorkItems()
	if err != nil {
		return err
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
	w.optedOut = map[string]bool{}
	now := w.ctx.Now()
	w.nextWake = time.Time{}
	for _, it := range items {
		if it.Step == "text" && it.StateAt(now) == crm.StepSnoozed && it.SnoozedUntil != nil &&
			(w.nextWake.IsZero() || it.SnoozedUntil.Before(w.nextWake)) {
			w.nextWake = *it.SnoozedUntil
		}
		// "text" is the one step kind smsdesk acts on.
		if it.Step != "text" || !it.OnWorkList(now) {
			continue
		}
		if r, ok, err := w.ctx.DB.Record(it.Record.ID); err != nil {
			return err
		} else if ok {
			w.recs[r.ID] = r
			if w.optedOut[r.ID], err = w.recordOptedOut(r); err != nil {
				return err
			}
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

// recordOptedOut tells whether the number a step on r would text has
// opted out: one of r's conversations with that customer says so.
func (w *worklist) recordOptedOut(r crm.Record) (bool, error) {
	phone := primaryPhone(r)
	if phone == "" {
		return false, nil
	}
	rows, err := w.ctx.DB.RecordConversations(r.ID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(rows, func(c localdb.ConversationRow) bool {
		return c.OptedOut && c.CustomerNumber == phone
	}), nil
}

// nextToDo moves the cursor past the step just sent to the next one that
// waits for the seller (not sending), if any.
func (w *worklist) nextToDo(sent string) (crm.WorkItem, bool) {
	i := slices.IndexFunc(w.items, func(it crm.WorkItem) bool { return it.ID == sent })
	for k := range w.items {
		j := (max(i, 0) + k) % len(w.items)
		if it := w.items[j]; it.ID != sent && it.State != crm.StepSending {
			w.list.cursor = j
			return it, true
		}
	}
	return crm.WorkItem{}, false
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
	tag, style := w.stateTag(it)
	line := fit(w.due(it), dueWidth) + " ✉ " + icon + " " + w.recordName(it)
	if tag != "" {
		line += "  " + tag
	}
	line = fit(line, lw)
	switch {
	case sel:
		return st.RowSelected.Render(line)
	case style != nil:
		return style(line)
	case it.Due.Before(w.ctx.Now()):
		return st.Warning.Render(line)
	}
	return line
}

// stateTag is what a row says after the record's name about the step's
// state, with the style that colours the row: failed with the reason,
// sending, or opted out.
func (w *worklist) stateTag(it crm.WorkItem) (string, func(...string) string) {
	st, t := w.ctx.Styles, w.ctx.T
	switch {
	case it.State == crm.StepFailed:
		return "✗ " + t.T("worklist.state_failed", safetext.Line(it.Reason)), st.Failed.Render
	case w.optedOut[it.Record.ID]:
		return "⊘ " + t.T("worklist.state_opted_out"), st.Warning.Render
	case it.State == crm.StepSending:
		return "◌ " + t.T("worklist.state_sending"), st.Muted.Render
	}
	return "", nil
}

// panel is the Up next panel for the selected step's record, or the skip
// or snooze picker while one is open.
func (w *worklist) panel(pw int) []string {
	st, t := w.ctx.Styles, w.ctx.T
	if w.pick != nil {
		return w.pick.render(w.ctx, pw)
	}
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
	var detail string
	style := st.Muted.Render
	switch {
	case it.State == crm.StepFailed:
		detail, style = "✗ "+t.T("worklist.failed_detail", safetext.Line(it.Reason)), st.Failed.Render
	case w.optedOut[it.Record.ID]:
		detail, style = "⚠ "+t.T("worklist.opted_out_detail"), st.Warning.Render
	case it.State == crm.StepSending:
		detail = "◌ " + t.T("worklist.sending_detail")
	}
	if detail != "" {
		lines = append(lines, "")
		for _, l := range wrap(detail, pw-2) {
			lines = append(lines, fit("  "+style(l), pw))
		}
	}
	lines = append(lines, "")
	k := w.ctx.Keys.Workflow.Worklist
	for _, l := range wrap(t.T("worklist.actions_hint", k.Skip.Help().Key, k.Snooze.Help().Key), pw) {
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
	return m.wf.work.wakeCmd()
}

func (m *Model) worklistKey(msg tea.KeyPressMsg) tea.Cmd {
	w, k := m.wf.work, m.ctx.Keys.Workflow
	if w.pick != nil {
		return m.stepPickerKey(msg)
	}
	switch {
	case key.Matches(msg, k.List.Back):
		m.closeScreen(w.back)
	case key.Matches(msg, k.Worklist.Open):
		if it, ok := w.selected(); ok {
			return m.openStep(it)
		}
	case key.Matches(msg, k.Worklist.Skip):
		if it, ok := w.selected(); ok {
			w.pick = newSkipPicker(it, w.optedOut[it.Record.ID])
		}
	case key.Matches(msg, k.Worklist.Snooze):
		if it, ok := w.selected(); ok {
			w.pick = newSnoozePicker(it)
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
// and a send for a step moves the work list to the next step that waits
// for the seller. The step itself stays listed as sending until the
// provider accepts its text: it is not done yet.
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
	// The keyboard goes back to the pane, where the work list key takes
	// the seller to the next step.
	if m.pane != nil {
		m.pane.blurCompose()
		m.focus = focusPane
	}
	if next, ok := m.wf.work.nextToDo(cmd.Send.WorkItemID); ok {
		m.setFlash(m.ctx.T.T("worklist.step_sending_next", m.wf.work.recordName(next), m.ctx.Keys.Grid.Worklist.Help().Key), false)
		return
	}
	m.setFlash(m.ctx.T.T("worklist.step_sending_all"), false)
}
