package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// snoozeWakeMsg says the earliest snooze of the work list may be over: the
// list rereads the steps so a snoozed one comes back at its time while the
// seller looks at it.
type snoozeWakeMsg struct{ at time.Time }

// wakeCmd is a timer to the earliest snooze end after now, or nil when none
// is pending or a timer already covers it. One timer at a time: bursts of
// reloads never pile ticks up.
func (w *worklist) wakeCmd() tea.Cmd {
	if w.nextWake.IsZero() || (!w.timer.IsZero() && !w.timer.After(w.nextWake)) {
		return nil
	}
	at := w.nextWake
	w.timer = at
	return tea.Tick(at.Sub(w.ctx.Now()), func(time.Time) tea.Msg { return snoozeWakeMsg{at: at} })
}

// snoozeWoke reloads the work list when a snooze ends and sets the next
// timer.
func (m *Model) snoozeWoke(msg snoozeWakeMsg) tea.Cmd {
	w := m.wf.work
	if w == nil {
		return nil
	}
	if w.timer.Equal(msg.at) {
		w.timer = time.Time{}
	}
	if err := w.load(); err != nil {
		m.fail(err)
		return nil
	}
	return w.wakeCmd()
}
