package client

import (
	"context"
	"net"
	"time"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// Hooks let tests watch and steer a Client from outside the package: the
// hub's end-to-end tests run a real Client against a real server and need
// to see frames arrive, hold an acknowledgement back or throttle the
// connection. Every field is nil in production; set them before Run.
type Hooks struct {
	AfterFrame func(wire.Frame)             // after a frame was applied
	OnReceive  func(wire.Frame)             // when a frame was read and decoded, before it is applied
	BeforeAck  func(crm.CommandResult) bool // false: drop the session instead of acknowledging
	// NetDialContext, when set, opens the TCP connection under the websocket
	// (tests shrink its buffers to make a slow reader).
	NetDialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

// SetBackoff replaces the reconnect delays (250 ms doubling to 30 s by
// default); tests shorten them so reconnects happen quickly, or lengthen
// them so none happens. Call it before Run.
func (c *Client) SetBackoff(min, max time.Duration) { c.backoff.min, c.backoff.max = min, max }

// Traffic is what a client has received since it was made.
type Traffic struct {
	Bytes, Frames, Events, Messages int64
}

// Traffic reads the counters benchmarks report (bytes per reconnect,
// messages per second).
func (c *Client) Traffic() Traffic {
	return Traffic{
		Bytes:    c.stats.bytes.Load(),
		Frames:   c.stats.frames.Load(),
		Events:   c.stats.events.Load(),
		Messages: c.stats.messages.Load(),
	}
}
