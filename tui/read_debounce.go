package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
)

// readDelay is how long a reply shown in the open pane waits before it is
// marked read, so a burst of replies costs one mark_read command, not one
// per message.
const readDelay = 400 * time.Millisecond

// readDueMsg fires readDelay after the first unread reply of a burst.
type readDueMsg struct{ convID string }

// scheduleRead starts the burst's timer unless one is already running for
// this conversation.
func (m *Model) scheduleRead(convID string) tea.Cmd {
	if m.readDue == convID {
		return nil
	}
	m.readDue = convID
	return tea.Tick(readDelay, func(time.Time) tea.Msg { return readDueMsg{convID: convID} })
}

// readNow marks the conversation read up to what the pane shows, if it is
// still open and still holds unread replies.
func (m *Model) readNow(convID string) tea.Cmd {
	if m.readDue == convID {
		m.readDue = ""
	}
	if !m.shownUnread() || m.pane.convID != convID {
		return nil
	}
	m.readUpTo[convID] = m.pane.row.LastMessageAt
	return m.enqueue(crm.Command{ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdMarkRead, ConversationID: convID})
}
