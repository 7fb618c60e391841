package tui

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// bigWorld is a cache of nConv conversations with msgsPerConv messages each,
// plus one thread of longThread messages (cv_long), for scrolling tests and
// the benchmarks. Seeded through ApplySnapshot and ApplyMessages as sync
// would.
func bigWorld(tb testing.TB, path string, clk *testClock, nConv int, msgsPerConv func(i int) int, longThreadLen int) *localdb.DB {
	tb.Helper()
	db, err := localdb.Open(path, localdb.Options{Now: clk.Now})
	if err != nil {
		tb.Fatalf("open cache: %v", err)
	}
	snap, _ := fixtureWorld()
	snap.Conversations = nil
	snap.Notifications = nil
	snap.ReadMarks = map[string]time.Time{}
	snap.Records = snap.Records[:0]
	types := crm.RecordTypes
	for i := range nConv + 1 {
		id := fmt.Sprintf("r_%05d", i)
		cust := fmt.Sprintf("+3361%07d", i)
		rec := crm.Record{
			ID: id, Type: types[i%len(types)], Name: fmt.Sprintf("Customer %05d", i), Active: true,
			Owner:  crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"},
			Phones: map[crm.PhoneField]string{crm.PhoneMobile: cust},
		}
		snap.Records = append(snap.Records, rec)
		convID := fmt.Sprintf("cv_%05d", i)
		if i == nConv {
			convID = "cv_long"
		}
		last := ago(time.Duration(i) * time.Minute)
		lm := crm.Message{ID: fmt.Sprintf("m_%05d_last", i), ConversationID: convID, Direction: crm.Inbound,
			Body: fmt.Sprintf("Last message of conversation %d", i), CreatedAt: last, Status: crm.StatusReceived}
		snap.Conversations = append(snap.Conversations, crm.Conversation{
			ID: convID, Record: rec.Ref(), RecordName: rec.Name, BusinessNumber: numAna, CustomerNumber: cust,
			CreatedAt: ago(90 * 24 * time.Hour), LastMessageAt: last, LastMessage: &lm,
		})
		snap.ReadMarks[convID] = last
	}
	if err := db.ApplySnapshot(snap); err != nil {
		tb.Fatalf("seed snapshot: %v", err)
	}
	const batch = 20000
	page := make([]crm.Message, 0, batch)
	flush := func() {
		if len(page) == 0 {
			return
		}
		if err := db.ApplyMessages(page); err != nil {
			tb.Fatalf("seed messages: %v", err)
		}
		page = page[:0]
	}
	add := func(convID string, i, j, n int) {
		dir, st := crm.Inbound, crm.StatusReceived
		if j%2 == 1 {
			dir, st = crm.Outbound, crm.StatusDelivered
		}
		at := ago(time.Duration(i)*time.Minute + time.Duration(n-j)*time.Second)
		page = append(page, crm.Message{
			ID: fmt.Sprintf("m_%05d_%05d", i, j), ConversationID: convID, Direction: dir,
			Body:      fmt.Sprintf("Message %d of conversation %d, with enough words to wrap on a narrow pane", j, i),
			CreatedAt: at, Status: st, StatusAt: at,
		})
		if len(page) == batch {
			flush()
		}
	}
	for i := range nConv {
		n := msgsPerConv(i)
		for j := range n {
			add(fmt.Sprintf("cv_%05d", i), i, j, n)
		}
	}
	for j := range longThreadLen {
		add("cv_long", nConv, j, longThreadLen)
	}
	flush()
	return db
}

func TestLiveRowKeepsItsScreenLineWhenScrolled(t *testing.T) {
	clk := &testClock{t: testNow}
	db := bigWorld(t, filepath.Join(t.TempDir(), "cache.db"), clk, 100, func(int) int { return 1 }, 0)
	t.Cleanup(func() { _ = db.Close() })
	h := newHarnessOn(t, db, clk, nil, 120, 32, languageEnglish)
	h.press("ctrl+d", "ctrl+d", "ctrl+d", "k") // somewhere in the middle, scrolled
	name, line := h.selectedName(), h.m.grid.list.cursor-h.m.grid.list.offset
	if h.m.grid.list.offset == 0 {
		t.Fatal("grid did not scroll")
	}
	ev := h.inboundEvent(2, "cv_00090", "m_live", "Fresh reply", testNow)
	if err := db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	if got := h.selectedName(); got != name {
		t.Fatalf("cursor moved from %q to %q", name, got)
	}
	if got := h.m.grid.list.cursor - h.m.grid.list.offset; got != line {
		t.Fatalf("selected row moved from screen line %d to %d", line, got)
	}
	mustContain(t, h.screen(), name)
}
