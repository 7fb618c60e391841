package localdb

import (
	"testing"

	"smsdesk/crm"
)

func ownerCmd(id string, owner crm.Owner) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdSetNumberOwner,
		NumberOwner: &crm.SetNumberOwner{Number: bizNum, Owner: owner}}
}

func numberOwner(t *testing.T, db *DB) crm.Owner {
	t.Helper()
	nums, err := db.Numbers()
	must(t, err)
	for _, n := range nums {
		if n.Number == bizNum {
			return n.Owner
		}
	}
	t.Fatalf("number %s is not in the cache", bizNum)
	return crm.Owner{}
}

// The Phone numbers screen shows a reassignment at once; a snapshot that
// arrives before the acknowledgement does not undo it.
func TestEnqueueNumberOwnerEchoesAndSurvivesSnapshot(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	east := crm.Owner{Kind: crm.OwnerTeam, ID: "t1"}
	changes, cancel := db.Subscribe()
	defer cancel()
	must(t, db.Enqueue(ownerCmd("cmd_own", east)))
	if got := numberOwner(t, db); got != east {
		t.Fatalf("owner after enqueue = %+v, want the echo %+v", got, east)
	}
	if c := <-changes; !c.Outbox || len(c.Kinds) != 1 || c.Kinds[0] != crm.EventNumber {
		t.Fatalf("change = %+v, want the number kind and the outbox", c)
	}
	must(t, db.ApplySnapshot(snapshot(2)))
	if got := numberOwner(t, db); got != east {
		t.Fatalf("owner after a snapshot = %+v, want the pending %+v", got, east)
	}
	<-changes // the snapshot
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_own", OK: true}))
	if got := numberOwner(t, db); got != east {
		t.Fatalf("owner after the ack = %+v", got)
	}
	if c := <-changes; len(c.Answers) != 1 || !c.Answers[0].OK {
		t.Fatalf("change = %+v, want the acceptance", c)
	}
}

// A refusal puts the previous owner back and publishes the error, which
// is kept nowhere else.
func TestRefusedNumberOwnerRevertsAndPublishesTheError(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(ownerCmd("cmd_own", crm.Owner{Kind: crm.OwnerUser, ID: "u2"})))
	changes, cancel := db.Subscribe()
	defer cancel()
	refusal := &crm.CommandError{Code: crm.ErrForbidden, Message: "u1 may not numbers.owner"}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_own", Error: refusal}))
	if got, want := numberOwner(t, db), (crm.Owner{Kind: crm.OwnerUser, ID: "u1"}); got != want {
		t.Fatalf("owner after the refusal = %+v, want %+v back", got, want)
	}
	c := <-changes
	if len(c.Answers) != 1 || c.Answers[0].ID != "cmd_own" || c.Answers[0].Error.Code != crm.ErrForbidden {
		t.Fatalf("change = %+v, want the refusal", c)
	}
	// Merged changes keep every answer.
	merged := c.Merge(Change{Answers: []crm.CommandResult{{ID: "cmd_2", OK: true}}})
	if len(merged.Answers) != 2 {
		t.Fatalf("merged answers = %+v", merged.Answers)
	}
}

// A refusal never overwrites an owner something newer set meanwhile.
func TestRefusedNumberOwnerKeepsANewerOwner(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(ownerCmd("cmd_own", crm.Owner{Kind: crm.OwnerUser, ID: "u2"})))
	east := crm.Owner{Kind: crm.OwnerTeam, ID: "t1"}
	n := crm.BusinessNumber{Number: bizNum, Name: "Main", Owner: east}
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventNumber, Public: true, Number: &n}}))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_own", Error: &crm.CommandError{Code: crm.ErrNotFound, Field: "owner"}}))
	if got := numberOwner(t, db); got != east {
		t.Fatalf("owner = %+v, want the server's %+v", got, east)
	}
}

func TestEnqueueNumberOwnerNeedsANumber(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	if err := db.Enqueue(crm.Command{ID: "cmd_bad", Kind: crm.CmdSetNumberOwner}); err == nil {
		t.Fatal("a set_number_owner without its payload was queued")
	}
}
