package tui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/i18n"
)

// snoozeChoices are the lengths a snooze offers; the server counts them
// from when it applies the snooze, on its own clock.
var snoozeChoices = [...]struct {
	d     time.Duration
	label i18n.Key
}{
	{time.Hour, "worklist.snooze_1h"},
	{4 * time.Hour, "worklist.snooze_4h"},
	{24 * time.Hour, "worklist.snooze_1d"},
	{7 * 24 * time.Hour, "worklist.snooze_1w"},
}

// stepPicker is the skip or snooze picker in the work list's panel: a
// snooze first asks for how long, then both ask why.
type stepPicker struct {
	item   crm.WorkItem
	snooze bool
	// askFor is true while a snooze still asks for its length.
	askFor bool
	dur    time.Duration
	cursor int
	// writing is true while "Other" asks for the seller's own words;
	// note holds them.
	writing bool
	note    []rune
}

// newSkipPicker opens the skip picker on it; a customer who opted out
// puts the cursor on that reason.
func newSkipPicker(it crm.WorkItem, optedOut bool) *stepPicker {
	return &stepPicker{item: it, cursor: reasonCursor(optedOut)}
}

// newSnoozePicker opens the snooze picker on it, asking for how long
// first; the reason comes next.
func newSnoozePicker(it crm.WorkItem) *stepPicker {
	return &stepPicker{item: it, snooze: true, askFor: true}
}

// reasonCursor puts the picker on "opted out" only for a customer who did
// opt out: preselected for anyone else, enter would record an opt-out that
// never happened. Otherwise it starts on the first other reason.
func reasonCursor(optedOut bool) int {
	reasons := crm.StepReasons()
	if optedOut {
		return slices.Index(reasons, crm.StepReasonOptedOut)
	}
	return max(slices.IndexFunc(reasons, func(r crm.StepReason) bool { return r != crm.StepReasonOptedOut }), 0)
}

// stepReasonLabel is a skip or snooze reason in the seller's language.
func (c *Context) stepReasonLabel(r crm.StepReason) string {
	switch r {
	case crm.StepReasonOptedOut:
		return c.T.T("step_reason.opted_out")
	case crm.StepReasonWrongNumber:
		return c.T.T("step_reason.wrong_number")
	case crm.StepReasonNotInterested:
		return c.T.T("step_reason.not_interested")
	case crm.StepReasonCallInstead:
		return c.T.T("step_reason.call_instead")
	case crm.StepReasonLater:
		return c.T.T("step_reason.later")
	}
	return c.T.T("step_reason.other")
}

// choices are the picker's lines, in the seller's language.
func (p *stepPicker) choices(ctx *Context) []string {
	if p.askFor {
		out := make([]string, len(snoozeChoices))
		for i, c := range snoozeChoices {
			out[i] = ctx.T.T(c.label)
		}
		return out
	}
	var out []string
	for _, r := range crm.StepReasons() {
		out = append(out, ctx.stepReasonLabel(r))
	}
	return out
}

// render draws the picker in the panel's width.
func (p *stepPicker) render(ctx *Context, pw int) []string {
	st, t := ctx.Styles, ctx.T
	title := t.T("worklist.skip_title")
	switch {
	case p.askFor:
		title = t.T("worklist.snooze_title")
	case p.snooze:
		title = t.T("worklist.snooze_why")
	}
	lines := []string{fit(st.Title.Render(title), pw), ""}
	if p.writing {
		lines = append(lines, fit(ctx.stepReasonLabel(crm.StepReasonOther), pw), "")
		for _, l := range wrap(t.T("worklist.note_prompt"), pw) {
			lines = append(lines, fit(l, pw))
		}
		for _, l := range wrap("> "+string(p.note)+"▏", pw) {
			lines = append(lines, fit(st.Prompt.Render(l), pw))
		}
		lines = append(lines, "")
		for _, l := range wrap(t.T("worklist.note_hint"), pw) {
			lines = append(lines, fit(st.Muted.Render(l), pw))
		}
		return lines
	}
	for i, c := range p.choices(ctx) {
		if i == p.cursor {
			lines = append(lines, st.RowSelected.Render(fit("▸ "+c, pw)))
			continue
		}
		lines = append(lines, fit("  "+c, pw))
	}
	lines = append(lines, "")
	for _, l := range wrap(t.T("worklist.picker_hint"), pw) {
		lines = append(lines, fit(st.Muted.Render(l), pw))
	}
	return lines
}

// stepPickerKey moves in the picker, confirms or cancels it. Confirming
// the reason enqueues the skip or snooze: the cache takes the step off the
// list at once, offline too, and the server's answer follows.
func (m *Model) stepPickerKey(msg tea.KeyPressMsg) tea.Cmd {
	w, k, s := m.wf.work, m.ctx.Keys.Workflow.List, m.ctx.Keys.Selector
	p := w.pick
	if p.writing {
		return m.stepNoteKey(msg)
	}
	n := len(p.choices(m.ctx))
	switch {
	case key.Matches(msg, k.Back):
		w.pick = nil
	case key.Matches(msg, k.Up), key.Matches(msg, s.Up): // arrows, and j/k
		p.cursor = (p.cursor + n - 1) % n
	case key.Matches(msg, k.Down), key.Matches(msg, s.Down):
		p.cursor = (p.cursor + 1) % n
	case key.Matches(msg, k.Open):
		if p.askFor {
			p.dur, p.askFor, p.cursor = snoozeChoices[p.cursor].d, false, reasonCursor(w.optedOut[p.item.Record.ID])
			return nil
		}
		if reason := crm.StepReasons()[p.cursor]; reason != crm.StepReasonOther {
			w.pick = nil
			return m.changeStep(p, reason)
		}
		p.writing = true
	}
	return nil
}

// stepNoteTyping tells whether the keyboard writes the note of an "Other"
// skip or snooze: then letters are text, not keys.
func (m *Model) stepNoteTyping() bool {
	return m.focus == focusWorklist && m.wf.work != nil && m.wf.work.pick != nil && m.wf.work.pick.writing
}

// stepNoteKey edits the note: enter confirms (an empty note is fine), esc
// goes back to the reasons.
func (m *Model) stepNoteKey(msg tea.KeyPressMsg) tea.Cmd {
	w, k := m.wf.work, m.ctx.Keys.Workflow.List
	p := w.pick
	switch {
	case key.Matches(msg, k.Back):
		p.writing = false
	case key.Matches(msg, k.Open):
		w.pick = nil
		return m.changeStep(p, crm.StepReasonOther)
	case msg.Code == tea.KeyBackspace:
		if len(p.note) > 0 {
			p.note = p.note[:len(p.note)-1]
		}
	case msg.Text != "":
		for _, r := range oneLine(msg.Text) {
			if len(p.note) < crm.MaxStepNoteRunes {
				p.note = append(p.note, r)
			}
		}
	}
	return nil
}

// changeStep enqueues the picker's skip or snooze with reason.
func (m *Model) changeStep(p *stepPicker, reason crm.StepReason) tea.Cmd {
	w := m.wf.work
	cmd := crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdSkipWorkItem,
		Step: &crm.StepChange{WorkItemID: p.item.ID, Reason: reason, Note: strings.TrimSpace(string(p.note))}}
	flash := m.ctx.T.T("worklist.skipped", m.ctx.stepReasonLabel(reason))
	if p.snooze {
		cmd.Kind, cmd.Step.ForSeconds = crm.CmdSnoozeWorkItem, int64(p.dur/time.Second)
		flash = m.ctx.T.T("worklist.snoozed", m.ctx.dueTime(m.ctx.Now().Add(p.dur)), m.ctx.stepReasonLabel(reason))
	}
	if w.asked == nil {
		w.asked = map[string]bool{}
	}
	w.asked[cmd.ID] = true
	flush := m.enqueue(cmd)
	if err := w.load(); err != nil {
		m.fail(err)
		return flush
	}
	m.setFlash(flash, false)
	return tea.Batch(flush, w.wakeCmd())
}

// stepAnswers tells the seller when the server refused a skip or snooze
// sent from the work list (the cache has put the step back).
func (m *Model) stepAnswers(answers []crm.CommandResult) {
	w := m.wf.work
	if w == nil || len(w.asked) == 0 {
		return
	}
	for _, a := range answers {
		if !w.asked[a.ID] {
			continue
		}
		delete(w.asked, a.ID)
		if a.Error != nil {
			m.setFlash(m.ctx.T.T("worklist.step_refused", a.Error.Message), true)
		}
	}
}
