package tui

import (
	"errors"
	"slices"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
)

// handleKey routes a key press: global keys first (except where the seller is
// typing text), then the focused screen's keys.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.Keys
	if key.Matches(msg, k.Global.Quit) {
		return tea.Quit
	}
	// ctrl+o types nothing, so it works while typing too: a presenter cuts
	// the link in the middle of a sentence.
	if key.Matches(msg, k.Global.Offline) && m.ctx.Link != nil {
		m.offline = !m.offline
		link, off := m.ctx.Link, m.offline
		return func() tea.Msg { link.SetOffline(off); return nil }
	}
	typing := typingFocus(m.focus) || m.focus == focusOwnerLookup || m.stepNoteTyping()
	if !typing {
		switch {
		case key.Matches(msg, k.Global.Undo) && m.wf.undo != nil && m.wf.undoShown && m.focus != focusHelp:
			return m.undoMove()
		case m.focus == focusHelp:
			m.focus = m.prevFocus
			return nil
		case key.Matches(msg, k.Global.Help):
			m.prevFocus, m.focus = m.focus, focusHelp
			return nil
		case key.Matches(msg, k.Global.Notifications) && m.bellShown() && m.focus != focusNotifications:
			return m.openNotifications()
		}
	}
	switch m.focus {
	case focusFilter:
		return m.filterKey(msg)
	case focusPane:
		return m.paneKey(msg)
	case focusCompose:
		return m.composeKey(msg)
	case focusFromSelector, focusToSelector:
		return m.selectorKey(msg)
	case focusNotifications:
		return m.notificationsKey(msg)
	case focusRecords, focusRecord, focusMove, focusTemplates, focusTemplateForm, focusRelated, focusWorklist:
		return m.workflowKey(msg)
	case focusPhoneNumbers, focusOwnerLookup:
		return m.phoneNumbersKey(msg)
	default:
		return m.gridKey(msg)
	}
}

func (m *Model) gridKey(msg tea.KeyPressMsg) tea.Cmd {
	g, k := m.grid, m.ctx.Keys.Grid
	n := len(g.view)
	half := max(g.list.height/2, 1)
	// A key on the grid puts its highlight back on its cursor.
	g.setDetached(false)
	if cmd, ok := m.gridWorkflowKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, m.ctx.Keys.Admin.PhoneNumbers), slices.Contains(m.ctx.Keys.Admin.PhoneNumbers.Keys(), msg.String()):
		// The key is off for sellers (so the bar does not offer it), but
		// pressed anyway it says why rather than doing nothing.
		return m.openPhoneNumbers()
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Up):
		g.list.move(-1, n)
	case key.Matches(msg, k.Down):
		g.list.move(1, n)
	case key.Matches(msg, k.Top):
		g.list.jump(0, n)
	case key.Matches(msg, k.Bottom):
		g.list.jump(n-1, n)
	case key.Matches(msg, k.HalfDown):
		g.list.move(half, n)
	case key.Matches(msg, k.HalfUp):
		g.list.move(-half, n)
	case key.Matches(msg, k.Open):
		if r := g.selected(); r != nil {
			return m.openConversation(r.ID)
		}
	case key.Matches(msg, k.Filter):
		m.focus = focusFilter
	case key.Matches(msg, k.Sort):
		g.cycleSort()
		m.setFlash(m.ctx.T.T("grid.sorted_by", g.sortLabel()), false)
	case key.Matches(msg, k.NextUnread):
		if !g.nextUnread() {
			m.setFlash(m.ctx.T.T("grid.no_unread"), false)
		}
	case key.Matches(msg, k.FocusPane):
		if m.pane != nil {
			m.focus = focusPane
		}
	case key.Matches(msg, k.ClearFilter):
		if g.filter != "" {
			g.setFilter("")
		}
	}
	return nil
}

// filterKey edits the filter line; the rows re-filter on every key.
func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	g, k := m.grid, m.ctx.Keys.Grid
	n := len(g.view)
	switch {
	case key.Matches(msg, k.AcceptFilterInput):
		m.focus = focusGrid
	case key.Matches(msg, k.ClearFilter):
		g.setFilter("")
		m.focus = focusGrid
	case msg.String() == "up":
		g.list.move(-1, n)
	case msg.String() == "down":
		g.list.move(1, n)
	case msg.String() == "backspace":
		if g.filter != "" {
			_, size := utf8.DecodeLastRuneInString(g.filter)
			g.setFilter(g.filter[:len(g.filter)-size])
		}
	case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
		g.setFilter(g.filter + msg.Text)
	}
	return nil
}

func (m *Model) paneKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := m.pane, m.ctx.Keys.Pane
	if p == nil {
		m.focus = focusGrid
		return nil
	}
	h := p.history
	if m.why != nil {
		// Any key closes the panel; esc does nothing more.
		m.why = nil
		if key.Matches(msg, k.Close) {
			return nil
		}
	}
	if key.Matches(msg, k.Why) {
		m.openWhy()
		return nil
	}
	if cmd, ok := m.paneWorkflowKey(msg); ok {
		return cmd
	}
	var err error
	switch {
	case key.Matches(msg, k.Up):
		err = h.moveSel(-1)
	case key.Matches(msg, k.Down):
		err = h.moveSel(1)
	case key.Matches(msg, k.Top):
		err = h.toOldest()
	case key.Matches(msg, k.Bottom):
		h.toNewest()
	case key.Matches(msg, k.HalfDown):
		err = h.scroll(max(h.height/2, 1))
	case key.Matches(msg, k.HalfUp):
		err = h.scroll(-max(h.height/2, 1))
	case key.Matches(msg, k.Compose):
		if p.canSend() {
			m.focus = focusCompose
			return p.focusCompose()
		}
		m.setFlash(m.cannotSendReason(), true)
	case key.Matches(msg, k.Retry):
		if !p.canSend() {
			m.setFlash(m.cannotSendReason(), true)
			return nil
		}
		to, err := p.retry()
		switch {
		case errors.Is(err, errNotFailed):
			m.setFlash(m.ctx.T.T("pane.retry_not_failed"), false)
			return nil
		case err != nil:
			m.fail(err)
			return nil
		}
		m.setFlash(m.ctx.T.T("pane.retry_queued", to), false)
		return m.flush()
	case key.Matches(msg, k.FromNumber):
		if len(p.from.options) > 1 {
			m.focus = focusFromSelector
		} else {
			m.setFlash(m.ctx.T.T("pane.one_from_number"), false)
		}
	case key.Matches(msg, k.ToNumber):
		if len(p.to.options) > 1 {
			m.focus = focusToSelector
		} else {
			m.setFlash(m.ctx.T.T("pane.one_to_number"), false)
		}
	case key.Matches(msg, k.FocusGrid):
		if !m.narrow() {
			m.focus = focusGrid
		}
	case key.Matches(msg, k.Close):
		m.closePane()
	case key.Matches(msg, k.CopyLink):
		return m.copyLink()
	}
	if err != nil {
		m.fail(err)
	}
	return nil
}

// cannotSendReason explains why the compose box is not offered.
func (m *Model) cannotSendReason() string {
	p := m.pane
	switch {
	case p.cannotReply():
		return cannotReplyText(m.ctx, p.row.SenderKind)
	case p.noPhone():
		return m.ctx.T.T("pane.no_phone")
	case p.optedOut():
		return m.ctx.T.T("pane.opted_out")
	}
	return m.ctx.T.T("pane.no_from_number")
}

func (m *Model) composeKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := m.pane, m.ctx.Keys.Compose
	if p == nil {
		m.focus = focusGrid
		return nil
	}
	if cmd, ok := m.composeWorkflowKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Send):
		if !p.canSend() {
			m.setFlash(m.cannotSendReason(), true)
			return nil
		}
		cmd, err := p.send()
		if err != nil {
			m.setFlash(m.ctx.T.T("error.queue", err.Error()), true)
			return nil
		}
		if cmd.ID == "" {
			return nil
		}
		if err := m.grid.patch([]string{cmd.Send.ConversationID}, nil); err != nil {
			m.fail(err)
		}
		if m.grid.detached {
			// The new thread has its row now: the grid points at it.
			m.grid.setDetached(false)
			m.grid.selectID(cmd.Send.ConversationID)
		}
		m.afterSend(cmd)
		return m.flush()
	case key.Matches(msg, k.Leave):
		p.blurCompose()
		m.focus = focusPane
		return nil
	}
	return p.compose.update(msg)
}

func (m *Model) selectorKey(msg tea.KeyPressMsg) tea.Cmd {
	p, k := m.pane, m.ctx.Keys.Selector
	if p == nil {
		m.focus = focusGrid
		return nil
	}
	sel := &p.from
	if m.focus == focusToSelector {
		sel = &p.to
	}
	switch {
	case key.Matches(msg, k.Up):
		sel.move(-1)
	case key.Matches(msg, k.Down):
		sel.move(1)
	case key.Matches(msg, k.Choose):
		from, _ := p.from.choice()
		to, _ := p.to.choice()
		// A failed text, focused when another number is chosen, goes along
		// into the compose box of that number's thread, ready to send.
		carry := p.failedBody()
		moved := p.convID == "" || from.Number != p.row.BusinessNumber || to.Number != p.row.CustomerNumber
		if err := p.choosePair(from.Number, to.Number); err != nil {
			m.fail(err)
		}
		p.setSize(p.width, p.height)
		m.focus = focusPane
		if carry != "" && moved && p.compose.value() == "" && p.canSend() {
			p.compose.area.SetValue(carry)
			m.setFlash(m.ctx.T.T("pane.retry_carried", to.Number), false)
			m.focus = focusCompose
			return p.focusCompose()
		}
	case key.Matches(msg, k.Cancel):
		// Put the cursor back on what is in use.
		if p.convID != "" {
			p.from.point(p.row.BusinessNumber)
			p.to.point(p.row.CustomerNumber)
		}
		m.focus = focusPane
	}
	return nil
}

// openNotifications shows the notification center.
func (m *Model) openNotifications() tea.Cmd {
	if err := m.notes.load(); err != nil {
		m.fail(err)
		return nil
	}
	m.notes.list.jump(0, len(m.notes.items))
	if m.focus != focusNotifications {
		m.prevFocus = m.focus
	}
	m.focus, m.notesOpen = focusNotifications, true
	return nil
}

func (m *Model) closeNotifications() {
	m.notesOpen = false
	m.focus = m.prevFocus
	if m.focus == focusNotifications || m.focus == focusHelp || (m.pane == nil && m.focus != focusGrid) {
		m.focus = focusGrid
	}
}

func (m *Model) notificationsKey(msg tea.KeyPressMsg) tea.Cmd {
	nc, k := m.notes, m.ctx.Keys.Notifications
	n := len(nc.items)
	switch {
	case key.Matches(msg, k.Up):
		nc.list.move(-1, n)
	case key.Matches(msg, k.Down):
		nc.list.move(1, n)
	case key.Matches(msg, k.Open):
		return m.openNotification()
	case key.Matches(msg, k.MarkAll):
		return m.markAllRead()
	case key.Matches(msg, k.Close):
		m.closeNotifications()
	}
	return nil
}

// openNotification opens the selected notification's conversation and
// marks the notification read.
func (m *Model) openNotification() tea.Cmd {
	it, ok := m.notes.selected()
	if !ok {
		return nil
	}
	var cmds []tea.Cmd
	if it.ReadAt == nil {
		cmds = append(cmds, m.enqueue(crm.Command{
			ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdMarkNotificationRead, NotificationID: it.ID,
		}))
	}
	m.notesOpen = false
	if it.ConversationID == "" {
		m.focus = focusGrid
		return tea.Batch(cmds...)
	}
	if g := m.grid; g.filter != "" {
		if _, visible := g.byID[it.ConversationID]; visible {
			g.setFilter("")
		}
	}
	cmds = append(cmds, m.openConversation(it.ConversationID))
	if m.pane == nil {
		m.focus = focusGrid
	}
	return tea.Batch(cmds...)
}
