package tui

import (
	"smsdesk/sync/client"
)

// Link is the TUI's handle on the sync client: its status feed, a nudge to
// send the outbox now, and the demo's switch to cut the connection.
// *client.Client satisfies it; screens can also run with no link at all (nil),
// which is how model tests start before any server exists.
type Link interface {
	// Status delivers the newest status; buffered, the newest wins.
	Status() <-chan client.Status
	// Flush asks the client to send the outbox now if online.
	Flush()
	// SetOffline cuts (true) or restores (false) the connection on purpose.
	SetOffline(off bool)
}

// LinkStopped tells the model the sync client gave up (Run returned): the
// seller must know that waiting will not help. When Err is (or wraps)
// client.ErrUnauthorized the model quits, and the program that runs it says
// why on the restored terminal.
type LinkStopped struct{ Err error }
