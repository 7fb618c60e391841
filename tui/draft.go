package tui

// keepDraft stores what the open pane's compose box holds as that
// conversation's draft (or drops it when empty), so closing the pane,
// opening another conversation or quitting never loses a half-written
// message. A new thread not yet sent has no conversation to keep it on.
func (m *Model) keepDraft() {
	p := m.pane
	if p == nil || p.convID == "" {
		return
	}
	if err := m.ctx.DB.SaveDraft(p.convID, p.compose.value()); err != nil {
		m.fail(err)
	}
}
