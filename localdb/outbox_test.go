package localdb

import (
	"reflect"
	"testing"
	"time"

	"smsdesk/crm"
)

func sendCmd(id, convID, body string) crm.Command {
	rec, to := "r1", custA
	if convID != "cv1" {
		rec, to = "r2", custB
	}
	return crm.Command{ID: id, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: convID, Record: crm.RecordRef{Type: crm.RecordContact, ID: rec},
		From: bizNum, To: to, Body: body,
	}}
}

func moveCmd(id, convID, toRecord string) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdMoveConversation, Move: &crm.MoveConversation{
		ConversationID: convID, To: crm.RecordRef{Type: crm.RecordContact, ID: toRecord},
	}}
}

func TestEnqueueSendShowsPendingMessage(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "on my way")))

	msgs, err := db.LastMessages("cv1", 10)
	must(t, err)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want the pending echo", len(msgs))
	}
	m := msgs[0]
	if m.ID != "cmd_1" || m.Status != crm.StatusPending || m.Author != "u1" || m.Body != "on my way" || !m.CreatedAt.Equal(clk.Now()) {
		t.Errorf("echo = %+v", m)
	}
	row := getRow(t, db, "cv1")
	if row.LastMessage == nil || row.LastMessage.ID != "cmd_1" || !row.LastMessageAt.Equal(clk.Now()) {
		t.Errorf("row last message = %+v", row.LastMessage)
	}
	if rows, _ := db.Conversations(); rows[0].ID != "cv1" {
		t.Errorf("conversation with the new send is not first: %v", rowIDs(rows))
	}
	if n, _ := db.OutboxLen(); n != 1 {
		t.Errorf("OutboxLen = %d", n)
	}
}

func TestEnqueueSendOnNewThreadCreatesConversation(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(1)))
	cmd := sendCmd("cmd_new", "cv_client_made", "first text")
	cmd.Send.Record = crm.RecordRef{Type: crm.RecordContact, ID: "r2"}
	must(t, db.Enqueue(cmd))
	row := getRow(t, db, "cv_client_made")
	if row.Record.ID != "r2" || row.RecordName != "Bob Byte" || row.CustomerNumber != custB || row.BusinessNumber != bizNum {
		t.Errorf("new thread row = %+v", row)
	}
	recs, _ := db.RecordConversations("r2")
	if got := rowIDs(recs); !reflect.DeepEqual(got, []string{"cv_client_made", "cv2"}) {
		t.Errorf("RecordConversations(r2) = %v", got)
	}
}

func TestPendingEchoReplacedByServerMessage(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "hello")))

	// The server's copy: same id, its own clock, queued.
	server := outbound("cmd_1", "cv1", clk.Now().Add(-3*time.Second), crm.StatusQueued)
	server.Body = "hello"
	must(t, db.ApplyEvents([]crm.Event{msgEvent(2, server)}))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_1", OK: true, Message: &server}))

	msgs, _ := db.LastMessages("cv1", 10)
	if len(msgs) != 1 || msgs[0].Status != crm.StatusQueued || !msgs[0].CreatedAt.Equal(server.CreatedAt) {
		t.Fatalf("messages = %+v, want only the server's queued copy", msgs)
	}
	if n, _ := db.MessageCount("cv1"); n != 1 {
		t.Errorf("MessageCount = %d, want 1", n)
	}
	row := getRow(t, db, "cv1")
	if row.LastMessage.Status != crm.StatusQueued || !row.LastMessageAt.Equal(server.CreatedAt) {
		t.Errorf("row last = %+v at %v", row.LastMessage, row.LastMessageAt)
	}
	if n, _ := db.OutboxLen(); n != 0 {
		t.Errorf("OutboxLen = %d after ack", n)
	}
	// A late "sent" ack replay must not bring back the pending state.
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_1", OK: true, Message: &server}))
	if n, _ := db.MessageCount("cv1"); n != 1 {
		t.Errorf("MessageCount = %d after replayed ack", n)
	}
}

func TestRefusedSendKeepsMessageWithReason(t *testing.T) {
	cases := []struct {
		code crm.ErrorCode
		want crm.FailureReason
	}{
		{crm.ErrInvalidPhone, crm.ReasonInvalidSendingParameters},
		{crm.ErrOptedOut, crm.ReasonOptedOut},
		{crm.ErrForbidden, crm.ReasonNotPermitted},
		{crm.ErrInternal, crm.ReasonUnknown},
	}
	for _, tc := range cases {
		t.Run(string(tc.code), func(t *testing.T) {
			db, _ := openTest(t, newClock())
			must(t, db.ApplySnapshot(snapshot(1)))
			must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "hello")))
			must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_1", Error: &crm.CommandError{Code: tc.code, Message: "no"}}))
			msgs, _ := db.LastMessages("cv1", 10)
			if len(msgs) != 1 || msgs[0].Status != crm.StatusFailed || msgs[0].FailureReason != tc.want {
				t.Fatalf("messages = %+v, want one failed with %s", msgs, tc.want)
			}
			row := getRow(t, db, "cv1")
			if row.LastMessage.Status != crm.StatusFailed || row.LastError == "" {
				t.Errorf("row = %+v", row)
			}
			if n, _ := db.OutboxLen(); n != 0 {
				t.Errorf("refused command still queued")
			}
		})
	}
}

func TestRefusedSendAfterSnapshotStillShown(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "hello")))
	// A snapshot lands before the ack: the echo is redone, still pending.
	must(t, db.ApplySnapshot(snapshot(5)))
	msgs, _ := db.LastMessages("cv1", 10)
	if len(msgs) != 1 || msgs[0].Status != crm.StatusPending {
		t.Fatalf("after snapshot: %+v, want the pending echo", msgs)
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_1", Error: &crm.CommandError{Code: crm.ErrOptedOut}}))
	msgs, _ = db.LastMessages("cv1", 10)
	if len(msgs) != 1 || msgs[0].FailureReason != crm.ReasonOptedOut {
		t.Fatalf("after refusal: %+v", msgs)
	}
}

func TestMoveEchoAndRefusal(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.Enqueue(moveCmd("cmd_mv", "cv1", "r2")))
	row := getRow(t, db, "cv1")
	if row.Record.ID != "r2" || row.RecordName != "Bob Byte" {
		t.Fatalf("after local move: %+v", row.Record)
	}
	if recs, _ := db.RecordConversations("r1"); len(recs) != 0 {
		t.Errorf("r1 still holds %v", rowIDs(recs))
	}
	// A server row for the conversation (an inbound message) arrives before
	// the ack: the pending move must not be undone by it.
	must(t, db.ApplyEvents([]crm.Event{msgEvent(2, inbound("in1", "cv1", at(5)))}))
	if row := getRow(t, db, "cv1"); row.Record.ID != "r2" {
		t.Fatalf("server event undid the pending move: %+v", row.Record)
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_mv", Error: &crm.CommandError{Code: crm.ErrForbidden, Message: "not yours"}}))
	row = getRow(t, db, "cv1")
	if row.Record.ID != "r1" || row.RecordName != "r1" {
		t.Errorf("refused move not reverted: %+v %q", row.Record, row.RecordName)
	}
	if row.LastError == "" {
		t.Error("refused move left no error on the row")
	}
	// A later accepted command about the conversation clears it.
	must(t, db.Enqueue(moveCmd("cmd_mv2", "cv1", "r2")))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_mv2", OK: true}))
	if row := getRow(t, db, "cv1"); row.LastError != "" || row.Record.ID != "r2" {
		t.Errorf("after accepted move: %+v error %q", row.Record, row.LastError)
	}
}

func TestOutboxOrderSurvivesReopen(t *testing.T) {
	clk := newClock()
	db, path := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(1)))
	want := []string{"cmd_a", "cmd_b", "cmd_c", "cmd_d"}
	must(t, db.Enqueue(sendCmd("cmd_a", "cv1", "one")))
	clk.Advance(time.Second)
	must(t, db.Enqueue(moveCmd("cmd_b", "cv2", "r1")))
	clk.Advance(time.Second)
	must(t, db.Enqueue(sendCmd("cmd_c", "cv1", "two")))
	must(t, db.Enqueue(crm.Command{ID: "cmd_d", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	must(t, db.Enqueue(sendCmd("cmd_a", "cv1", "one"))) // duplicate id: no-op
	must(t, db.Close())

	// The client was killed between write and ack: everything is still there.
	db, err := Open(path, Options{Now: clk.Now})
	must(t, err)
	cmds, err := db.Outbox()
	must(t, err)
	got := make([]string, len(cmds))
	for i, c := range cmds {
		got[i] = c.ID
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("outbox after reopen = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(cmds[0], sendCmd("cmd_a", "cv1", "one")) {
		t.Errorf("command changed on disk: %+v", cmds[0])
	}
	msgs, _ := db.LastMessages("cv1", 10)
	if !reflect.DeepEqual(ids(msgs), []string{"cmd_a", "cmd_c"}) {
		t.Errorf("pending echoes after reopen = %v", ids(msgs))
	}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_a", OK: true}))
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_a", OK: true})) // replayed ack
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_unknown", OK: true}))
	must(t, db.Close())

	db, err = Open(path, Options{Now: clk.Now})
	must(t, err)
	defer db.Close()
	cmds, _ = db.Outbox()
	if len(cmds) != 3 || cmds[0].ID != "cmd_b" {
		t.Errorf("after ack and reopen: %v", cmds)
	}
	// New commands go after the old ones, even after a reopen.
	must(t, db.Enqueue(sendCmd("cmd_e", "cv1", "three")))
	cmds, _ = db.Outbox()
	if cmds[len(cmds)-1].ID != "cmd_e" {
		t.Errorf("new command not last: %v", cmds)
	}
}

func TestMarkReadEchoZeroesUnread(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.ApplyMessages([]crm.Message{inbound("i1", "cv1", at(1)), inbound("i2", "cv1", at(2))}))
	if row := getRow(t, db, "cv1"); row.Unread != 2 {
		t.Fatalf("Unread = %d, want 2", row.Unread)
	}
	must(t, db.Enqueue(crm.Command{ID: "cmd_r", Kind: crm.CmdMarkRead, ConversationID: "cv1"}))
	if row := getRow(t, db, "cv1"); row.Unread != 0 {
		t.Errorf("Unread = %d after mark_read", row.Unread)
	}
}

func TestMarkNotificationReadAndCompleteWorkItemEcho(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	s := snapshot(1)
	s.Notifications = []crm.Notification{{ID: "n1", UserID: "u1", Kind: crm.NotifyNewLead, CreatedAt: clk.Now(), ExpiresAt: clk.Now().Add(crm.NotificationTTL)}}
	s.WorkItems = []crm.WorkItem{{ID: "w1", Step: "text", Due: at(10), Owner: "u1"}}
	must(t, db.ApplySnapshot(s))
	if n, _ := db.UnreadNotifications(); n != 1 {
		t.Fatalf("unread = %d", n)
	}
	must(t, db.Enqueue(crm.Command{ID: "c1", Kind: crm.CmdMarkNotificationRead, NotificationID: "n1"}))
	must(t, db.Enqueue(crm.Command{ID: "c2", Kind: crm.CmdCompleteWorkItem, WorkItemID: "w1"}))
	if n, _ := db.UnreadNotifications(); n != 0 {
		t.Errorf("unread = %d after mark_notification_read", n)
	}
	notes, _ := db.Notifications(10)
	if len(notes) != 1 || notes[0].ReadAt == nil {
		t.Errorf("notifications = %+v", notes)
	}
	if ws, _ := db.WorkItems(); len(ws) != 0 {
		t.Errorf("completed work item still listed: %+v", ws)
	}
	// Refused: the step comes back.
	must(t, db.Acknowledge(crm.CommandResult{ID: "c2", Error: &crm.CommandError{Code: crm.ErrNotFound}}))
	if ws, _ := db.WorkItems(); len(ws) != 1 {
		t.Errorf("refused completion: work items = %+v", ws)
	}
}

// A refused template leaves nothing behind in the cache, so its answer
// travels in the change: the form that sent it can say why.
func TestRefusedTemplatePublishesTheError(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	tp := crm.Template{ID: "tp_new", Name: "Hello", Category: crm.RecordContact, Language: "en", Body: "Hi"}
	must(t, db.Enqueue(crm.Command{ID: "cmd_tp", Kind: crm.CmdCreateTemplate, Template: &tp}))
	changes, cancel := db.Subscribe()
	defer cancel()
	refusal := &crm.CommandError{Code: crm.ErrConflict, Field: "template.name", Message: `a template named "Hello" already exists`}
	must(t, db.Acknowledge(crm.CommandResult{ID: "cmd_tp", Error: refusal}))
	c := <-changes
	if len(c.Answers) != 1 || c.Answers[0].ID != "cmd_tp" || c.Answers[0].Error == nil || *c.Answers[0].Error != *refusal {
		t.Fatalf("change = %+v, want the refusal", c)
	}
	ts, err := db.Templates()
	must(t, err)
	for _, got := range ts {
		if got.ID == tp.ID {
			t.Fatalf("a refused template is in the cache: %+v", got)
		}
	}
}
