package localdb

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"smsdesk/crm"
)

// clock is an injectable, settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openTest opens a cache in a fresh temporary directory.
func openTest(t testing.TB, clk *clock) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cache.db")
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, path
}

var t0 = time.Date(2026, 2, 1, 8, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

const (
	bizNum = "+15550000001"
	custA  = "+15551110001"
	custB  = "+15551110002"
)

func record(id, name string) crm.Record {
	return crm.Record{
		ID: id, Type: crm.RecordContact, Name: name, Active: true,
		Owner:  crm.Owner{Kind: crm.OwnerUser, ID: "u1"},
		Phones: map[crm.PhoneField]string{crm.PhoneMobile: custA},
		Fields: map[string]string{"Company": name + " Ltd", "Email": "x@example.com"},
	}
}

func conv(id, recordID, customer string, created time.Time) crm.Conversation {
	return crm.Conversation{
		ID: id, Record: crm.RecordRef{Type: crm.RecordContact, ID: recordID},
		RecordName: recordID, BusinessNumber: bizNum, CustomerNumber: customer,
		CreatedAt: created,
	}
}

func inbound(id, convID string, created time.Time) crm.Message {
	return crm.Message{
		ID: id, ConversationID: convID, Direction: crm.Inbound, Body: "hi " + id,
		From: custA, To: bizNum, CreatedAt: created, Status: crm.StatusReceived, StatusAt: created,
	}
}

func outbound(id, convID string, created time.Time, st crm.DeliveryStatus) crm.Message {
	return crm.Message{
		ID: id, ConversationID: convID, Direction: crm.Outbound, Body: "hello " + id,
		Author: "u1", From: bizNum, To: custA, CreatedAt: created, Status: st, StatusAt: created,
	}
}

// snapshot is a small world: user u1, two records, two conversations.
func snapshot(seq uint64) crm.Snapshot {
	return crm.Snapshot{
		Seq:     seq,
		Me:      crm.User{ID: "u1", Name: "Uma"},
		Org:     crm.Org{Name: "Acme", InAppNotifications: true},
		Users:   []crm.User{{ID: "u1", Name: "Uma"}, {ID: "u2", Name: "Vic"}},
		Teams:   []crm.Team{{ID: "t1", Name: "East"}},
		Numbers: []crm.BusinessNumber{{Number: bizNum, Name: "Main", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u1"}}},
		Records: []crm.Record{record("r1", "Ada Lovelace"), record("r2", "Bob Byte")},
		Templates: []crm.Template{
			{ID: "tp2", Name: "Zed"}, {ID: "tp1", Name: "Alpha"},
		},
		Conversations: []crm.Conversation{
			conv("cv1", "r1", custA, at(0)),
			conv("cv2", "r2", custB, at(1)),
		},
	}
}

func msgEvent(seq uint64, m crm.Message) crm.Event {
	c := conv(m.ConversationID, "r2", custB, at(1))
	if m.ConversationID == "cv1" {
		c = conv("cv1", "r1", custA, at(0))
	}
	c.LastMessage, c.LastMessageAt = &m, m.CreatedAt
	return crm.Event{Seq: seq, Kind: crm.EventMessage, Message: &m, Conversation: &c}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ids(msgs []crm.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

func rowIDs(rows []ConversationRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func getRow(t testing.TB, db *DB, id string) ConversationRow {
	t.Helper()
	row, ok, err := db.Conversation(id)
	must(t, err)
	if !ok {
		t.Fatalf("conversation %s missing", id)
	}
	return row
}

func mid(i int) string { return fmt.Sprintf("m%05d", i) }
