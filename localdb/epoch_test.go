package localdb

import (
	"testing"

	"smsdesk/crm"
)

// The cursor only counts within its epoch: a server naming another epoch
// sends the cursor back to 0 (the cache data and the outbox stay until the
// snapshot), the same epoch leaves it alone, and both survive a reopen.
func TestAdoptEpochResetsTheCursorOnlyOnAChange(t *testing.T) {
	clk := newClock()
	db, path := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(0)))
	must(t, db.CompleteSnapshot(42))
	must(t, db.AdoptEpoch("ep_a"))
	if seq, epoch, err := db.CursorEpoch(); err != nil || seq != 0 || epoch != "ep_a" {
		t.Fatalf("after a first epoch: cursor %d epoch %q err %v, want 0 ep_a (a cursor from no known epoch is not trusted)", seq, epoch, err)
	}
	must(t, db.CompleteSnapshot(50))
	must(t, db.AdoptEpoch("ep_a"))
	if seq := cursorOf(t, db); seq != 50 {
		t.Fatalf("the same epoch moved the cursor to %d", seq)
	}
	must(t, db.Enqueue(crm.Command{ID: "cmd_1", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	must(t, db.AdoptEpoch("ep_b"))
	if seq, epoch, _ := db.CursorEpoch(); seq != 0 || epoch != "ep_b" {
		t.Fatalf("after a new epoch: cursor %d epoch %q, want 0 ep_b", seq, epoch)
	}
	if n, _ := db.OutboxLen(); n != 1 {
		t.Fatalf("a new epoch left %d commands in the outbox, want 1", n)
	}
	must(t, db.Close())
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if seq, epoch, _ := db.CursorEpoch(); seq != 0 || epoch != "ep_b" {
		t.Fatalf("after a reopen: cursor %d epoch %q", seq, epoch)
	}
}
