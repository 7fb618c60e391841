package hub

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// A store restored from a backup numbers its events again from the
// backup's Seq. A client whose cursor went past the backup must not take
// the restored server's new events, written under the same Seqs, for the
// ones it already holds: it gets a snapshot, and ends up with exactly what
// the restored server has (the messages the restore lost are gone, the
// ones received since are there).
func TestClientAheadOfARestoredBackupResyncs(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	srv.inbound(phoneJane, numAlice, "before the backup", 1)
	alice.converged("u_alice", 10*time.Second)

	var backup bytes.Buffer
	ops := crm.User{ID: "u_ops", Name: "Ops", Roles: []crm.Role{crm.RoleAdmin}}
	if err := srv.service().Backup(context.Background(), ops, &backup, nil); err != nil {
		t.Fatalf("backup: %v", err)
	}
	for i := range 4 {
		srv.inbound(phoneJane, numAlice, fmt.Sprintf("lost by the restore %d", i), 10+i)
	}
	alice.converged("u_alice", 10*time.Second)
	ahead := alice.cursor()
	alice.stop()

	srv.stop()
	if err := os.WriteFile(filepath.Join(srv.dir, backend.DBFile), backup.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	srv.start()
	// As many events as were lost, under the same Seqs.
	for i := range 4 {
		srv.inbound(phoneJane, numAlice, fmt.Sprintf("after the restore %d", i), 20+i)
	}
	if last := srv.service().LastSeq(); last < ahead {
		t.Fatalf("the restored log is at %d, below the client's cursor %d: the test would not reuse Seqs", last, ahead)
	}
	alice.start()
	alice.converged("u_alice", 10*time.Second)
}

// A freshly seeded store has already one event (the import's): a client
// that synced it resumes from there on its next connection instead of
// taking a whole snapshot again, as it did while the seeded log was empty
// (cursor 0 means "never synced").
func TestReconnectToAFreshlySeededServerResumes(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	alice.waitCaughtUp("u_alice", 5*time.Second)
	if alice.cursor() == 0 {
		t.Fatal("a synced client of a seeded server holds cursor 0")
	}
	before := countFrames(alice.seenFrames(), wire.TypeSnapshotBegin)
	welcomes := countFrames(alice.seenFrames(), wire.TypeWelcome)
	alice.stop()
	alice.start()
	// The cache is already up to date: wait for the new session's catch-up
	// to end (the events frame with more false after its welcome).
	waitFor(t, "the second session caught up", 10*time.Second, func() bool {
		frames := alice.seenFrames()
		seen := 0
		for i, f := range frames {
			if f.Type == wire.TypeWelcome {
				seen++
			}
			if seen > welcomes && f.Type == wire.TypeEvents && !f.More && i > 0 {
				return true
			}
		}
		return false
	})
	if n := countFrames(alice.seenFrames(), wire.TypeSnapshotBegin) - before; n != 0 {
		t.Fatalf("the reconnect took %d snapshots, want none", n)
	}
}
