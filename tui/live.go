package tui

import (
	tea "charm.land/bubbletea/v2"

	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// changesMsg is one coalesced batch of cache changes.
type changesMsg struct{ change localdb.Change }

// statusMsg is the sync link's newest status.
type statusMsg struct{ status client.Status }

// waitChanges waits for the first change on ch, then drains whatever else is
// already queued and merges it all into one message: View runs after every
// message, so a burst of sync events must cost one redraw, not hundreds.
func waitChanges(ch <-chan localdb.Change) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		first, ok := <-ch
		if !ok {
			return nil
		}
		merged := first
		for {
			select {
			case c, ok := <-ch:
				if !ok {
					return changesMsg{merged}
				}
				merged = merged.Merge(c)
			default:
				return changesMsg{merged}
			}
		}
	}
}

// waitStatus waits for the link's next status, keeping only the newest of
// any already queued.
func waitStatus(ch <-chan client.Status) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return nil
		}
		for {
			select {
			case next, ok := <-ch:
				if !ok {
					return statusMsg{s}
				}
				s = next
			default:
				return statusMsg{s}
			}
		}
	}
}
