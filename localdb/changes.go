package localdb

import (
	"sort"
	"sync"

	"smsdesk/crm"
)

// Change is published after every committed write; the TUI coalesces them.
type Change struct {
	Conversations []string // ids whose row or messages changed
	Removed       []string // conversation ids removed (revoked)
	Kinds         []crm.EventKind
	Snapshot      bool // everything may have changed
	Outbox        bool // outbox length changed
	// Answers are the server's results for commands whose answer the
	// cache keeps nowhere else (a number's owner change, a new template),
	// accepted or refused: a screen waiting on one can say so, and why.
	// Sends and moves keep theirs on the conversation row.
	Answers []crm.CommandResult
}

// subscriberBuffer is how many Changes wait before publishing starts to
// merge them. The TUI redraws once per batch anyway.
const subscriberBuffer = 64

type subscriber struct {
	mu     sync.Mutex // serialises senders, so a pop always makes room
	ch     chan Change
	closed bool
}

// Subscribe returns a channel of Changes. It never blocks a writer: when the
// channel is full, the oldest waiting Change is merged into the new one, so
// the subscriber may see fewer Changes but never misses that something
// changed. cancel closes the channel; Close cancels every subscription.
func (db *DB) Subscribe() (ch <-chan Change, cancel func()) {
	s := &subscriber{ch: make(chan Change, subscriberBuffer)}
	db.subsMu.Lock()
	db.subs[s] = struct{}{}
	db.subsMu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			db.subsMu.Lock()
			delete(db.subs, s)
			db.subsMu.Unlock()
			s.close()
		})
	}
}

func (s *subscriber) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}

func (s *subscriber) send(c Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	for {
		select {
		case s.ch <- c:
			return
		default:
		}
		// Full: take the oldest out and fold it into c. Only senders hold
		// s.mu, so after a successful pop the next send has room.
		select {
		case old := <-s.ch:
			c = old.Merge(c)
		default:
		}
	}
}

func (db *DB) publish(c Change) {
	db.subsMu.Lock()
	subs := make([]*subscriber, 0, len(db.subs))
	for s := range db.subs {
		subs = append(subs, s)
	}
	db.subsMu.Unlock()
	for _, s := range subs {
		s.send(c)
	}
}

func (db *DB) closeSubscribers() {
	db.subsMu.Lock()
	subs := db.subs
	db.subs = map[*subscriber]struct{}{}
	db.subsMu.Unlock()
	for s := range subs {
		s.close()
	}
}

// Merge is c and o as one change: each conversation, removal and kind
// once, every answer kept (a screen may be waiting on any one of them).
// The cache coalesces a slow subscriber's queued changes with it, and the
// TUI the burst it drains at once: one rule for both.
func (c Change) Merge(o Change) Change {
	var cs changeSet
	cs.add(c)
	cs.add(o)
	return cs.change()
}

// changeSet accumulates what one transaction touched.
type changeSet struct {
	convs    map[string]struct{}
	removed  map[string]struct{}
	kinds    map[crm.EventKind]struct{}
	snapshot bool
	outbox   bool
	answers  []crm.CommandResult
}

func (cs *changeSet) conv(id string) {
	if cs.convs == nil {
		cs.convs = map[string]struct{}{}
	}
	cs.convs[id] = struct{}{}
}

func (cs *changeSet) remove(id string) {
	if cs.removed == nil {
		cs.removed = map[string]struct{}{}
	}
	cs.removed[id] = struct{}{}
}

func (cs *changeSet) kind(k crm.EventKind) {
	if cs.kinds == nil {
		cs.kinds = map[crm.EventKind]struct{}{}
	}
	cs.kinds[k] = struct{}{}
}

func (cs *changeSet) answer(res crm.CommandResult) { cs.answers = append(cs.answers, res) }

func (cs *changeSet) add(c Change) {
	for _, id := range c.Conversations {
		cs.conv(id)
	}
	for _, id := range c.Removed {
		cs.remove(id)
	}
	for _, k := range c.Kinds {
		cs.kind(k)
	}
	cs.snapshot = cs.snapshot || c.Snapshot
	cs.outbox = cs.outbox || c.Outbox
	cs.answers = append(cs.answers, c.Answers...)
}

func (cs *changeSet) empty() bool {
	return len(cs.convs) == 0 && len(cs.removed) == 0 && len(cs.kinds) == 0 && !cs.snapshot && !cs.outbox && len(cs.answers) == 0
}

func (cs *changeSet) change() Change {
	c := Change{Snapshot: cs.snapshot, Outbox: cs.outbox, Answers: cs.answers}
	for id := range cs.convs {
		c.Conversations = append(c.Conversations, id)
	}
	for id := range cs.removed {
		c.Removed = append(c.Removed, id)
	}
	for k := range cs.kinds {
		c.Kinds = append(c.Kinds, k)
	}
	sort.Strings(c.Conversations)
	sort.Strings(c.Removed)
	sort.Slice(c.Kinds, func(i, j int) bool { return c.Kinds[i] < c.Kinds[j] })
	return c
}
