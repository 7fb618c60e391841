package client

import (
	"context"
	"testing"

	"smsdesk/localdb"
)

func TestStatusChannelKeepsOnlyTheNewest(t *testing.T) {
	c := NewClient(ClientConfig{ServerURL: "http://127.0.0.1:1", Rand: testRand(1)})
	for i := range 5 {
		c.publishStatus(func(s *Status) { s.Queued = i })
	}
	select {
	case s := <-c.Status():
		if s.Queued != 4 {
			t.Fatalf("read Queued=%d, want the newest (4)", s.Queued)
		}
	default:
		t.Fatal("no status available")
	}
	select {
	case s := <-c.Status():
		t.Fatalf("a stale status was still queued: %+v", s)
	default:
	}
	// Fields not touched by an update keep their value.
	c.publishStatus(func(s *Status) { s.State = StateOnline })
	if s := <-c.Status(); s.State != StateOnline || s.Queued != 4 {
		t.Fatalf("status %+v", s)
	}
}

func TestStateNames(t *testing.T) {
	for st, want := range map[State]string{StateConnecting: "connecting", StateSyncing: "syncing", StateOnline: "online", StateOffline: "offline", State(42): "unknown"} {
		if st.String() != want {
			t.Errorf("%d: %q, want %q", st, st.String(), want)
		}
	}
}

// openCache opens a client cache at path.
func openCache(t testing.TB, path string) *localdb.DB {
	t.Helper()
	db, err := localdb.Open(path, localdb.Options{})
	if err != nil {
		t.Fatalf("open cache: %v", err)
	}
	return db
}

func TestRunRefusesBadConfig(t *testing.T) {
	db := openCache(t, t.TempDir()+"/c.db")
	t.Cleanup(func() { db.Close() })
	if err := NewClient(ClientConfig{ServerURL: "ftp://x", DB: db}).Run(context.Background()); err == nil {
		t.Fatal("ftp server URL accepted")
	}
	if err := NewClient(ClientConfig{ServerURL: "http://127.0.0.1:1"}).Run(context.Background()); err == nil {
		t.Fatal("no cache accepted")
	}
}
