package tui

import (
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
)

// markAllRead is the notification center's "mark all read": one command
// that reads every notification and every conversation the grid shows
// unread, so the bell and the New column fall to zero together, on every
// device of the seller.
func (m *Model) markAllRead() tea.Cmd {
	var ids []string
	for _, r := range m.grid.all {
		if r.Unread > 0 {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 && len(m.notes.items) == 0 {
		return nil
	}
	for _, id := range ids {
		if row, ok := m.grid.byID[id]; ok {
			m.readUpTo[id] = row.LastMessageAt
		}
	}
	return m.enqueue(crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdMarkAllRead, ConversationIDs: ids})
}
