package backend

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// fillLog stores n inbound messages from one customer to Alice's own number:
// after the first (whose new lead is public), none is visible to Carol.
func fillLog(t testing.TB, e *env, n int) (leadSeq uint64) {
	t.Helper()
	for i := range n {
		if err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMfill%05d", i),
			From: "+12025550177", To: numAlice, Body: fmt.Sprint("message ", i)}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			leadSeq = e.svc.LastSeq()
		}
	}
	return leadSeq
}

// A user who sees nothing of a long stretch of the log cannot make one call
// read all of it: each call reads at most EventScanFactor × limit entries
// and says where it stopped; continuing from there reaches the end.
func TestEventsPageBoundsTheScan(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	from := fillLog(t, e, 150)
	last := e.svc.LastSeq()
	const limit = 5
	if last-from <= EventScanFactor*limit {
		t.Fatalf("log too short for the test: %d entries", last-from)
	}
	after, calls := from, 0
	for {
		p, err := e.svc.EventsPage(t.Context(), "u_carol", after, limit)
		if err != nil {
			t.Fatal(err)
		}
		calls++
		if len(p.Events) != 0 {
			t.Fatalf("carol sees %d events of alice's number", len(p.Events))
		}
		if p.Next-after > EventScanFactor*limit {
			t.Fatalf("one call read %d entries, bound %d", p.Next-after, EventScanFactor*limit)
		}
		if p.Next <= after && p.More {
			t.Fatalf("no progress: after %d, next %d", after, p.Next)
		}
		after = p.Next
		if !p.More {
			break
		}
	}
	if after != last {
		t.Fatalf("stopped at %d, log ends at %d", after, last)
	}
	if want := int((last - from + EventScanFactor*limit - 1) / (EventScanFactor * limit)); calls < want {
		t.Fatalf("%d calls, want at least %d", calls, want)
	}
	// The limit stops a user who sees everything.
	p, err := e.svc.EventsPage(t.Context(), "u_alice", from, limit)
	if err != nil || len(p.Events) != limit || !p.More || p.Next != p.Events[limit-1].Seq {
		t.Fatalf("alice: %d events, next %d, more %v, err %v", len(p.Events), p.Next, p.More, err)
	}
	// Caught up: nothing more, Next stays.
	p, err = e.svc.EventsPage(t.Context(), "u_alice", last, limit)
	if err != nil || len(p.Events) != 0 || p.More || p.Next != last {
		t.Fatalf("at the end: %+v %v", p, err)
	}
}

// EventsSince (the interface sync uses) still returns every visible event
// up to limit, however far apart they are.
func TestEventsSinceStillReadsPastTheBound(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	fillLog(t, e, 150)
	fillEnd := e.svc.LastSeq()
	e.inbound("SMcarol", phoneMarc, numEast, "for carol, far down the log")
	all, err := e.svc.EventsSince(t.Context(), "u_carol", 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	var want []uint64
	for _, ev := range all {
		want = append(want, ev.Seq)
	}
	if len(want) == 0 || want[len(want)-1] <= fillEnd {
		t.Fatalf("carol's events %v do not reach past the %d entries she cannot see", want, fillEnd)
	}
	// Page by page with a small limit gives the same sequence.
	var got []uint64
	after := uint64(0)
	for {
		evs, err := e.svc.EventsSince(t.Context(), "u_carol", after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, ev := range evs {
			got = append(got, ev.Seq)
		}
		after = evs[len(evs)-1].Seq
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paged %v, want %v", got, want)
	}
}

// The head-only visibility check agrees with decoding the whole event, for
// every entry of a log with public, audience-only and unseen events.
func TestEventVisibleToMatchesFullDecode(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	fillLog(t, e, 5)
	e.inbound("SMcarol", phoneMarc, numEast, "for carol")
	users := []string{"u_alice", "u_bob", "u_carol", "u_dave", "u_nobody"}
	err := e.svc.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
			var se storedEvent
			if err := json.Unmarshal(v, &se); err != nil {
				return err
			}
			for _, u := range users {
				got, err := eventVisibleTo(v, u)
				if err != nil {
					return err
				}
				if want := se.VisibleTo(u); got != want {
					t.Errorf("event %s (%s) for %s: head says %v, full decode %v", k, se.Kind, u, got, want)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
