package tui

import "time"

// LinkState is the connection state the header shows.
type LinkState int

const (
	LinkConnecting LinkState = iota
	LinkSyncing
	LinkOnline
	LinkOffline
)

// LinkStatus is the sync client's status as the TUI needs it.
type LinkStatus struct {
	State     LinkState
	Queued    int     // commands waiting in the outbox
	Progress  float64 // 0..1 during a first sync
	LastError string
	Retry     time.Time // next reconnect attempt while offline
}

// Link is the TUI's handle on the sync client: its status feed, a nudge to
// send the outbox now, and the demo's switch to cut the connection. The TUI
// depends on this small interface rather than on the client itself so that
// screens can be driven without a server, and a fake is never needed: tests
// pass nil or the real client through NewSyncLink.
type Link interface {
	// Status delivers the newest status; the channel is buffered and the
	// newest wins, so a reader never sees a stale backlog.
	Status() <-chan LinkStatus
	// Flush asks the client to send the outbox now if online.
	Flush()
	// SetOffline cuts (true) or restores (false) the connection on purpose.
	SetOffline(off bool)
}
