package hub

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// revokingBackend answers Authenticate for a token once (the check before
// the upgrade) and then as configured: the token was revoked, or given to
// another user, while the websocket was being set up, before DisconnectUser
// could see the connection.
type revokingBackend struct {
	*backend.Service
	mu    sync.Mutex
	calls map[string]int
	later func(token string, u crm.User) (crm.User, error)
}

func (b *revokingBackend) Authenticate(token string) (crm.User, error) {
	u, err := b.Service.Authenticate(token)
	b.mu.Lock()
	b.calls[token]++
	n := b.calls[token]
	b.mu.Unlock()
	if err != nil || n == 1 {
		return u, err
	}
	return b.later(token, u)
}

func (b *revokingBackend) authCalls(token string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[token]
}

func TestTokenRevokedDuringUpgradeClosesTheWebsocket(t *testing.T) {
	cases := map[string]func(string, crm.User) (crm.User, error){
		"revoked": func(string, crm.User) (crm.User, error) {
			return crm.User{}, backend.ErrUnauthorized
		},
		"another user": func(string, crm.User) (crm.User, error) {
			return crm.User{ID: "u_bob", Name: "Bob"}, nil
		},
	}
	for name, later := range cases {
		t.Run(name, func(t *testing.T) {
			var rb *revokingBackend
			srv := newTestServer(t, withBackend(func(svc *backend.Service) Backend {
				rb = &revokingBackend{Service: svc, calls: map[string]int{}, later: later}
				return rb
			}))
			ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			// The connection is closed by the server with 1008, whatever
			// frames came before; the read deadline bounds the wait.
			_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
			for {
				_, _, err := ws.ReadMessage()
				if err == nil {
					continue
				}
				if !websocket.IsCloseError(err, websocket.ClosePolicyViolation) {
					t.Fatalf("connection ended with %v, want close 1008", err)
				}
				break
			}
			hub := srv.theHub()
			waitFor(t, "no connection left", 5*time.Second, func() bool { return hub.Connections("") == 0 })
			if n := rb.authCalls(tokAlice); n < 2 {
				t.Fatalf("Authenticate called %d times, want the check after register too", n)
			}
		})
	}
}

// flakyHistoryBackend fails ConversationMessages once for one user and
// conversation with an I/O-like error once armed.
type flakyHistoryBackend struct {
	*backend.Service
	armed  atomic.Bool
	failed atomic.Int32
	user   string
	conv   atomic.Value // string
}

var errDiskHiccup = errors.New("read conversation: input/output error")

func (b *flakyHistoryBackend) ConversationMessages(ctx context.Context, userID, conversationID, after string, limit int) ([]crm.Message, error) {
	if conv, _ := b.conv.Load().(string); userID == b.user && conversationID == conv && b.armed.CompareAndSwap(true, false) {
		b.failed.Add(1)
		return nil, errDiskHiccup
	}
	return b.Service.ConversationMessages(ctx, userID, conversationID, after, limit)
}

// A granted conversation whose history read fails (not a not-found) is not
// announced without it: the connection closes, the client catches up again
// and ends up with the whole history. "resume": bob's cursor is past an
// event, so the reconnect reads the log and the granted event's history
// (sendHistory); "snapshot": bob's cache is made to hold a cursor of
// another epoch, so the reconnect is a snapshot and the failure is in its
// messages.
func TestGrantedHistoryReadErrorIsRetriedNotLost(t *testing.T) {
	for _, mode := range []string{"resume", "snapshot"} {
		t.Run(mode, func(t *testing.T) {
			var fb *flakyHistoryBackend
			srv := newTestServer(t, withBackend(func(svc *backend.Service) Backend {
				fb = &flakyHistoryBackend{Service: svc, user: "u_bob"}
				return fb
			}))
			alice := newTestClient(t, srv, tokAlice, "")
			bob := newTestClient(t, srv, tokBob, "")
			if mode == "resume" {
				srv.inbound("+14155559911", numWest, "for the west team", 1)
			}
			alice.converged("u_alice", 10*time.Second)
			bob.converged("u_bob", 10*time.Second)
			bob.waitCaughtUp("u_bob", 5*time.Second)
			jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
			if bob.hasConversation(jane.ID) {
				t.Fatal("bob already sees jane's conversation")
			}

			bob.c.SetOffline(true)
			waitFor(t, "bob offline", 5*time.Second, func() bool { return srv.theHub().Connections("u_bob") == 0 })
			enqueue(t, alice, moveCmd("cmd_share_flaky", jane.ID, crm.RecordRef{Type: crm.RecordContact, ID: "c_lena"}))
			waitFor(t, "the move to be acknowledged", 5*time.Second, func() bool { return alice.outboxLen() == 0 })
			want := len(srv.visibleMessages("u_bob")[jane.ID])
			if want < 2 {
				t.Fatalf("bob may see %d messages of jane's conversation; the test needs a history", want)
			}
			fb.conv.Store(jane.ID)
			fb.armed.Store(true)
			if mode == "snapshot" {
				if err := bob.db.AdoptEpoch("ep_elsewhere"); err != nil {
					t.Fatal(err)
				}
			}
			snapshotsBefore := countFrames(bob.seenFrames(), wire.TypeSnapshotBegin)

			bob.c.SetOffline(false)
			waitFor(t, "the history read to fail", 10*time.Second, func() bool { return fb.failed.Load() == 1 })
			bob.converged("u_bob", 20*time.Second)
			if n, _ := bob.db.MessageCount(jane.ID); n != want {
				t.Fatalf("bob has %d of the %d messages of the granted conversation", n, want)
			}
			if snapshots := countFrames(bob.seenFrames(), wire.TypeSnapshotBegin) - snapshotsBefore; (snapshots > 0) != (mode == "snapshot") {
				t.Fatalf("%d snapshots after the reconnect in mode %s", snapshots, mode)
			}
		})
	}
}

func countFrames(frames []wire.Frame, typ wire.FrameType) int {
	n := 0
	for _, f := range frames {
		if f.Type == typ {
			n++
		}
	}
	return n
}
