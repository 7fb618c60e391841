package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// Numbers of the snapshot fed to a session by hand (the hub's test data
// uses the same ones).
const (
	numAlice  = "+14155550100"
	phoneJane = "+14155552671"
)

// A snapshot cut half-way must not leave a cursor behind: the cache would
// otherwise resume with half the history.
func TestSnapshotCursorOnlyAfterLastPage(t *testing.T) {
	db := openCache(t, t.TempDir()+"/c.db")
	t.Cleanup(func() { db.Close() })
	c := NewClient(ClientConfig{ServerURL: "http://127.0.0.1:1", Token: "x", DB: db, Rand: testRand(1)})
	s := &session{c: c, sent: map[string]bool{}}
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	conv := crm.Conversation{ID: "cv_1", BusinessNumber: numAlice, CustomerNumber: phoneJane, CreatedAt: at}
	frames := []wire.Frame{
		{Type: wire.TypeSnapshotBegin, Seq: 77, TotalConversations: 1, TotalMessages: 2},
		{Type: wire.TypeSnapshot, Snapshot: &crm.Snapshot{Seq: 77, Me: crm.User{ID: "u_alice"}}, More: true},
		{Type: wire.TypeSnapshot, Snapshot: &crm.Snapshot{Seq: 77, Conversations: []crm.Conversation{conv}}},
		{Type: wire.TypeMessages, Messages: []crm.Message{{ID: "m1", ConversationID: "cv_1", Direction: crm.Inbound, CreatedAt: at, Status: crm.StatusReceived}}},
	}
	for _, f := range frames {
		if err := s.handle(f); err != nil {
			t.Fatalf("%s: %v", f.Type, err)
		}
		if cur, _ := db.Cursor(); cur != 0 {
			t.Fatalf("after %s the cursor is %d; a cut here would lose history", f.Type, cur)
		}
	}
	if p := s.progress(); p != 0.5 {
		t.Fatalf("progress %v after 1 of 2 messages", p)
	}
	if err := s.handle(wire.Frame{Type: wire.TypeSnapshotEnd, Seq: 77}); err != nil {
		t.Fatal(err)
	}
	if cur, _ := db.Cursor(); cur != 77 {
		t.Fatalf("cursor %d after snapshot_end, want 77", cur)
	}
	if _, ok, _ := db.Conversation("cv_1"); !ok {
		t.Fatal("snapshot conversation missing")
	}
}

func TestDeadServerDetectedByClient(t *testing.T) {
	// A server that upgrades and then never reads or answers pings.
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	up := websocket.Upgrader{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		<-hang
	}))
	t.Cleanup(hs.Close)
	db := openCache(t, t.TempDir()+"/c.db")
	t.Cleanup(func() { db.Close() })
	c := NewClient(ClientConfig{ServerURL: hs.URL, Token: "t", DB: db, Rand: testRand(3)})
	c.pingInterval, c.readTimeout = 50*time.Millisecond, 300*time.Millisecond
	c.SetBackoff(time.Hour, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	start := time.Now()
	st := Status{}
	waitFor(t, "the client to give up on the silent server", 5*time.Second, func() bool {
		st = latestStatus(c, st)
		return st.State == StateOffline && !st.Retry.IsZero()
	})
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("offline after %v, before the read timeout", d)
	}
	if !strings.Contains(st.LastError, "timeout") {
		t.Fatalf("LastError %q does not say timeout", st.LastError)
	}
}
