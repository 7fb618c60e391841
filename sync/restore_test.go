package sync

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
