package hub

import (
	"sync"

	"smsdesk/crm"
)

// pendingEvents buffers the live events routed to one connection until its
// pump sends them. It is bounded in events, not batches, so a connection
// catching up through a long snapshot can absorb a burst of small batches;
// past the bound the connection is closed rather than let the hub block or
// memory grow (the client catches up from its cursor).
type pendingEvents struct {
	mu      sync.Mutex
	batches [][]crm.Event
	n       int
	max     int
	ready   chan struct{} // capacity 1: "something is pending"
}

func newPendingEvents(max int) *pendingEvents {
	return &pendingEvents{max: max, ready: make(chan struct{}, 1)}
}

// push never blocks. It reports false (and closes c) on overflow.
func (p *pendingEvents) push(c *conn, evs []crm.Event) bool {
	p.mu.Lock()
	if p.n+len(evs) > p.max {
		p.mu.Unlock()
		c.close(closeOverflow, "too slow: send queue overflow")
		return false
	}
	p.batches = append(p.batches, evs)
	p.n += len(evs)
	p.mu.Unlock()
	select {
	case p.ready <- struct{}{}:
	default:
	}
	return true
}

// take returns everything pending, in order, and empties the buffer.
func (p *pendingEvents) take() [][]crm.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.batches
	p.batches = nil
	p.n = 0
	return b
}
