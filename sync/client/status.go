package client

import (
	"time"
)

// State is where the client stands with the server.
type State int

const (
	StateConnecting State = iota // dialling
	StateSyncing                 // connected, receiving the catch-up or a snapshot
	StateOnline                  // caught up; live events flow, commands are sent at once
	StateOffline                 // disconnected (waiting to retry) or cut on purpose
)

func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateSyncing:
		return "syncing"
	case StateOnline:
		return "online"
	case StateOffline:
		return "offline"
	}
	return "unknown"
}

// Status is what the TUI shows about sync.
type Status struct {
	State     State
	Queued    int       // commands waiting in the outbox
	Progress  float64   // 0..1 during a first sync
	LastError string    // why the last connection failed or ended
	Retry     time.Time // next reconnect attempt while offline; zero when not scheduled
}

// publishStatus replaces whatever status the TUI has not read yet: the
// channel holds one value and the newest wins (drain, then send). The mutex
// makes drain-and-send atomic between publishers, so the send never blocks.
func (c *Client) publishStatus(mut func(*Status)) {
	c.statusMu.Lock()
	defer c.statusMu.Unlock()
	mut(&c.cur)
	select {
	case <-c.status:
	default:
	}
	c.status <- c.cur
}

// Status returns the channel of status updates: buffered 1, newest wins.
func (c *Client) Status() <-chan Status { return c.status }
