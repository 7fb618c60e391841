package hub

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"smsdesk/crm"
	"smsdesk/sync/client"
	"smsdesk/sync/wire"
)

// conversationOf finds userID's conversation with customer on a record.
func conversationOf(t testing.TB, s *testServer, userID, customer, recordID string) crm.Conversation {
	t.Helper()
	snap, err := s.service().Snapshot(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range snap.Conversations {
		if c.CustomerNumber == customer && (recordID == "" || c.Record.ID == recordID) {
			return c
		}
	}
	t.Fatalf("%s has no conversation with %s on %q", userID, customer, recordID)
	return crm.Conversation{}
}

func sendCmd(id string, conv crm.Conversation, body string) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: conv.ID, Record: conv.Record, From: conv.BusinessNumber, To: conv.CustomerNumber, Body: body,
	}}
}

func moveCmd(id, convID string, to crm.RecordRef) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdMoveConversation, Move: &crm.MoveConversation{ConversationID: convID, To: to}}
}

func enqueue(t testing.TB, tc *testClient, cmd crm.Command) {
	t.Helper()
	if err := tc.db.Enqueue(cmd); err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	tc.c.Flush()
}

func cachedMessage(t testing.TB, tc *testClient, convID, id string) (crm.Message, bool) {
	t.Helper()
	msgs, err := tc.db.LastMessages(convID, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.ID == id {
			return m, true
		}
	}
	return crm.Message{}, false
}

func TestFirstSyncThenLiveInbound(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	me, ok, err := alice.db.Me()
	if err != nil || !ok || me.ID != "u_alice" {
		t.Fatalf("Me = %+v, %v, %v", me, ok, err)
	}
	waitFor(t, "online status", 5*time.Second, func() bool {
		st := latestStatus(alice.c, client.Status{})
		return st.State == client.StateOnline && st.Progress == 1
	})

	srv.inbound(phoneJane, numAlice, "Price list please", 1)
	alice.converged("u_alice", 5*time.Second)
	if c := alice.cursor(); c != srv.service().LastSeq() {
		t.Fatalf("cursor %d, server at %d", c, srv.service().LastSeq())
	}
}

func TestOfflineSendThenReconnect(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	srv.stop()
	st := client.Status{}
	waitFor(t, "offline status", 5*time.Second, func() bool {
		st = latestStatus(alice.c, st)
		return st.State == client.StateOffline && !st.Retry.IsZero()
	})

	enqueue(t, alice, sendCmd("cmd_offline_1", jane, "Sent while the server was down"))
	waitFor(t, "queued count in status", 5*time.Second, func() bool {
		st = latestStatus(alice.c, st)
		return st.Queued == 1
	})
	if m, ok := cachedMessage(t, alice, jane.ID, "cmd_offline_1"); !ok || m.Status != crm.StatusPending {
		t.Fatalf("offline send not shown as pending: %+v %v", m, ok)
	}
	if n := srv.prov.total(); n != 0 {
		t.Fatalf("provider saw %d sends while the server was down", n)
	}

	srv.start()
	alice.converged("u_alice", 10*time.Second)
	waitFor(t, "the provider to get the send", 5*time.Second, func() bool { return srv.prov.count("cmd_offline_1") > 0 })
	if n := srv.prov.count("cmd_offline_1"); n != 1 {
		t.Fatalf("provider saw the send %d times", n)
	}
	waitFor(t, "the send to leave pending", 5*time.Second, func() bool {
		m, ok := cachedMessage(t, alice, jane.ID, "cmd_offline_1")
		return ok && m.Status != crm.StatusPending
	})
}

func TestServerRestartedMidStream(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)

	for i := range 40 {
		srv.inbound(phoneJane, numAlice, fmt.Sprintf("burst %d", i), i)
		if i == 20 {
			// Mid-stream: events are still on their way to the client.
			srv.stop()
			srv.start()
		}
	}
	alice.converged("u_alice", 10*time.Second)
	alice.waitCaughtUp("u_alice", 5*time.Second)
}

func TestClientKilledBetweenWriteAndAck(t *testing.T) {
	srv := newTestServer(t)
	path := t.TempDir() + "/alice.db"
	alice := newTestClient(t, srv, tokAlice, path)
	alice.converged("u_alice", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	alice.stop()

	// The server applies the command, the ack is on its way, and the
	// client dies before storing it.
	enqueue(t, alice, sendCmd("cmd_kill_1", jane, "Does this go out twice?"))
	acked := make(chan struct{}, 1)
	alice.start(func(c *client.Client) {
		c.Hooks.BeforeAck = func(res crm.CommandResult) bool {
			select {
			case acked <- struct{}{}:
			default:
			}
			return false
		}
	})
	select {
	case <-acked:
	case <-time.After(10 * time.Second):
		t.Fatal("the command was never acknowledged by the server")
	}
	alice.close()
	waitFor(t, "the provider to get the send", 5*time.Second, func() bool { return srv.prov.count("cmd_kill_1") > 0 })

	// Restart: the outbox still holds the command and replays it.
	again := newTestClient(t, srv, tokAlice, path)
	if n := again.outboxLen(); n != 1 {
		t.Fatalf("outbox after the crash holds %d commands, want 1", n)
	}
	again.converged("u_alice", 10*time.Second)
	if n := srv.prov.count("cmd_kill_1"); n != 1 {
		t.Fatalf("provider saw the send %d times", n)
	}
	if m, ok := cachedMessage(t, again, jane.ID, "cmd_kill_1"); !ok || m.Status == crm.StatusPending {
		t.Fatalf("replayed send: %+v %v", m, ok)
	}
}

func TestMoveMadeOffline(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	alice.c.SetOffline(true)
	waitFor(t, "the link to be cut", 5*time.Second, func() bool { return srv.theHub().Connections("u_alice") == 0 })
	to := crm.RecordRef{Type: crm.RecordOpportunity, ID: "o_fab_renewal"}
	enqueue(t, alice, moveCmd("cmd_move_1", jane.ID, to))
	row, ok, err := alice.db.Conversation(jane.ID)
	if err != nil || !ok || row.Record != to {
		t.Fatalf("offline move not shown locally: %+v %v %v", row.Record, ok, err)
	}
	if got, _ := srv.service().Conversation(context.Background(), "u_alice", jane.ID); got.Record.ID != "c_jane" {
		t.Fatalf("server moved it while offline: %+v", got.Record)
	}
	if srv.theHub().Connections("u_alice") != 0 {
		t.Fatal("client reconnected while set offline")
	}

	alice.c.SetOffline(false)
	waitFor(t, "outbox to drain", 10*time.Second, func() bool { return alice.outboxLen() == 0 })
	got, err := srv.service().Conversation(context.Background(), "u_alice", jane.ID)
	if err != nil || got.Record != to {
		t.Fatalf("server conversation record = %+v, %v; want %+v", got.Record, err, to)
	}
	waitFor(t, "cache row on the new record", 5*time.Second, func() bool {
		row, ok, _ := alice.db.Conversation(jane.ID)
		return ok && row.Record == to && row.RecordName == got.RecordName
	})
	alice.converged("u_alice", 5*time.Second)
}

func TestTwoClientsOfOneUserConverge(t *testing.T) {
	srv := newTestServer(t)
	a1 := newTestClient(t, srv, tokAlice, "")
	a2 := newTestClient(t, srv, tokAlice, "")
	a1.converged("u_alice", 10*time.Second)
	a2.converged("u_alice", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	enqueue(t, a1, sendCmd("cmd_two_1", jane, "From the laptop"))
	srv.inbound(phoneJane, numAlice, "Got it", 1)
	waitFor(t, "the other client to see the send", 5*time.Second, func() bool {
		_, ok := cachedMessage(t, a2, jane.ID, "cmd_two_1")
		return ok
	})
	a1.converged("u_alice", 5*time.Second)
	a2.converged("u_alice", 5*time.Second)

	// Reading on one clears the unread count on the other.
	waitFor(t, "an unread message on the first client", 5*time.Second, func() bool {
		row, _, _ := a1.db.Conversation(jane.ID)
		return row.Unread > 0
	})
	enqueue(t, a2, crm.Command{ID: "cmd_two_read", Kind: crm.CmdMarkRead, ConversationID: jane.ID})
	waitFor(t, "the read mark to reach the first client", 5*time.Second, func() bool {
		row, _, _ := a1.db.Conversation(jane.ID)
		return row.Unread == 0
	})
	r1, _, _ := a1.db.Conversation(jane.ID)
	r2, _, _ := a2.db.Conversation(jane.ID)
	if r1.LastMessage == nil || r2.LastMessage == nil || r1.LastMessage.ID != r2.LastMessage.ID || r1.Record != r2.Record {
		t.Fatalf("rows differ:\n%+v\n%+v", r1, r2)
	}
}

// framesMention reports whether any frame carries the string s (an id).
func framesMention(t testing.TB, frames []wire.Frame, s string) bool {
	for _, f := range frames {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}

func TestUserNeverReceivesAnotherUsersPrivateConversation(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	bob := newTestClient(t, srv, tokBob, "")
	alice.converged("u_alice", 10*time.Second)
	bob.converged("u_bob", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	// A stranger texts Alice's own number: a new lead, Alice's only.
	const stranger = "+15105550111"
	srv.inbound(stranger, numAlice, "Hi, who is this?", 1)
	private := conversationOf(t, srv, "u_alice", stranger, "")
	// Something Bob may see, as a sync point: once it arrived, anything
	// routed before it would have arrived too.
	srv.inbound("+16505550123", numWest, "Tom here", 2)
	bob.converged("u_bob", 5*time.Second)
	alice.converged("u_alice", 5*time.Second)

	for _, id := range []string{private.ID, jane.ID} {
		if bob.hasConversation(id) {
			t.Fatalf("bob's cache holds alice's conversation %s", id)
		}
		if framesMention(t, bob.seenFrames(), id) {
			t.Fatalf("a frame to bob mentioned alice's conversation %s", id)
		}
	}
	if !alice.hasConversation(private.ID) {
		t.Fatal("alice did not get her own conversation")
	}
}

func TestMoveThatHidesRemovesFromOtherCache(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	bob := newTestClient(t, srv, tokBob, "")
	alice.converged("u_alice", 10*time.Second)
	bob.converged("u_bob", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	if bob.hasConversation(jane.ID) {
		t.Fatal("bob sees alice's private conversation before any move")
	}

	// To a team-west record: Bob gains it, with its whole history.
	enqueue(t, alice, moveCmd("cmd_share", jane.ID, crm.RecordRef{Type: crm.RecordContact, ID: "c_lena"}))
	waitFor(t, "the move to be acknowledged", 5*time.Second, func() bool { return alice.outboxLen() == 0 })
	bob.converged("u_bob", 5*time.Second)
	if !bob.hasConversation(jane.ID) {
		t.Fatal("bob did not gain the conversation")
	}
	if n, _ := bob.db.MessageCount(jane.ID); n != len(srv.visibleMessages("u_bob")[jane.ID]) || n == 0 {
		t.Fatalf("bob has %d messages of the granted conversation", n)
	}

	// Back to Alice's own contact: it leaves Bob's cache.
	enqueue(t, alice, moveCmd("cmd_unshare", jane.ID, crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}))
	waitFor(t, "the conversation to leave bob's cache", 5*time.Second, func() bool { return !bob.hasConversation(jane.ID) })
	if n, _ := bob.db.MessageCount(jane.ID); n != 0 {
		t.Fatalf("bob still holds %d messages of the hidden conversation", n)
	}
	bob.converged("u_bob", 5*time.Second)
	alice.converged("u_alice", 5*time.Second)
}

func TestRateLimitedCommandsKeepTheirOrder(t *testing.T) {
	srv := newTestServer(t, withHubConfig(HubConfig{CommandRate: 40, CommandBurst: 3}))
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	alice.c.SetOffline(true)
	waitFor(t, "the link to be cut", 5*time.Second, func() bool { return srv.theHub().Connections("u_alice") == 0 })
	var ids []string
	for i := range 12 {
		id := fmt.Sprintf("cmd_rl_%02d", i)
		ids = append(ids, id)
		enqueue(t, alice, sendCmd(id, jane, fmt.Sprintf("message %d", i)))
	}
	alice.c.SetOffline(false)
	waitFor(t, "outbox to drain", 10*time.Second, func() bool { return alice.outboxLen() == 0 })

	limited := 0
	for _, f := range alice.seenFrames() {
		if f.Type == wire.TypeError && f.Error.Code == wire.ErrCodeRateLimited {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no command was rate limited: the limiter did not engage")
	}
	msgs, err := srv.service().ConversationMessages(context.Background(), "u_alice", jane.ID, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		if strings.HasPrefix(m.ID, "cmd_rl_") {
			got = append(got, m.ID)
		}
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Fatalf("server order %v, want %v", got, ids)
	}
	alice.converged("u_alice", 5*time.Second)
}

// A first sync cut half-way (server stopped during the message pages)
// starts over on reconnect and converges: no half history behind a cursor.
func TestFirstSyncCutHalfwayStartsOver(t *testing.T) {
	// Small socket buffers, so that most of the sync is still on the
	// server when the client stops reading.
	srv := newTestServer(t, seedWith(genDataset(genSpec{sellers: 1, contactsPerSeller: 40, msgsPerConv: 50})),
		withHubConfig(HubConfig{MessagePage: 50}),
		withListener(func(l net.Listener) net.Listener { return smallSendListener{l} }))
	makeReadEvents(t, srv, sellerID(0), 1) // a log to resume from afterwards
	cut := make(chan struct{})
	resume := make(chan struct{})
	var once sync.Once
	sd := &shrinkableDial{}
	tc := newTestClient(t, srv, sellerToken(0), "", func(c *client.Client) {
		c.Hooks.NetDialContext = sd.dial
		c.Hooks.OnReceive = func(f wire.Frame) {
			if f.Type == wire.TypeMessages {
				once.Do(func() {
					close(cut)
					<-resume // the client stops reading while the server goes away
				})
			}
		}
	})
	<-cut
	srv.stop()
	if cur := tc.cursor(); cur != 0 {
		t.Fatalf("cursor %d in the middle of a first sync", cur)
	}
	sd.grow()
	srv.start()
	close(resume)
	tc.converged(sellerID(0), 20*time.Second)
	tc.waitCaughtUp(sellerID(0), 10*time.Second)
	begins := 0
	for _, f := range tc.seenFrames() {
		if f.Type == wire.TypeSnapshotBegin {
			begins++
		}
	}
	if begins < 2 {
		t.Fatalf("%d snapshots: the cut sync was not started over", begins)
	}
}

// A conversation granted while the user was offline arrives with its whole
// history in the catch-up, and one revoked while offline is removed.
func TestGrantAndRevokeWhileOfflineAreCaughtUp(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	bob := newTestClient(t, srv, tokBob, "")
	alice.converged("u_alice", 10*time.Second)
	bob.converged("u_bob", 10*time.Second)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")

	bob.c.SetOffline(true)
	waitFor(t, "bob offline", 5*time.Second, func() bool { return srv.theHub().Connections("u_bob") == 0 })
	enqueue(t, alice, moveCmd("cmd_share_off", jane.ID, crm.RecordRef{Type: crm.RecordContact, ID: "c_lena"}))
	waitFor(t, "the move to be acknowledged", 5*time.Second, func() bool { return alice.outboxLen() == 0 })
	srv.inbound(phoneJane, numAlice, "one more while bob is away", 1)

	bob.c.SetOffline(false)
	bob.converged("u_bob", 10*time.Second)
	if n, _ := bob.db.MessageCount(jane.ID); n < 3 {
		t.Fatalf("bob has %d messages of the conversation granted while offline", n)
	}

	bob.c.SetOffline(true)
	waitFor(t, "bob offline", 5*time.Second, func() bool { return srv.theHub().Connections("u_bob") == 0 })
	enqueue(t, alice, moveCmd("cmd_unshare_off", jane.ID, crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}))
	waitFor(t, "the move to be acknowledged", 5*time.Second, func() bool { return alice.outboxLen() == 0 })
	bob.c.SetOffline(false)
	bob.converged("u_bob", 10*time.Second)
	if bob.hasConversation(jane.ID) {
		t.Fatal("the conversation revoked while bob was offline is still in his cache")
	}
}
