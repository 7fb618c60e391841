package sync

import (
	"testing"
	"time"

	"smsdesk/crm"
)

func TestFirstSyncThenLiveInbound(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	me, ok, err := alice.db.Me()
	if err != nil || !ok || me.ID != "u_alice" {
		t.Fatalf("Me = %+v, %v, %v", me, ok, err)
	}
	waitFor(t, "online status", 5*time.Second, func() bool {
		st := latestStatus(alice.c, Status{})
		return st.State == StateOnline && st.Progress == 1
	})

	srv.inbound(phoneJane, numAlice, "Price list please", 1)
	alice.converged("u_alice", 5*time.Second)
	if c := alice.cursor(); c != srv.service().LastSeq() {
		t.Fatalf("cursor %d, server at %d", c, srv.service().LastSeq())
	}
}

var _ = crm.EventMessage
