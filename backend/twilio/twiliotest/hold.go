package twiliotest

import "sync"

// Hold is one send whose answer the fake keeps back (HoldNextAnswer).
// Arrived receives the send once the fake has accepted and recorded it and
// is holding its answer: from then on Twilio has the message, whatever
// happens to the caller. A test that kills the caller after Arrived knows
// the kill landed with an accepted send unanswered.
type Hold struct {
	// Arrived yields the held send (buffered: it never blocks the fake).
	Arrived <-chan Send

	arrived  chan Send
	released chan struct{}
	once     sync.Once
	s        *Server
}

// HoldNextAnswer holds the answer to the next accepted send (after any
// HoldNextAnswers or DropNextAnswers already pending for it) until Release,
// or until the caller gives up on its request.
func (s *Server) HoldNextAnswer() *Hold {
	h := &Hold{arrived: make(chan Send, 1), released: make(chan struct{}), s: s}
	h.Arrived = h.arrived
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds = append(s.holds, h)
	return h
}

// Release answers the held send, or, if no send came yet, withdraws the
// hold so it catches none. Safe to call twice.
func (h *Hold) Release() {
	h.once.Do(func() {
		h.s.mu.Lock()
		for i, q := range h.s.holds {
			if q == h {
				h.s.holds = append(h.s.holds[:i], h.s.holds[i+1:]...)
				break
			}
		}
		h.s.mu.Unlock()
		close(h.released)
	})
}

// takeHold is the hold for a send being accepted, if one waits; called with
// s.mu held.
func (s *Server) takeHold() *Hold {
	if len(s.holds) == 0 {
		return nil
	}
	h := s.holds[0]
	s.holds = s.holds[1:]
	return h
}
