package localdb

import (
	"testing"

	"smsdesk/crm"
)

// stepSnapshot is snapshot(seq) with one open step of u1's on r1.
func stepSnapshot(seq uint64) crm.Snapshot {
	s := snapshot(seq)
	s.WorkItems = []crm.WorkItem{{ID: "wi1", Record: crm.RecordRef{Type: crm.RecordContact, ID: "r1"}, Step: "text", Due: at(60), Owner: "u1"}}
	return s
}

func cachedStep(t *testing.T, db *DB) (crm.WorkItem, bool) {
	t.Helper()
	items, err := db.WorkItems()
	must(t, err)
	for _, w := range items {
		if w.ID == "wi1" {
			return w, true
		}
	}
	return crm.WorkItem{}, false
}

// The cache applies the server's rule ahead of it: a queued send makes
// the step sending (still listed), a refusal brings it back failed with
// the reason, and a server report of sent takes it off the list.
func TestStepFollowsQueuedAndRefusedSend(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(stepSnapshot(1)))
	send := sendCmd("cmd_1", "cv1", "hello")
	send.Send.WorkItemID = "wi1"
	must(t, db.Enqueue(send))
	if w, ok := cachedStep(t, db); !ok || w.State != crm.StepSending || w.MessageID != "cmd_1" {
		t.Fatalf("queued: %+v listed %v", w, ok)
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_1", Error: &crm.CommandError{Code: crm.ErrInvalidPhone, Message: "bad"}}))
	if w, ok := cachedStep(t, db); !ok || w.State != crm.StepFailed || w.Reason != string(crm.ReasonInvalidSendingParameters) {
		t.Fatalf("refused: %+v listed %v", w, ok)
	}
	retry := sendCmd("cmd_2", "cv1", "hello again")
	retry.Send.WorkItemID = "wi1"
	must(t, db.Enqueue(retry))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_2", OK: true}))
	m := outbound("cmd_2", "cv1", at(5), crm.StatusSent)
	m.WorkItemID = "wi1"
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventMessage, Message: &m}}))
	if w, ok := cachedStep(t, db); ok {
		t.Fatalf("sent: still listed %+v", w)
	}
}

// A skip takes the step off the list at once; refused, it is put back.
func TestStepSkipEchoAndRefusal(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(stepSnapshot(1)))
	skip := crm.Command{ID: "cmd_s", Kind: crm.CmdSkipWorkItem, Step: &crm.StepChange{WorkItemID: "wi1", Reason: crm.StepReasonOptedOut}}
	must(t, db.Enqueue(skip))
	if _, ok := cachedStep(t, db); ok {
		t.Fatal("skipped step still listed")
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_s", Error: &crm.CommandError{Code: crm.ErrConflict, Message: "done"}}))
	if w, ok := cachedStep(t, db); !ok || w.State != crm.StepOpen {
		t.Fatalf("refused skip: %+v listed %v", w, ok)
	}
	// A malformed skip never reaches the outbox.
	bad := crm.Command{ID: "cmd_b", Kind: crm.CmdSnoozeWorkItem, Step: &crm.StepChange{WorkItemID: "wi1", Reason: crm.StepReasonLater}}
	if err := db.Enqueue(bad); err == nil {
		t.Fatal("a snooze with no length was queued")
	}
}
