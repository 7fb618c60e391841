package localdb

import (
	"reflect"
	"testing"

	"smsdesk/crm"
)

// hasMessage: the conversation's cached history holds a message with id.
func hasMessage(t *testing.T, db *DB, convID, id string) bool {
	t.Helper()
	msgs, err := db.LastMessages(convID, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.ID == id {
			return true
		}
	}
	return false
}

func cursorOf(t *testing.T, db *DB) uint64 {
	t.Helper()
	seq, err := db.Cursor()
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// A snapshot is stored with cursor 0 and counts only once CompleteSnapshot
// stores its Seq: the data is untouched, no Change is published (no screen
// has anything new to show), the cursor survives a reopen, and the events
// the snapshot already holds are then skipped.
func TestCompleteSnapshotStoresOnlyTheCursor(t *testing.T) {
	clk := newClock()
	db, path := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(0)))
	must(t, db.ApplyMessages([]crm.Message{inbound("i1", "cv1", at(1))}))
	if seq := cursorOf(t, db); seq != 0 {
		t.Fatalf("cursor %d before the snapshot is complete", seq)
	}
	before := readState(t, db)

	changes, cancel := db.Subscribe()
	must(t, db.CompleteSnapshot(42))
	select {
	case c := <-changes:
		t.Errorf("completing a snapshot published %+v", c)
	default:
	}
	cancel()
	after := readState(t, db)
	if after.Cursor != 42 {
		t.Fatalf("cursor %d, want 42", after.Cursor)
	}
	after.Cursor = before.Cursor
	if !reflect.DeepEqual(after, before) {
		t.Errorf("completing the snapshot changed the data:\n got %+v\nwant %+v", after, before)
	}

	// Events the snapshot holds already are skipped; later ones apply.
	must(t, db.ApplyEvents([]crm.Event{msgEvent(40, inbound("old", "cv1", at(2))), msgEvent(43, inbound("new", "cv1", at(3)))}))
	if hasMessage(t, db, "cv1", "old") {
		t.Error("an event at or below the snapshot's Seq was applied")
	}
	if !hasMessage(t, db, "cv1", "new") {
		t.Error("the event after the snapshot was not applied")
	}

	must(t, db.Close())
	db2, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if seq := cursorOf(t, db2); seq != 43 {
		t.Fatalf("cursor %d after reopening, want 43", seq)
	}
}

// ApplyEventsThrough moves the cursor past the events to where the server
// stopped reading, in the same transaction, and never back; unknown kinds
// still only move the cursor.
func TestApplyEventsThroughMovesTheCursorForwardOnly(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(10)))

	must(t, db.ApplyEventsThrough([]crm.Event{msgEvent(11, inbound("i1", "cv1", at(1)))}, 500))
	if seq := cursorOf(t, db); seq != 500 {
		t.Fatalf("cursor %d, want 500 (read through)", seq)
	}
	if !hasMessage(t, db, "cv1", "i1") {
		t.Fatal("the frame's event was not applied")
	}
	// Nothing visible, the read went on: only the cursor moves.
	must(t, db.ApplyEventsThrough(nil, 900))
	if seq := cursorOf(t, db); seq != 900 {
		t.Fatalf("cursor %d, want 900", seq)
	}
	// A through behind the cursor or behind the events never moves it back.
	must(t, db.ApplyEventsThrough(nil, 700))
	must(t, db.ApplyEventsThrough([]crm.Event{{Seq: 950, Kind: "some_future_kind"}}, 920))
	if seq := cursorOf(t, db); seq != 950 {
		t.Fatalf("cursor %d, want 950 (the unknown kind's Seq)", seq)
	}
}
