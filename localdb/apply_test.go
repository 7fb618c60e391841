package localdb

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// state is everything a reader can see, for before/after comparisons.
type state struct {
	Rows   []ConversationRow
	Msgs   map[string][]crm.Message
	Cursor uint64
	Recs   []ConversationRow
	Notes  []crm.Notification
	Work   []crm.WorkItem
	Tpls   []crm.Template
	Unread int
}

func readState(t *testing.T, db *DB) state {
	t.Helper()
	var s state
	var err error
	s.Rows, err = db.Conversations()
	must(t, err)
	s.Msgs = map[string][]crm.Message{}
	for _, r := range s.Rows {
		s.Msgs[r.ID], err = db.LastMessages(r.ID, 1000)
		must(t, err)
	}
	s.Cursor, _ = db.Cursor()
	s.Recs, _ = db.RecordConversations("r1")
	s.Notes, _ = db.Notifications(0)
	s.Work, _ = db.WorkItems()
	s.Tpls, _ = db.Templates()
	s.Unread, _ = db.UnreadNotifications()
	return s
}

func TestSnapshotEventsAndReplayAreIdempotent(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	must(t, db.ApplySnapshot(snapshot(10)))
	if seq, _ := db.Cursor(); seq != 10 {
		t.Fatalf("cursor after snapshot = %d", seq)
	}
	me, ok, _ := db.Me()
	if !ok || me.ID != "u1" {
		t.Errorf("Me = %+v %v", me, ok)
	}
	if org, _ := db.Org(); org.Name != "Acme" {
		t.Errorf("Org = %+v", org)
	}
	if tpls, _ := db.Templates(); len(tpls) != 2 || tpls[0].Name != "Alpha" {
		t.Errorf("Templates = %+v", tpls)
	}

	readAt := at(2)
	moved := conv("cv2", "r1", custB, at(1))
	note := crm.Notification{ID: "n1", UserID: "u1", Kind: crm.NotifyInboundMessage, CreatedAt: clk.Now(), ExpiresAt: clk.Now().Add(crm.NotificationTTL)}
	events := []crm.Event{
		msgEvent(11, inbound("i1", "cv1", at(1))),
		msgEvent(12, inbound("i2", "cv1", at(3))),
		msgEvent(13, outbound("o1", "cv2", at(4), crm.StatusSent)),
		{Seq: 14, Kind: crm.EventConversationRead, ConversationID: "cv1", ReadAt: &readAt},
		{Seq: 15, Kind: crm.EventConversation, Conversation: &moved},
		{Seq: 16, Kind: crm.EventNotification, Notification: &note},
		{Seq: 17, Kind: crm.EventTemplateDeleted, TemplateID: "tp2"},
		{Seq: 18, Kind: crm.EventWorkItem, WorkItem: &crm.WorkItem{ID: "w1", Step: "text", Due: at(60), Owner: "u1"}},
		{Seq: 19, Kind: "some_future_kind"},
	}
	must(t, db.ApplyEvents(events))
	want := readState(t, db)
	if want.Cursor != 19 {
		t.Errorf("cursor = %d, want 19", want.Cursor)
	}
	if row := getRow(t, db, "cv1"); row.Unread != 1 || !row.ReadAt.Equal(readAt) || row.LastMessage.ID != "i2" {
		t.Errorf("cv1 = unread %d read %v last %+v", row.Unread, row.ReadAt, row.LastMessage)
	}
	if got := rowIDs(want.Recs); !reflect.DeepEqual(got, []string{"cv2", "cv1"}) {
		t.Errorf("r1 conversations = %v (cv2 was moved to r1)", got)
	}
	if row := getRow(t, db, "cv2"); row.LastMessage == nil || row.LastMessage.ID != "o1" {
		t.Errorf("conversation event lost the row's last message: %+v", row.LastMessage)
	}
	if len(want.Tpls) != 1 || len(want.Notes) != 1 || want.Unread != 1 || len(want.Work) != 1 {
		t.Errorf("templates %d, notifications %d (unread %d), work %d", len(want.Tpls), len(want.Notes), want.Unread, len(want.Work))
	}

	// Replay: a reconnect resends overlapping events, and older ones.
	changes, cancel := db.Subscribe()
	defer cancel()
	must(t, db.ApplyEvents(events))
	must(t, db.ApplyEvents(events[3:5]))
	must(t, db.ApplyEvents([]crm.Event{msgEvent(5, inbound("stale", "cv1", at(99)))}))
	if got := readState(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("replayed events changed the cache:\n got %+v\nwant %+v", got, want)
	}
	select {
	case c := <-changes:
		t.Errorf("replayed events published %+v", c)
	default:
	}
}

func TestUnreadCountsInboundAfterReadMark(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	s.ReadMarks = map[string]time.Time{"cv1": at(5)}
	must(t, db.ApplySnapshot(s))
	must(t, db.ApplyMessages([]crm.Message{
		inbound("i1", "cv1", at(4)), // before the mark
		inbound("i2", "cv1", at(6)),
		outbound("o1", "cv1", at(7), crm.StatusDelivered),
		inbound("i3", "cv1", at(8)),
	}))
	if row := getRow(t, db, "cv1"); row.Unread != 2 {
		t.Fatalf("Unread = %d, want 2", row.Unread)
	}
	// The same page again (a resumed first sync) counts nothing twice.
	must(t, db.ApplyMessages([]crm.Message{inbound("i2", "cv1", at(6)), inbound("i3", "cv1", at(8))}))
	if row := getRow(t, db, "cv1"); row.Unread != 2 {
		t.Fatalf("Unread = %d after a repeated page, want 2", row.Unread)
	}
	readAt := at(6)
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventConversationRead, ConversationID: "cv1", ReadAt: &readAt}}))
	if row := getRow(t, db, "cv1"); row.Unread != 1 {
		t.Errorf("Unread = %d after read up to i2, want 1", row.Unread)
	}
	// A read mark never moves back.
	early := at(1)
	must(t, db.ApplyEvents([]crm.Event{{Seq: 3, Kind: crm.EventConversationRead, ConversationID: "cv1", ReadAt: &early}}))
	if row := getRow(t, db, "cv1"); row.Unread != 1 || !row.ReadAt.Equal(readAt) {
		t.Errorf("older read mark applied: unread %d, read at %v", row.Unread, row.ReadAt)
	}
}

func TestRevokedConversationRemovesEverything(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	var msgs []crm.Message
	for i := 0; i < 200; i++ {
		msgs = append(msgs, inbound(mid(i), "cv1", at(i)), inbound("other"+mid(i), "cv2", at(i)))
	}
	must(t, db.ApplyMessages(msgs))
	changes, cancel := db.Subscribe()
	defer cancel()
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventConversationRevoked, ConversationID: "cv1"}}))

	if _, ok, _ := db.Conversation("cv1"); ok {
		t.Error("revoked conversation still readable")
	}
	if rows, _ := db.Conversations(); !reflect.DeepEqual(rowIDs(rows), []string{"cv2"}) {
		t.Errorf("Conversations = %v", rowIDs(rows))
	}
	if recs, _ := db.RecordConversations("r1"); len(recs) != 0 {
		t.Errorf("record still lists %v", rowIDs(recs))
	}
	if n, _ := db.MessageCount("cv1"); n != 0 {
		t.Errorf("%d messages left", n)
	}
	if n, _ := db.MessageCount("cv2"); n != 200 {
		t.Errorf("cv2 lost messages: %d", n)
	}
	must(t, db.view(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bMsgIndex, bConvActivity, bConvByRecord, bConversations, bMessages} {
			c := tx.Bucket(name).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if bytes.Contains(k, []byte("cv1")) || bytes.Contains(v, []byte("cv1")) {
					t.Errorf("bucket %s still holds %q → %q", name, k, v)
				}
			}
		}
		return nil
	}))
	select {
	case c := <-changes:
		if !reflect.DeepEqual(c.Removed, []string{"cv1"}) {
			t.Errorf("Change = %+v, want cv1 removed", c)
		}
	default:
		t.Error("no Change published")
	}
	// Granted back: it returns, history by pages.
	c1 := conv("cv1", "r1", custA, at(0))
	must(t, db.ApplyEvents([]crm.Event{{Seq: 3, Kind: crm.EventConversationGranted, Conversation: &c1}}))
	must(t, db.ApplyMessages(msgs[:10]))
	if n, _ := db.MessageCount("cv1"); n != 5 {
		t.Errorf("after grant: %d messages, want 5", n)
	}
}

func TestStatusNeverGoesBackwards(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	steps := []struct {
		status crm.DeliveryStatus
		want   crm.DeliveryStatus
	}{
		{crm.StatusQueued, crm.StatusQueued},
		{crm.StatusDelivered, crm.StatusDelivered},
		{crm.StatusSent, crm.StatusDelivered}, // late receipt
		{crm.StatusQueued, crm.StatusDelivered},
		{crm.StatusRead, crm.StatusRead},
		{crm.StatusDelivered, crm.StatusRead},
	}
	for i, st := range steps {
		m := outbound("o1", "cv1", at(1), st.status)
		must(t, db.ApplyEvents([]crm.Event{msgEvent(uint64(i+2), m)}))
		msgs, _ := db.LastMessages("cv1", 5)
		row := getRow(t, db, "cv1")
		if len(msgs) != 1 || msgs[0].Status != st.want || row.LastMessage.Status != st.want {
			t.Fatalf("step %d (%s): message %s, row %s, want %s", i, st.status, msgs[0].Status, row.LastMessage.Status, st.want)
		}
	}
	// Failures are final, and keep their reason.
	f := outbound("o2", "cv1", at(2), crm.StatusUndelivered)
	f.ErrorCode, f.FailureReason = "30003", crm.ReasonUnreachable
	must(t, db.ApplyMessages([]crm.Message{f}))
	must(t, db.ApplyMessages([]crm.Message{outbound("o2", "cv1", at(2), crm.StatusSent)}))
	must(t, db.ApplyMessages([]crm.Message{outbound("o2", "cv1", at(2), crm.StatusDelivered)}))
	msgs, _ := db.LastMessages("cv1", 1)
	if msgs[0].Status != crm.StatusUndelivered || msgs[0].FailureReason != crm.ReasonUnreachable || msgs[0].ErrorCode != "30003" {
		t.Errorf("failure overwritten: %+v", msgs[0])
	}
	// A conversation event carrying an older copy of the last message does
	// not regress the row either.
	c := conv("cv1", "r1", custA, at(0))
	old := outbound("o2", "cv1", at(2), crm.StatusQueued)
	c.LastMessage, c.LastMessageAt = &old, old.CreatedAt
	must(t, db.ApplyEvents([]crm.Event{{Seq: 100, Kind: crm.EventConversation, Conversation: &c}}))
	if row := getRow(t, db, "cv1"); row.LastMessage.Status != crm.StatusUndelivered {
		t.Errorf("row regressed to %s", row.LastMessage.Status)
	}
}

func TestConversationsOrderedByActivity(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	s.Conversations = append(s.Conversations, conv("cv3", "r1", custB, at(2)), conv("cv10", "r2", custA, at(3)))
	must(t, db.ApplySnapshot(s))
	check := func(want ...string) {
		t.Helper()
		rows, err := db.Conversations()
		must(t, err)
		if got := rowIDs(rows); !reflect.DeepEqual(got, want) {
			t.Errorf("order = %v, want %v", got, want)
		}
	}
	check("cv10", "cv3", "cv2", "cv1") // by creation when no message
	must(t, db.ApplyEvents([]crm.Event{msgEvent(2, inbound("a", "cv1", at(10)))}))
	check("cv1", "cv10", "cv3", "cv2")
	must(t, db.ApplyEvents([]crm.Event{msgEvent(3, inbound("b", "cv2", at(11))), msgEvent(4, inbound("c", "cv3", at(9)))}))
	check("cv2", "cv1", "cv3", "cv10")
	// An older message arriving late does not move its conversation up.
	must(t, db.ApplyMessages([]crm.Message{inbound("old", "cv10", at(5))}))
	check("cv2", "cv1", "cv3", "cv10")
	must(t, db.ApplyMessages([]crm.Message{inbound("new", "cv10", at(20))}))
	check("cv10", "cv2", "cv1", "cv3")
	// One index entry per conversation, whatever the number of updates.
	must(t, db.view(func(tx *bolt.Tx) error {
		if n := tx.Bucket(bConvActivity).Stats().KeyN; n != 4 {
			t.Errorf("activity index has %d entries, want 4", n)
		}
		return nil
	}))
}

func TestRecordEventRenamesItsConversations(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	r := record("r1", "Ada King")
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventRecord, Public: true, Record: &r}}))
	if row := getRow(t, db, "cv1"); row.RecordName != "Ada King" {
		t.Errorf("RecordName = %q", row.RecordName)
	}
	if got, _ := db.SearchRecords("king", 10); len(got) != 1 || got[0].ID != "r1" {
		t.Errorf("search after rename = %+v", got)
	}
}

func TestUserOrgNumberTeamEvents(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	me := crm.User{ID: "u1", Name: "Uma Renamed", Language: "fr"}
	must(t, db.ApplyEvents([]crm.Event{
		{Seq: 2, Kind: crm.EventUser, User: &me},
		{Seq: 3, Kind: crm.EventOrg, Org: &crm.Org{Name: "Acme 2"}},
		{Seq: 4, Kind: crm.EventNumber, Number: &crm.BusinessNumber{Number: "+15550000002", Name: "Second"}},
		{Seq: 5, Kind: crm.EventTeam, Team: &crm.Team{ID: "t2", Name: "West"}},
	}))
	got, _, _ := db.Me()
	org, _ := db.Org()
	nums, _ := db.Numbers()
	teams, _ := db.Teams()
	users, _ := db.Users()
	if got.Language != "fr" || org.Name != "Acme 2" || len(nums) != 2 || len(teams) != 2 || len(users) != 2 {
		t.Errorf("me %+v org %+v numbers %d teams %d users %d", got, org, len(nums), len(teams), len(users))
	}
}

func TestNotificationsNewestFirstUnexpired(t *testing.T) {
	clk := newClock()
	db, _ := openTest(t, clk)
	now := clk.Now()
	n := func(id string, created time.Time, read bool) crm.Notification {
		x := crm.Notification{ID: id, UserID: "u1", Kind: crm.NotifyInboundMessage, CreatedAt: created, ExpiresAt: created.Add(crm.NotificationTTL)}
		if read {
			x.ReadAt = &now
		}
		return x
	}
	s := snapshot(1)
	s.Notifications = []crm.Notification{
		n("old", now.Add(-15*24*time.Hour), false), // expired
		n("a", now.Add(-3*time.Hour), false),
		n("b", now.Add(-1*time.Hour), true),
		n("c", now.Add(-2*time.Hour), false),
	}
	must(t, db.ApplySnapshot(s))
	notes, _ := db.Notifications(0)
	var got []string
	for _, x := range notes {
		got = append(got, x.ID)
	}
	if !reflect.DeepEqual(got, []string{"b", "c", "a"}) {
		t.Errorf("Notifications = %v", got)
	}
	if top, _ := db.Notifications(1); len(top) != 1 || top[0].ID != "b" {
		t.Errorf("Notifications(1) = %+v", top)
	}
	if u, _ := db.UnreadNotifications(); u != 2 {
		t.Errorf("unread = %d, want 2", u)
	}
	// Read elsewhere: the event updates the count.
	read := n("c", now.Add(-2*time.Hour), true)
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventNotification, Notification: &read}}))
	if u, _ := db.UnreadNotifications(); u != 1 {
		t.Errorf("unread = %d, want 1", u)
	}
	// Time passes: "a" expires.
	clk.Advance(crm.NotificationTTL)
	if u, _ := db.UnreadNotifications(); u != 0 {
		t.Errorf("unread = %d after expiry, want 0", u)
	}
}

func TestWorkItemsOpenByDue(t *testing.T) {
	db, _ := openTest(t, newClock())
	done := at(1)
	s := snapshot(1)
	s.WorkItems = []crm.WorkItem{
		{ID: "w3", Due: at(30)}, {ID: "w1", Due: at(10)}, {ID: "w2", Due: at(20), CompletedAt: &done},
	}
	must(t, db.ApplySnapshot(s))
	ws, _ := db.WorkItems()
	if len(ws) != 2 || ws[0].ID != "w1" || ws[1].ID != "w3" {
		t.Errorf("WorkItems = %+v", ws)
	}
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventWorkItem, WorkItem: &crm.WorkItem{ID: "w3", Due: at(5)}}}))
	ws, _ = db.WorkItems()
	if len(ws) != 2 || ws[0].ID != "w3" {
		t.Errorf("after due change: %+v", ws)
	}
}

func TestSnapshotReplacesEverythingButOutbox(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	must(t, db.ApplyMessages([]crm.Message{inbound("i1", "cv2", at(1))}))
	must(t, db.Enqueue(moveCmd("cmd_mv", "cv1", "r2")))
	s := snapshot(50)
	s.Conversations = s.Conversations[:1] // cv2 no longer visible
	s.Records = append(s.Records, record("r3", "Cy New"))
	must(t, db.ApplySnapshot(s))
	if seq, _ := db.Cursor(); seq != 50 {
		t.Errorf("cursor = %d", seq)
	}
	rows, _ := db.Conversations()
	if !reflect.DeepEqual(rowIDs(rows), []string{"cv1"}) {
		t.Errorf("conversations = %v", rowIDs(rows))
	}
	if n, _ := db.MessageCount("cv2"); n != 0 {
		t.Errorf("cv2 messages survived the snapshot")
	}
	if rows[0].Record.ID != "r2" {
		t.Errorf("pending move undone by the snapshot: %+v", rows[0].Record)
	}
	if n, _ := db.OutboxLen(); n != 1 {
		t.Errorf("outbox = %d", n)
	}
	if _, ok, _ := db.Record("r3"); !ok {
		t.Error("new record missing")
	}
}

func TestMalformedEventsDoNotStallSync(t *testing.T) {
	db, _ := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(1)))
	noID := crm.Message{ConversationID: "cv1", Body: "no id"}
	must(t, db.ApplyEvents([]crm.Event{
		{Seq: 2, Kind: crm.EventMessage, Message: &noID},
		{Seq: 3, Kind: crm.EventRecord, Record: &crm.Record{Name: "no id"}},
		{Seq: 4, Kind: crm.EventConversation, Conversation: &crm.Conversation{}},
		{Seq: 5, Kind: crm.EventMessage}, // no payload
		{Seq: 6, Kind: crm.EventNotification, Notification: &crm.Notification{}},
		{Seq: 7, Kind: crm.EventConversationRead, ConversationID: "unknown", ReadAt: &t0},
		{Seq: 8, Kind: crm.EventConversationRevoked, ConversationID: "unknown"},
		msgEvent(9, inbound("ok", "cv1", at(1))),
	}))
	if seq, _ := db.Cursor(); seq != 9 {
		t.Errorf("cursor = %d, want 9", seq)
	}
	if n, _ := db.MessageCount("cv1"); n != 1 {
		t.Errorf("MessageCount = %d, want 1", n)
	}
}
