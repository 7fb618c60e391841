package backend

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// DefaultMaxEvents bounds the event log: older events are dropped and a
// cursor older than what is left gets ErrCursorTooOld (the client takes a
// snapshot). A million events is weeks of a busy team's traffic.
const DefaultMaxEvents = 1_000_000

// appendEvent stores ev in the log inside tx with the next Seq. The Seq
// comes from the bucket's own sequence, which bbolt rolls back with the
// transaction, so a batch function that bbolt re-runs gets the same numbers.
// Keeping the log bounded costs one delete per append: the event that falls
// off the end.
func appendEvent(tx *bolt.Tx, ev *crm.Event, maxEvents uint64, raw eventRaw) error {
	body, err := encodeEvent(*ev, raw)
	if err != nil {
		return err
	}
	seq, err := appendEncoded(tx, body, maxEvents)
	ev.Seq = seq
	return err
}

// encodeEvent is an event's stored form. Its Seq is not part of it: the
// key is the Seq, set on read.
func encodeEvent(ev crm.Event, raw eventRaw) ([]byte, error) {
	ev.Seq = 0
	var se storedEvent
	if raw.conversation != nil {
		// Already in compact form (encodeWithLastMessage).
		se = storedEvent{Event: ev, LastIsMessage: true, LastRoutingIsMessage: raw.routingIsMessage}
		se.Conversation = nil
	} else {
		se = compactEvent(ev)
	}
	// Payloads already encoded are spliced in as they are: json.RawMessage
	// would re-validate and copy them, which cost as much as encoding.
	if raw.message != nil {
		se.Message = nil
	}
	if raw.notification != nil {
		se.Notification = nil
	}
	body, err := json.Marshal(se)
	if err != nil {
		return nil, fmt.Errorf("encode %s event: %w", ev.Kind, err)
	}
	if raw.message != nil {
		body = spliceField(body, "message", raw.message)
	}
	if raw.notification != nil {
		body = spliceField(body, "notification", raw.notification)
	}
	if raw.conversation != nil {
		body = spliceField(body, "conversation", raw.conversation)
	}
	return body, nil
}

// appendEncoded stores an encoded event under the next Seq.
func appendEncoded(tx *bolt.Tx, body []byte, maxEvents uint64) (uint64, error) {
	b := tx.Bucket(bEvents)
	seq, err := b.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("event seq: %w", err)
	}
	if err := b.Put(seqKey(seq), body); err != nil {
		return 0, fmt.Errorf("append event %d: %w", seq, err)
	}
	if maxEvents > 0 && seq > maxEvents {
		if err := b.Delete(seqKey(seq - maxEvents)); err != nil {
			return 0, fmt.Errorf("trim event log: %w", err)
		}
	}
	return seq, nil
}

// storedEvent is an event as the log stores it. A message event's
// conversation row almost always ends with that very message (and, inbound,
// its routing): storing them twice doubled the log's bytes, which is what a
// group commit pays for in page writes. They are stored once and restored on
// read, so readers get exactly the event that was emitted.
type storedEvent struct {
	crm.Event
	LastIsMessage        bool `json:"last_is_message,omitempty"`
	LastRoutingIsMessage bool `json:"last_routing_is_message,omitempty"`
}

// eventRaw carries payloads already encoded for their own bucket, so the
// log reuses those bytes instead of encoding them again (nil: encode).
type eventRaw struct {
	message, notification json.RawMessage
	// conversation is a message event's conversation already in its
	// compact stored form: without its last message (which is the event's
	// message) and, when routingIsMessage, without its last routing.
	conversation     json.RawMessage
	routingIsMessage bool
}

// spliceField appends "name":value to the JSON object obj (which does not
// hold name). value must be valid JSON (it comes from json.Marshal).
func spliceField(obj []byte, name string, value []byte) []byte {
	out := make([]byte, 0, len(obj)+len(name)+len(value)+4)
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, '"')
	out = append(out, name...)
	out = append(out, '"', ':')
	out = append(out, value...)
	return append(out, '}')
}

func compactEvent(ev crm.Event) storedEvent {
	se := storedEvent{Event: ev}
	if ev.Message == nil || ev.Conversation == nil {
		return se
	}
	c := *ev.Conversation
	if c.LastMessage != nil && reflect.DeepEqual(*c.LastMessage, *ev.Message) {
		c.LastMessage = nil
		se.LastIsMessage = true
	}
	if c.LastRouting != nil && ev.Message.Routing != nil && c.LastRouting.Equal(*ev.Message.Routing) {
		c.LastRouting = nil
		se.LastRoutingIsMessage = true
	}
	se.Conversation = &c
	return se
}

func (se storedEvent) expand() crm.Event {
	ev := se.Event
	if ev.Conversation != nil && ev.Message != nil && (se.LastIsMessage || se.LastRoutingIsMessage) {
		c := *ev.Conversation
		if se.LastIsMessage {
			m := *ev.Message
			c.LastMessage = &m
		}
		if se.LastRoutingIsMessage && ev.Message.Routing != nil {
			r := *ev.Message.Routing
			c.LastRouting = &r
		}
		ev.Conversation = &c
	}
	return ev
}

// LastSeq is the newest committed Seq.
func (s *Service) LastSeq() uint64 { return s.lastSeq.Load() }

// EventScanFactor bounds one EventsPage call: it reads at most
// EventScanFactor × limit log entries, however few of them the user may
// see, so that a user who sees little cannot make one call read the whole
// log (a million entries) while others wait.
const EventScanFactor = 20

// EventPage is one bounded read of the event log for one user.
type EventPage struct {
	// Events are the entries read that the user may see, in Seq order.
	Events []crm.Event
	// Next is the Seq of the last entry read (the after passed in when
	// none was): the next call continues with after = Next. It may be past
	// the last event in Events, over entries the user may not see.
	Next uint64
	// More is true when the log held entries after Next when it was read
	// (the limit or the scan bound stopped the read, not the log's end).
	More bool
}

// EventsPage returns up to limit events with Seq > after that userID may
// see, reading at most EventScanFactor × limit entries, and where the read
// stopped. A cursor the trimmed log no longer reaches, or one ahead of the
// log (a store restored from an older backup), is ErrCursorTooOld: the
// client must take a snapshot.
func (s *Service) EventsPage(ctx context.Context, userID string, after uint64, limit int) (EventPage, error) {
	if limit <= 0 {
		limit = 1000
	}
	page := EventPage{Next: after}
	maxScan := EventScanFactor * limit
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bEvents)
		last := b.Sequence()
		if after > last {
			return fmt.Errorf("cursor %d is ahead of the log (last %d): %w", after, last, ErrCursorTooOld)
		}
		c := b.Cursor()
		k, v := c.Seek(seqKey(after + 1))
		if k == nil {
			return nil // up to date
		}
		if first := binary.BigEndian.Uint64(k); first > after+1 {
			return fmt.Errorf("cursor %d, log starts at %d: %w", after, first, ErrCursorTooOld)
		}
		for scanned := 0; k != nil; k, v = c.Next() {
			if len(page.Events) >= limit || scanned >= maxScan {
				page.More = true
				return nil
			}
			if scanned%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			scanned++
			seq := binary.BigEndian.Uint64(k)
			page.Next = seq
			// Most entries of a busy log are for other users: read who may
			// see it before decoding the whole event.
			visible, err := eventVisibleTo(v, userID)
			if err != nil {
				return fmt.Errorf("decode event %d: %w", seq, err)
			}
			if !visible {
				continue
			}
			var se storedEvent
			if err := json.Unmarshal(v, &se); err != nil {
				return fmt.Errorf("decode event %d: %w", seq, err)
			}
			ev := se.expand()
			ev.Seq = seq
			page.Events = append(page.Events, ev)
		}
		return nil
	})
	if err != nil {
		return EventPage{}, fmt.Errorf("events since %d: %w", after, err)
	}
	return page, nil
}

// eventVisibleTo reports whether userID may see the stored event raw,
// reading only its head: json.Marshal writes crm.Event's fields in order,
// and Public and Audience come before every payload, so the first key
// after them ends the question without decoding (or even scanning) the
// message, conversation or record that makes up most of the bytes.
func eventVisibleTo(raw []byte, userID string) (bool, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false, fmt.Errorf("event is not a JSON object: %v", err)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, err
		}
		switch t {
		case "seq", "kind", "at":
			if _, err := dec.Token(); err != nil { // scalars
				return false, err
			}
		case "public":
			var pub bool
			if err := dec.Decode(&pub); err != nil {
				return false, err
			}
			if pub {
				return true, nil
			}
		case "audience":
			var aud []string
			if err := dec.Decode(&aud); err != nil {
				return false, err
			}
			return slices.Contains(aud, userID), nil
		default:
			return false, nil // a payload: neither public nor for anyone
		}
	}
	return false, nil
}

// EventsSince returns up to limit events with Seq > after that userID may
// see, in order (the interface docs/DESIGN.md gives sync). It reads the log
// in bounded EventsPage steps, each its own read transaction, until it
// has limit events or reaches the end, so it still reads as far as it must:
// a caller that serves untrusted users should call EventsPage and continue
// from its Next instead. ErrCursorTooOld as EventsPage.
func (s *Service) EventsSince(ctx context.Context, userID string, after uint64, limit int) ([]crm.Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	var out []crm.Event
	for {
		p, err := s.EventsPage(ctx, userID, after, limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, p.Events...)
		if !p.More || len(out) >= limit {
			return out, nil
		}
		after = p.Next
	}
}

// Subscribe delivers every committed event batch, in Seq order, to fn. fn is
// called from the dispatcher goroutine and must not block: a slow subscriber
// would delay everyone else's delivery (never a commit, though).
func (s *Service) Subscribe(fn func([]crm.Event)) (cancel func()) {
	return s.disp.subscribe(fn)
}

// dispatcher hands committed events to subscribers in Seq order. Writers
// publish after their commit, possibly out of order (several goroutines
// finish one group commit at once), so it holds events until the run from
// next is contiguous. Publishing never blocks a writer.
type dispatcher struct {
	mu      sync.Mutex
	next    uint64 // the next Seq to deliver
	pending map[uint64]crm.Event
	subs    map[int]func([]crm.Event)
	nextSub int
	wake    chan struct{}
	done    chan struct{}
	stopped chan struct{}
}

func newDispatcher(next uint64) *dispatcher {
	d := &dispatcher{
		next:    next,
		pending: map[uint64]crm.Event{},
		subs:    map[int]func([]crm.Event){},
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	go d.run()
	return d
}

func (d *dispatcher) publish(evs []crm.Event) {
	if len(evs) == 0 {
		return
	}
	d.mu.Lock()
	for _, ev := range evs {
		d.pending[ev.Seq] = ev
	}
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *dispatcher) subscribe(fn func([]crm.Event)) func() {
	d.mu.Lock()
	id := d.nextSub
	d.nextSub++
	d.subs[id] = fn
	d.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			d.mu.Lock()
			delete(d.subs, id)
			d.mu.Unlock()
		})
	}
}

func (d *dispatcher) run() {
	defer close(d.stopped)
	for {
		select {
		case <-d.done:
			return
		case <-d.wake:
		}
		for {
			d.mu.Lock()
			var batch []crm.Event
			for {
				ev, ok := d.pending[d.next]
				if !ok {
					break
				}
				delete(d.pending, d.next)
				batch = append(batch, ev)
				d.next++
			}
			subs := make([]func([]crm.Event), 0, len(d.subs))
			for _, fn := range d.subs {
				subs = append(subs, fn)
			}
			d.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			for _, fn := range subs {
				fn(batch)
			}
		}
	}
}

func (d *dispatcher) stop() {
	close(d.done)
	<-d.stopped
}
