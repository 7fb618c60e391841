package localdb

import (
	"bytes"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Regression tests: the cache shows a conversation only while the server
// shows it to this user. Acks, refusals and re-echoed outbox commands must
// not bring back one that was revoked or that a snapshot no longer has.

func revoke(t *testing.T, db *DB, seq uint64, id string) {
	t.Helper()
	must(t, db.ApplyEvents([]crm.Event{{Seq: seq, Kind: crm.EventConversationRevoked, ConversationID: id}}))
	if _, ok, _ := db.Conversation(id); ok {
		t.Fatalf("%s still there after revoke", id)
	}
}

func assertGone(t *testing.T, db *DB, id string) {
	t.Helper()
	if _, ok, _ := db.Conversation(id); ok {
		t.Errorf("conversation %s is back in the cache", id)
	}
	if n, _ := db.MessageCount(id); n != 0 {
		t.Errorf("conversation %s has %d messages", id, n)
	}
	rows, _ := db.Conversations()
	for _, r := range rows {
		if r.ID == id {
			t.Errorf("conversation %s listed: %v", id, rowIDs(rows))
		}
	}
	must(t, db.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bConvActivity, bConvByRecord, bConversations} {
			c := tx.Bucket(name).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if bytes.Contains(k, []byte(id)) {
					t.Errorf("%s still holds %q", name, k)
				}
			}
		}
		return nil
	}))
}

func TestReplayedAckDoesNotResurrectRevokedConversation(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(crm.Command{ID: "cmd_r1", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	revoke(t, db, 11, "cv1")
	c := conv("cv1", "r1", custA, at(0))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_r1", OK: true, Conversation: &c}))
	assertGone(t, db, "cv1")
}

func TestAckedSendAfterRevokeDoesNotResurrectConversation(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(sendCmd("cmd_s1", "cv1", "hello")))
	revoke(t, db, 11, "cv1")
	m := outbound("cmd_s1", "cv1", clk.Now(), crm.StatusQueued)
	c := conv("cv1", "r1", custA, at(0))
	c.LastMessage, c.LastMessageAt = &m, m.CreatedAt
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_s1", OK: true, Conversation: &c, Message: &m}))
	assertGone(t, db, "cv1")
	if rows, _ := db.Conversations(); len(rows) != 1 || rows[0].ID != "cv2" {
		t.Errorf("Conversations = %v, want [cv2]", rowIDs(rows))
	}
}

// A refused send's message goes with its revoked conversation: no bare row
// is made to show it failed.
func TestRefusedSendAfterRevokeDropsMessageWithConversation(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(sendCmd("cmd_s1", "cv1", "hello")))
	revoke(t, db, 11, "cv1")
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_s1", Error: &crm.CommandError{Code: crm.ErrNotFound, Message: "no such conversation"}}))
	assertGone(t, db, "cv1")
	if n, _ := db.OutboxLen(); n != 0 {
		t.Errorf("OutboxLen = %d", n)
	}
}

func TestSnapshotWithoutConversationDropsQueuedEcho(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(sendCmd("cmd_s1", "cv1", "hello")))
	must(t, db.Enqueue(moveCmd("cmd_mv", "cv1", "r2")))
	must(t, db.Enqueue(crm.Command{ID: "cmd_r", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	s := snapshot(20)
	s.Conversations = s.Conversations[1:] // cv1 revoked while offline
	must(t, db.ApplySnapshot(s))
	assertGone(t, db, "cv1")
	if n, _ := db.OutboxLen(); n != 3 {
		t.Errorf("OutboxLen = %d, the commands stay queued for the server", n)
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_s1", Error: &crm.CommandError{Code: crm.ErrNotFound}}))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_mv", Error: &crm.CommandError{Code: crm.ErrNotFound}}))
	c := conv("cv1", "r1", custA, at(0))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_r", OK: true, Conversation: &c}))
	assertGone(t, db, "cv1")
}

// A thread only this client knows (not sent yet) survives a snapshot, with
// every send queued into it.
func TestSnapshotKeepsNewThreadEcho(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	first := sendCmd("cmd_n1", "cv_new", "first")
	must(t, db.Enqueue(first))
	clk.Advance(time.Second)
	must(t, db.Enqueue(sendCmd("cmd_n2", "cv_new", "second")))
	must(t, db.ApplySnapshot(snapshot(20)))
	row := getRow(t, db, "cv_new")
	if row.Record.ID != "r2" || row.LastMessage == nil || row.LastMessage.ID != "cmd_n2" {
		t.Errorf("new thread row after snapshot = %+v", row)
	}
	msgs, _ := db.LastMessages("cv_new", 10)
	if got := ids(msgs); len(got) != 2 || got[0] != "cmd_n1" || got[1] != "cmd_n2" {
		t.Errorf("new thread messages after snapshot = %v", got)
	}
	// Refused: the failed messages stay shown in their thread.
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_n1", Error: &crm.CommandError{Code: crm.ErrOptedOut}}))
	msgs, _ = db.LastMessages("cv_new", 10)
	if len(msgs) != 2 || msgs[0].Status != crm.StatusFailed {
		t.Errorf("after refusal: %+v", msgs)
	}
}

func joinAck(clk *clock, cmdID, into string) crm.CommandResult {
	m := outbound(cmdID, into, clk.Now(), crm.StatusQueued)
	c := conv(into, "r1", custA, at(0))
	c.LastMessage, c.LastMessageAt = &m, m.CreatedAt
	return crm.CommandResult{ID: cmdID, OK: true, Conversation: &c, Message: &m}
}

func newThreadCmd(id, body string) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_new", Record: crm.RecordRef{Type: crm.RecordContact, ID: "r1"},
		From: bizNum, To: custA, Body: body}}
}

func TestJoinedNewThreadRemovesEchoRow(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(newThreadCmd("cmd_s1", "hi")))
	changes, cancel := db.Subscribe()
	defer cancel()
	must(t, db.Acknowledge(joinAck(clk, "cmd_s1", "cv1")))
	assertGone(t, db, "cv_new")
	msgs, _ := db.LastMessages("cv1", 10)
	if len(msgs) != 1 || msgs[0].ID != "cmd_s1" || msgs[0].Status != crm.StatusQueued {
		t.Errorf("cv1 messages = %+v", msgs)
	}
	if row := getRow(t, db, "cv1"); row.LastMessage == nil || row.LastMessage.ID != "cmd_s1" {
		t.Errorf("cv1 last message = %+v", row.LastMessage)
	}
	if rows, _ := db.Conversations(); len(rows) != 2 || rows[0].ID != "cv1" {
		t.Errorf("Conversations = %v, want [cv1 cv2]", rowIDs(rows))
	}
	removed := false
	deadline := time.After(5 * time.Second)
	for !removed {
		select {
		case ch := <-changes:
			for _, id := range ch.Removed {
				removed = removed || id == "cv_new"
			}
		case <-deadline:
			t.Fatal("no change reported cv_new removed")
		}
	}
}

// Another send still queued in the new thread keeps its row, which now shows
// that send as its last message.
func TestJoinedNewThreadKeepsRowWithQueuedSend(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(newThreadCmd("cmd_s1", "one")))
	clk.Advance(time.Second)
	must(t, db.Enqueue(newThreadCmd("cmd_s2", "two")))
	clk.Advance(time.Second)
	must(t, db.Acknowledge(joinAck(clk, "cmd_s2", "cv1")))
	row := getRow(t, db, "cv_new")
	if row.LastMessage == nil || row.LastMessage.ID != "cmd_s1" {
		t.Errorf("echo row last message = %+v, want cmd_s1", row.LastMessage)
	}
	must(t, db.Acknowledge(joinAck(clk, "cmd_s1", "cv1")))
	assertGone(t, db, "cv_new")
	if n, _ := db.MessageCount("cv1"); n != 2 {
		t.Errorf("cv1 holds %d messages, want 2", n)
	}
}

// Joined to a conversation the cache does not hold: neither it nor the
// echo row is made from the ack; the server's events bring it if visible.
func TestJoinedIntoUncachedConversationLeavesNoRows(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	must(t, db.Enqueue(newThreadCmd("cmd_s1", "hi")))
	must(t, db.Acknowledge(joinAck(clk, "cmd_s1", "cv_elsewhere")))
	assertGone(t, db, "cv_new")
	assertGone(t, db, "cv_elsewhere")
}
