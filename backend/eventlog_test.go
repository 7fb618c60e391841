package backend

import (
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"

	"smsdesk/crm"
)

// collector is a Subscribe callback that records what it gets, without
// blocking, past after: a subscription may or may not be handed the events
// committed just before it (the dataset import's), so those are left out.
type collector struct {
	mu    sync.Mutex
	after uint64
	evs   []crm.Event
}

func (c *collector) add(evs []crm.Event) {
	c.mu.Lock()
	for _, ev := range evs {
		if ev.Seq > c.after {
			c.evs = append(c.evs, ev)
		}
	}
	c.mu.Unlock()
}

func (c *collector) snapshot() []crm.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.evs)
}

func TestSubscribeDeliversInSeqOrder(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	col := collector{after: e.svc.LastSeq()}
	cancel := e.svc.Subscribe(col.add)
	defer cancel()
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := []string{phoneJane, phoneMarc, phoneLena, "+12025550123"}[i%4]
			to := []string{numAlice, numEast, numWest}[i%3]
			if err := e.svc.ReceiveSMS(t.Context(), crm.InboundSMS{ProviderID: "SMc" + string(rune('A'+i)), From: from, To: to, Body: "hi"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	last := e.svc.LastSeq()
	eventually(t, "all events delivered", func() bool { return uint64(len(col.snapshot())) == last-col.after })
	for i, ev := range col.snapshot() {
		if ev.Seq != col.after+uint64(i+1) {
			t.Fatalf("event %d has seq %d", i, ev.Seq)
		}
	}
}

func TestEventsSinceFiltersAndMoveRevokes(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	seeded := e.svc.LastSeq()                            // the import's own (public) event
	e.inbound("SM1", phoneMarc, numAlice, "hello alice") // c_marc is carol's; Alice direct is alice's
	c, _ := e.conversationOn(tokAlice, numAlice, phoneMarc)
	if c.Record.ID != "c_marc" {
		t.Fatalf("routed to %s", c.Record.ID)
	}
	for _, u := range []string{"u_alice", "u_carol"} {
		evs, err := e.svc.EventsSince(t.Context(), u, seeded, 100)
		if err != nil || len(evs) == 0 {
			t.Fatalf("%s: %v %d", u, err, len(evs))
		}
	}
	if evs, _ := e.svc.EventsSince(t.Context(), "u_bob", seeded, 100); len(evs) != 0 {
		t.Fatalf("bob sees %d events of others' conversation", len(evs))
	}
	before := e.svc.LastSeq()
	// Alice moves it to her own contact: carol loses it, nobody gains it
	// (alice already saw it through her number).
	res := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_mv", Kind: crm.CmdMoveConversation,
		Move: &crm.MoveConversation{ConversationID: c.ID, To: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}}})
	if !res.OK {
		t.Fatal(res.Error)
	}
	carol, _ := e.svc.EventsSince(t.Context(), "u_carol", before, 100)
	if len(carol) != 1 || carol[0].Kind != crm.EventConversationRevoked || carol[0].ConversationID != c.ID {
		t.Fatalf("carol after move: %+v", carol)
	}
	// Then to a lead of bob's: bob gains it (granted), alice keeps it.
	before = e.svc.LastSeq()
	res = e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_mv2", Kind: crm.CmdMoveConversation,
		Move: &crm.MoveConversation{ConversationID: c.ID, To: crm.RecordRef{Type: crm.RecordLead, ID: "l_tom"}}})
	if !res.OK {
		t.Fatal(res.Error)
	}
	bob, _ := e.svc.EventsSince(t.Context(), "u_bob", before, 100)
	if len(bob) != 2 || bob[0].Kind != crm.EventConversationGranted || bob[1].Kind != crm.EventConversation {
		t.Fatalf("bob after move: %+v", bob)
	}
	alice, _ := e.svc.EventsSince(t.Context(), "u_alice", before, 100)
	if len(alice) != 1 || alice[0].Kind != crm.EventConversation || alice[0].Conversation.Record.ID != "l_tom" {
		t.Fatalf("alice after move: %+v", alice)
	}
	if _, ok := e.conversationOn(tokBob, numAlice, phoneMarc); !ok {
		t.Fatal("bob does not see the conversation moved to his lead")
	}
	// The snapshot agrees with the log.
	snap, err := e.svc.Snapshot(t.Context(), "u_carol")
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range snap.Conversations {
		if sc.ID == c.ID {
			t.Fatal("carol's snapshot still holds the revoked conversation")
		}
	}
	if snap.Seq != e.svc.LastSeq() {
		t.Fatalf("snapshot seq %d, last %d", snap.Seq, e.svc.LastSeq())
	}
}

func TestEventLogIsBounded(t *testing.T) {
	e := &env{t: t, dir: t.TempDir(), prov: &countingProvider{}, clock: newTestClock()}
	svc, err := Open(Config{Dir: e.dir, Now: e.clock.Now, MaxEvents: 5})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	t.Cleanup(func() { svc.Close() })
	if err := svc.ImportDataset(dataset(t, "base.json", nil)); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if err := svc.ReceiveSMS(t.Context(), crm.InboundSMS{ProviderID: "SMb" + string(rune('a'+i)), From: phoneJane, To: numAlice, Body: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	last := svc.LastSeq()
	if _, err := svc.EventsSince(t.Context(), "u_alice", 0, 10); !errors.Is(err, ErrCursorTooOld) {
		t.Fatalf("old cursor: %v", err)
	}
	evs, err := svc.EventsSince(t.Context(), "u_alice", last-5, 10)
	if err != nil || len(evs) == 0 || evs[len(evs)-1].Seq != last {
		t.Fatalf("recent cursor: %v %d", err, len(evs))
	}
	if _, err := svc.EventsSince(t.Context(), "u_alice", last+10, 10); !errors.Is(err, ErrCursorTooOld) {
		t.Fatalf("cursor ahead of the log: %v", err)
	}
}

func TestConversationMessagesPaging(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	for i := range 5 {
		e.inbound("SMp"+string(rune('a'+i)), phoneMarc, numEast, string(rune('a'+i)))
	}
	c, _ := e.conversationOn(tokCarol, numEast, phoneMarc)
	var got []string
	after := ""
	for {
		page, err := e.svc.ConversationMessages(t.Context(), "u_carol", c.ID, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, m := range page {
			got = append(got, m.Body)
		}
		after = page[len(page)-1].ID
	}
	// The imported history message first, then a..e.
	if want := []string{"Bonjour Marc, le devis pour l'extension est prêt.", "a", "b", "c", "d", "e"}; !slices.Equal(got, want) {
		t.Fatalf("pages: %q", got)
	}
	if _, err := e.svc.ConversationMessages(t.Context(), "u_alice", c.ID, "", 2); !errors.Is(err, ErrNotFound) {
		t.Fatalf("alice paging carol's conversation: %v", err)
	}
}

func TestStoredEventsReadBackAsEmitted(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	col := collector{after: e.svc.LastSeq()}
	cancel := e.svc.Subscribe(col.add)
	defer cancel()
	e.inbound("SM1", phoneJane, numAlice, "hello")
	e.inbound("SM2", "+12025550123", numEast, "new person")
	last := e.svc.LastSeq()
	eventually(t, "delivery", func() bool { return uint64(len(col.snapshot())) == last-col.after })
	live := map[uint64]crm.Event{}
	for _, ev := range col.snapshot() {
		live[ev.Seq] = ev
	}
	for _, u := range []string{"u_alice", "u_carol", "u_dave"} {
		evs, err := e.svc.EventsSince(t.Context(), u, col.after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			want, _ := json.Marshal(live[ev.Seq])
			got, _ := json.Marshal(ev)
			if string(got) != string(want) {
				t.Fatalf("event %d read back as\n%s\nwant\n%s", ev.Seq, got, want)
			}
		}
	}
}
