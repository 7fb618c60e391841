package tui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"smsdesk/localdb"
	"smsdesk/sync"
)

// changesMsg is one coalesced batch of cache changes.
type changesMsg struct{ change localdb.Change }

// statusMsg is the sync link's newest status.
type statusMsg struct{ status sync.Status }

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
				mergeChange(&merged, c)
			default:
				return changesMsg{merged}
			}
		}
	}
}

// mergeChange folds c into into, each id once.
func mergeChange(into *localdb.Change, c localdb.Change) {
	into.Snapshot = into.Snapshot || c.Snapshot
	into.Outbox = into.Outbox || c.Outbox
	// Every answer counts: a screen may be waiting on any one of them.
	into.Answers = append(into.Answers, c.Answers...)
	for _, id := range c.Conversations {
		if !slices.Contains(into.Conversations, id) {
			into.Conversations = append(into.Conversations, id)
		}
	}
	for _, id := range c.Removed {
		if !slices.Contains(into.Removed, id) {
			into.Removed = append(into.Removed, id)
		}
	}
	for _, k := range c.Kinds {
		if !slices.Contains(into.Kinds, k) {
			into.Kinds = append(into.Kinds, k)
		}
	}
}

// waitStatus waits for the link's next status, keeping only the newest of
// any already queued.
func waitStatus(ch <-chan sync.Status) tea.Cmd {
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
