package tui

import (
	tea "charm.land/bubbletea/v2"
)

// wheelStep is how many lines one wheel notch scrolls.
const wheelStep = 3

// bellHitWidth is how many columns at the header's right end open the
// notification center when clicked.
const bellHitWidth = 14

// handleClick selects what was clicked; a second click on the same row
// within doubleClickWindow opens it.
func (m *Model) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft || m.focus == focusHelp {
		return nil
	}
	l := m.layout()
	now := m.ctx.Now()
	double := func(area clickArea, row int) bool {
		prev := m.lastClick
		m.lastClick = click{at: now, x: mouse.X, y: mouse.Y, area: area, row: row}
		return prev.area == area && prev.row == row && now.Sub(prev.at) <= doubleClickWindow
	}
	y := mouse.Y - l.bodyY
	switch {
	case mouse.Y == 0 && m.bellShown() && mouse.X >= m.ctx.Width-bellHitWidth:
		// The bell sits at the right end of the header.
		if m.focus == focusNotifications {
			m.closeNotifications()
			return nil
		}
		return m.openNotifications()
	case y < 0 || y >= l.bodyH:
		return nil
	case l.screenW > 0:
		return m.clickScreenRow(y, double)
	case l.notesW > 0:
		// Line 0 is the center's title.
		i := m.notes.list.rowAt(y-1, len(m.notes.items))
		if i < 0 {
			return nil
		}
		m.notes.list.jump(i, len(m.notes.items))
		if double(clickNotifications, i) {
			return m.openNotification()
		}
	case l.gridW > 0 && mouse.X < l.gridW:
		// Line 0 is the column header.
		i := m.grid.list.rowAt(y-1, len(m.grid.view))
		if i < 0 {
			return nil
		}
		m.grid.list.jump(i, len(m.grid.view))
		if m.focus != focusFilter {
			m.blurCompose()
			m.focus = focusGrid
		}
		if double(clickGrid, i) {
			return m.openConversation(m.grid.view[i].ID)
		}
	case l.paneW > 0 && mouse.X >= l.paneX && m.pane != nil:
		return m.clickPane(y)
	}
	return nil
}

// clickPane focuses the compose box or the clicked message.
func (m *Model) clickPane(y int) tea.Cmd {
	p := m.pane
	histTop := 3
	histEnd := histTop + p.history.height
	switch {
	case m.focus == focusRelated && m.wf.related != nil:
		return m.clickRelated(y-histTop, p.history.height)
	case y == 0:
		// The title is the record's name: it opens the record screen.
		return m.openRecordScreen(p.recordRef.ID, focusPane)
	case y >= histEnd && p.canSend():
		m.focus = focusCompose
		return p.focusCompose()
	case y >= histTop && y < histEnd:
		m.blurCompose()
		m.focus = focusPane
		if i := p.history.messageAt(y - histTop); i >= 0 {
			p.history.sel = i
		}
	default:
		m.blurCompose()
		m.focus = focusPane
	}
	return nil
}

func (m *Model) blurCompose() {
	if m.pane != nil {
		m.pane.blurCompose()
	}
}

// handleWheel scrolls whatever is under the pointer.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) {
	mouse := msg.Mouse()
	delta := 0
	switch mouse.Button {
	case tea.MouseWheelUp:
		delta = -wheelStep
	case tea.MouseWheelDown:
		delta = wheelStep
	default:
		return
	}
	l := m.layout()
	switch {
	case l.screenW > 0:
		m.scrollScreen(delta)
	case l.notesW > 0:
		m.notes.list.scroll(delta, len(m.notes.items))
	case l.gridW > 0 && mouse.X < l.gridW:
		m.grid.list.scroll(delta, len(m.grid.view))
	case l.paneW > 0 && m.pane != nil:
		if err := m.pane.history.scroll(delta); err != nil {
			m.fail(err)
		}
	}
}
