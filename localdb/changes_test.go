package localdb

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"smsdesk/crm"
)

func TestSubscribePublishesCommittedChanges(t *testing.T) {
	db, _ := openTest(t, newClock())
	ch, cancel := db.Subscribe()
	must(t, db.ApplySnapshot(snapshot(1)))
	if c := <-ch; !c.Snapshot {
		t.Errorf("snapshot Change = %+v", c)
	}
	must(t, db.ApplyEvents([]crm.Event{msgEvent(2, inbound("i1", "cv2", at(1)))}))
	c := <-ch
	if !reflect.DeepEqual(c.Conversations, []string{"cv2"}) || !reflect.DeepEqual(c.Kinds, []crm.EventKind{crm.EventMessage}) {
		t.Errorf("event Change = %+v", c)
	}
	must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "x")))
	if c := <-ch; !c.Outbox || !reflect.DeepEqual(c.Conversations, []string{"cv1"}) {
		t.Errorf("enqueue Change = %+v", c)
	}
	// A failed write publishes nothing.
	if err := db.Enqueue(crm.Command{Kind: crm.CmdMarkRead}); err == nil {
		t.Error("command without id accepted")
	}
	select {
	case c := <-ch:
		t.Errorf("failed write published %+v", c)
	default:
	}
	cancel()
	cancel() // idempotent
	if _, open := <-ch; open {
		t.Error("channel still open after cancel")
	}
}

func TestSlowSubscriberNeverBlocksWriterNorMissesAChange(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	ch, cancel := db.Subscribe()
	defer cancel()
	// Nobody reads while 3×buffer writes commit: none of them may block.
	n := 3 * subscriberBuffer
	done := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			c := fmt.Sprintf("cv_%03d", i)
			if err := db.ApplyMessages([]crm.Message{inbound(mid(i), c, at(i))}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		must(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("writer blocked on a subscriber that does not read")
	}
	seen := map[string]bool{}
	for len(ch) > 0 {
		for _, id := range (<-ch).Conversations {
			seen[id] = true
		}
	}
	for i := 0; i < n; i++ {
		if id := fmt.Sprintf("cv_%03d", i); !seen[id] {
			t.Fatalf("change to %s was lost", id)
		}
	}
}

func TestCloseClosesSubscriptions(t *testing.T) {
	clk := newClock()
	db, err := Open(t.TempDir()+"/c.db", Options{Now: clk.Now})
	must(t, err)
	ch, cancel := db.Subscribe()
	must(t, db.Close())
	if _, open := <-ch; open {
		t.Error("channel open after Close")
	}
	cancel()
}

func TestConcurrentReadersAndWriter(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	ch, cancel := db.Subscribe()
	defer cancel()
	const n = 200
	errs := make(chan error, 3)
	go func() {
		for i := 0; i < n; i++ {
			if err := db.ApplyEvents([]crm.Event{msgEvent(uint64(i+2), inbound(mid(i), "cv1", at(i)))}); err != nil {
				errs <- err
				return
			}
		}
		errs <- nil
	}()
	for r := 0; r < 2; r++ {
		go func() {
			for i := 0; i < n; i++ {
				rows, err := db.Conversations()
				if err == nil && len(rows) != 2 {
					err = fmt.Errorf("%d rows", len(rows))
				}
				if err == nil {
					rows[0].RecordName = "mutated by a caller" // must not leak into the cache
					_, err = db.LastMessages("cv1", 20)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for i := 0; i < 3; i++ {
		must(t, <-errs)
	}
	for len(ch) > 0 {
		<-ch
	}
	row := getRow(t, db, "cv1")
	if row.Unread != n || row.RecordName != "r1" {
		t.Errorf("after concurrent run: unread %d name %q", row.Unread, row.RecordName)
	}
}
