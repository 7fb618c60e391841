package hub

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// pagingBackend is the real service with its event reads counted: how
// many bounded pages the hub read, the most log entries one of them
// covered, and any unbounded EventsSince the hub still made.
type pagingBackend struct {
	*backend.Service
	pages, since atomic.Int64
	widest       atomic.Uint64
}

func (b *pagingBackend) EventsPage(ctx context.Context, userID string, after uint64, limit int) (backend.EventPage, error) {
	b.pages.Add(1)
	p, err := b.Service.EventsPage(ctx, userID, after, limit)
	if err == nil {
		for {
			w := b.widest.Load()
			if p.Next-after <= w || b.widest.CompareAndSwap(w, p.Next-after) {
				break
			}
		}
	}
	return p, err
}

func (b *pagingBackend) EventsSince(ctx context.Context, userID string, after uint64, limit int) ([]crm.Event, error) {
	b.since.Add(1)
	return b.Service.EventsSince(ctx, userID, after, limit)
}

// A user who sees none of ~5,000 events catches up in bounded reads: no
// read covers more than EventScanFactor × EventPage entries, pages of
// nothing send nothing, the one visible event in the middle arrives, and
// the cursor ends at the log's end, so the next reconnect reads nothing
// again.
func TestCatchUpReadsThroughInvisibleEventsInBoundedPages(t *testing.T) {
	const page = 10
	var pb *pagingBackend
	srv := newTestServer(t, withHubConfig(HubConfig{EventPage: page}), withBackend(func(svc *backend.Service) Backend {
		pb = &pagingBackend{Service: svc}
		return pb
	}))
	// One event of carol's: her first sync then has a cursor to resume from.
	makeReadEvents(t, srv, "u_carol", 1)
	carol := newTestClient(t, srv, tokCarol, "")
	carol.converged("u_carol", 10*time.Second)
	carol.waitCaughtUp("u_carol", 5*time.Second)
	carol.stop()
	from := carol.cursor()

	// Alice's read marks are hers alone; one inbound SMS to carol's team
	// number in the middle is the event carol must not lose.
	makeReadEvents(t, srv, "u_alice", 2500)
	srv.inbound("+12025550188", numEast, "for the east team", 1)
	makeReadEvents(t, srv, "u_alice", 2500)
	last := srv.service().LastSeq()
	if last-from < 5000 {
		t.Fatalf("only %d events committed", last-from)
	}
	want, err := srv.service().EventsSince(context.Background(), "u_carol", from, 100)
	if err != nil || len(want) == 0 || len(want) > 10 || want[len(want)-1].Seq >= last-2000 {
		t.Fatalf("carol should see a few events in the middle of the log: %d, %v", len(want), err)
	}

	pb.pages.Store(0)
	framesBefore := len(carol.seenFrames())
	carol.start()
	carol.converged("u_carol", 20*time.Second)
	waitFor(t, "carol's cursor at the log's end", 10*time.Second, func() bool { return carol.cursor() == last })

	if n := pb.since.Load(); n != 0 {
		t.Errorf("the hub made %d unbounded EventsSince reads", n)
	}
	if w := pb.widest.Load(); w > backend.EventScanFactor*page {
		t.Errorf("one read covered %d log entries, bound %d", w, backend.EventScanFactor*page)
	}
	minPages := int64((last - from) / (backend.EventScanFactor * page))
	if n := pb.pages.Load(); n < minPages {
		t.Errorf("%d page reads for %d entries: the reads were not bounded", n, last-from)
	}
	got := map[uint64]bool{}
	var events []wire.Frame
	for _, f := range carol.seenFrames()[framesBefore:] {
		if f.Type != wire.TypeEvents {
			continue
		}
		events = append(events, f)
		if len(f.Events) == 0 && f.More {
			t.Errorf("an events frame with nothing in it and more to come: %+v", f)
		}
		for _, ev := range f.Events {
			got[ev.Seq] = true
			if ev.Seq > from && ev.Kind == crm.EventConversationRead {
				t.Errorf("carol received alice's read mark %d", ev.Seq)
			}
		}
	}
	for _, ev := range want {
		if !got[ev.Seq] {
			t.Errorf("visible event %d (%s) never arrived", ev.Seq, ev.Kind)
		}
	}
	if len(events) > 4 {
		t.Errorf("%d events frames for one visible event", len(events))
	}

	// Reconnecting reads nothing again: one page, past the log's end.
	carol.stop()
	pb.pages.Store(0)
	pb.widest.Store(0)
	framesBefore = len(carol.seenFrames())
	carol.start()
	waitFor(t, "the second catch-up", 10*time.Second, func() bool {
		for _, f := range carol.seenFrames()[framesBefore:] {
			if f.Type == wire.TypeEvents && !f.More && f.Cursor == 0 && len(f.Events) == 0 {
				return true // the empty final frame: caught up with nothing to say
			}
		}
		return false
	})
	if n, w := pb.pages.Load(), pb.widest.Load(); n != 1 || w != 0 {
		t.Errorf("reconnect at the log's end: %d page reads covering %d entries, want 1 covering 0", n, w)
	}
}

// sinceOnly hides the optional EventPager (and MessageCounter): a backend
// with EventsSince alone still catches clients up.
type sinceOnly struct{ Backend }

func TestCatchUpWithoutEventPager(t *testing.T) {
	srv := newTestServer(t, withHubConfig(HubConfig{EventPage: 3}), withBackend(func(svc *backend.Service) Backend { return sinceOnly{svc} }))
	makeReadEvents(t, srv, "u_alice", 1)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	alice.stop()
	for i := range 10 {
		srv.inbound("+12025550199", numAlice, "hello", i)
	}
	makeReadEvents(t, srv, "u_alice", 10)
	alice.start()
	alice.converged("u_alice", 10*time.Second)
	waitFor(t, "alice's cursor at the log's end", 10*time.Second, func() bool { return alice.cursor() == srv.service().LastSeq() })
}
