package backend

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"smsdesk/crm"
)

// TestOwnerChangesUnderInboundLoad reassigns a number back and forth while
// inbound messages to it are committed in the same group commits, and
// checks, event by event in Seq order, that every message went exactly to
// the audience of the owner in force at its place in the log. This is what
// swapping the directory inside the transaction guarantees: a change
// committed after an owner change in the same group already sees it.
func TestOwnerChangesUnderInboundLoad(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	var mu sync.Mutex
	var log []crm.Event
	cancel := e.svc.Subscribe(func(evs []crm.Event) {
		mu.Lock()
		log = append(log, evs...)
		mu.Unlock()
	})
	defer cancel()
	start := e.svc.LastSeq()

	root, _ := e.svc.dir.Load().user("u_root")
	owners := []crm.Owner{{Kind: crm.OwnerTeam, ID: "t_east"}, {Kind: crm.OwnerUser, ID: "u_bob"}, {Kind: crm.OwnerTeam, ID: "t_west"}}
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	customers := []string{phoneJane, phoneMarc, phoneLena, "+14155553001"}
	for g := range 4 {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: fmt.Sprintf("SMown%d_%d", g, i),
					From: customers[(g+i)%len(customers)], To: numWest, Body: "x"})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := range 30 {
		if _, err := e.svc.SetNumberOwner(context.Background(), root, numWest, owners[i%len(owners)]); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	last := e.svc.LastSeq()
	eventually(t, "every event delivered", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(log) > 0 && log[len(log)-1].Seq == last
	})

	d := e.svc.dir.Load()
	recOwner := func(id string) crm.Owner {
		sum, ok := e.svc.records.get(id)
		if !ok {
			t.Fatalf("record %s", id)
		}
		return sum.Owner
	}
	owner := crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"} // as seeded
	checked, changes := 0, 0
	mu.Lock()
	defer mu.Unlock()
	for _, ev := range log {
		if ev.Seq <= start {
			continue
		}
		switch {
		case ev.Kind == crm.EventNumber && ev.Number.Number == numWest:
			owner = ev.Number.Owner
			changes++
		case ev.Kind == crm.EventMessage && ev.Conversation.BusinessNumber == numWest:
			want := crm.Audience(owner, recOwner(ev.Conversation.Record.ID), d.memberIDs, d.isSeller)
			if !slices.Equal(ev.Audience, want) {
				t.Fatalf("event %d (message %s) went to %v; the owner then was %+v, so %v", ev.Seq, ev.Message.ID, ev.Audience, owner, want)
			}
			checked++
		}
	}
	if changes != 30 || checked == 0 {
		t.Fatalf("%d owner changes, %d messages checked", changes, checked)
	}
	t.Logf("%d messages checked across %d owner changes", checked, changes)
}
