package backend

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"smsdesk/crm"
)

// adminAlice is u_alice with the admin role, as an administrative actor.
func adminAlice(t *testing.T, e *env) crm.User {
	t.Helper()
	u, ok := e.svc.dir.Load().user("u_alice")
	if !ok {
		t.Fatal("u_alice missing")
	}
	u.Roles = append(u.Roles, crm.RoleAdmin)
	return u
}

// lenaOnWest is the conversation between Lena and the West desk, after an
// inbound SMS, as u_bob sees it.
func lenaOnWest(t *testing.T, e *env, sid, body string) string {
	t.Helper()
	e.inbound(sid, phoneLena, numWest, body)
	var convID string
	eventually(t, "bob to see Lena's conversation", func() bool {
		c, ok := e.conversationOn(tokBob, numWest, phoneLena)
		convID = c.ID
		return ok
	})
	return convID
}

// A mark_read replayed after u_bob was taken out of the team that gave him
// the conversation answers with the stored acknowledgement but without the
// conversation (which would show him a message that arrived since).
func TestReplayedMarkReadOmitsConversationTheUserNoLongerSees(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	convID := lenaOnWest(t, e, "SMreplay1", "secret one")
	cmd := crm.Command{ID: "cmd_bob_read", Kind: crm.CmdMarkRead, ConversationID: convID}
	res := e.svc.Apply(ctx, "u_bob", cmd)
	if !res.OK || res.Conversation == nil {
		t.Fatalf("mark read: %+v", res)
	}
	// While he still sees it, a replay carries the conversation.
	if res := e.svc.Apply(ctx, "u_bob", cmd); !res.OK || res.Conversation == nil || res.Conversation.ID != convID {
		t.Fatalf("replay while visible: %+v", res)
	}

	if _, err := e.svc.SetUserTeams(ctx, adminAlice(t, e), "u_bob", nil); err != nil {
		t.Fatalf("set teams: %v", err)
	}
	if _, ok := e.conversationOn(tokBob, numWest, phoneLena); ok {
		t.Fatal("bob still sees the conversation over REST")
	}
	e.inbound("SMreplay2", phoneLena, numWest, "secret two, after bob lost it")

	res = e.svc.Apply(ctx, "u_bob", cmd)
	if res.Conversation != nil || res.Message != nil {
		t.Fatalf("replay after losing sight carries conversation %+v, message %+v", res.Conversation, res.Message)
	}
	if res.ID != cmd.ID || !res.OK || res.Error != nil {
		t.Fatalf("replay after losing sight: %+v, want the stored acknowledgement (id, ok)", res)
	}
}

// The same for a move replayed after the business number that gave u_bob
// the conversation went to another team.
func TestReplayedMoveOmitsConversationAfterNumberOwnerChange(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	convID := lenaOnWest(t, e, "SMreplay3", "hello")
	// To an East account: bob keeps it through the West desk only.
	cmd := crm.Command{ID: "cmd_bob_move", Kind: crm.CmdMoveConversation,
		Move: &crm.MoveConversation{ConversationID: convID, To: crm.RecordRef{Type: crm.RecordAccount, ID: "a_northwind"}}}
	res := e.svc.Apply(ctx, "u_bob", cmd)
	if !res.OK || res.Conversation == nil || res.Conversation.Record.ID != "a_northwind" {
		t.Fatalf("move: %+v", res)
	}
	if res := e.svc.Apply(ctx, "u_bob", cmd); !res.OK || res.Conversation == nil {
		t.Fatalf("replay while visible: %+v", res)
	}

	if _, err := e.svc.SetNumberOwner(ctx, adminAlice(t, e), numWest, crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}); err != nil {
		t.Fatalf("set number owner: %v", err)
	}
	if _, ok := e.conversationOn(tokBob, numWest, phoneLena); ok {
		t.Fatal("bob still sees the conversation over REST")
	}

	res = e.svc.Apply(ctx, "u_bob", cmd)
	if res.Conversation != nil || res.Message != nil {
		t.Fatalf("replay after losing sight carries conversation %+v, message %+v", res.Conversation, res.Message)
	}
	if res.ID != cmd.ID || !res.OK || res.Error != nil {
		t.Fatalf("replay after losing sight: %+v, want the stored acknowledgement (id, ok)", res)
	}
}

// removeTeamsInTx is SetUserTeams(actor, userID, nil) inside w, for a test
// that needs the change committed at a chosen point of the commit queue.
func removeTeamsInTx(w *writeTx, actor crm.User, userID string) error {
	a, err := w.s.beginAdmin(w, actor, ActUserTeams)
	if err != nil {
		return err
	}
	old, ok := a.old.users[userID]
	if !ok {
		return errors.New("unknown user " + userID)
	}
	u := old
	u.Teams = nil
	for _, t := range old.Teams {
		a.touchOwner(crm.Owner{Kind: crm.OwnerTeam, ID: t}, a.old)
	}
	if err := a.putUser(u); err != nil {
		return err
	}
	a.target, a.before, a.after = userID, auditUser(old), auditUser(u)
	return a.finish()
}

// A command that reached Apply before an administrative change took u_bob
// out of his team, but whose transaction runs after that change committed,
// is checked against u_bob as he is now: refused, not applied with the
// team he had when the request came in.
//
// The window is made deterministic by holding the committer in a write
// whose function waits: Apply reads the directory and queues its change
// behind it; only then does the held write remove bob's teams and commit.
func TestApplyChecksTheUserAsOfItsTransaction(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	convID := lenaOnWest(t, e, "SMwindow1", "hello")
	admin := adminAlice(t, e)
	if n := len(e.svc.commits.reqs); n != 0 {
		t.Fatalf("%d changes queued before the test, want none", n)
	}

	var once sync.Once
	started, proceed := make(chan struct{}), make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- e.svc.write(func(w *writeTx) error {
			once.Do(func() { close(started) })
			select {
			case <-proceed:
			case <-time.After(10 * time.Second):
				return errors.New("held write: not released in time")
			}
			return removeTeamsInTx(w, admin, "u_bob")
		})
	}()
	<-started

	applied := make(chan crm.CommandResult, 1)
	go func() {
		applied <- e.svc.Apply(ctx, "u_bob", crm.Command{ID: "cmd_bob_window", Kind: crm.CmdMarkRead, ConversationID: convID})
	}()
	eventually(t, "Apply to queue its change behind the held write", func() bool {
		return len(e.svc.commits.reqs) == 1
	})
	close(proceed)
	if err := <-held; err != nil {
		t.Fatalf("held write: %v", err)
	}
	res := <-applied
	if res.OK || res.Error == nil || res.Error.Code != crm.ErrNotFound || res.Conversation != nil {
		t.Fatalf("mark read by a user who lost the conversation before the command's transaction: %+v, want not_found", res)
	}
}
