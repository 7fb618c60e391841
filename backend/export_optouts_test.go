package backend

import (
	"encoding/json"
	"maps"
	"testing"

	"smsdesk/crm"
)

// unreadByPair is what token's user sees unread, per conversation, keyed
// by record and numbers: a conversation whose id the import had to make
// up is still found.
func unreadByPair(e *env, token string) map[string]int {
	out := map[string]int{}
	for _, c := range e.conversations(token) {
		out[c.Record.ID+" "+c.BusinessNumber+" "+c.CustomerNumber] = c.UnreadCount
	}
	return out
}

// exportedTokens maps user id to the token the export gave them.
func exportedTokens(t *testing.T, raw []byte) map[string]string {
	t.Helper()
	var ds struct {
		Users []struct{ ID, Token string }
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, u := range ds.Users {
		out[u.ID] = u.Token
	}
	return out
}

// exportToNewServer exports e as its admin and seeds a new server (its own
// data directory) with the file, as an administrator moving a server does.
// It returns the new server and the users' tokens the export made up. The
// new server draws other random ids, as two real servers do: with the
// first one's seed, an id the import makes up (for a conversation whose id
// the format refuses) could be one the first server made up for another.
func exportToNewServer(t *testing.T, e *env) (*env, map[string]string) {
	t.Helper()
	var buf bytesBuffer
	if st := e.get("/api/v1/admin/export", tokRoot, &buf); st != 200 {
		t.Fatalf("export: %d %s", st, buf.b)
	}
	moved := &env{t: t, dir: t.TempDir(), prov: &countingProvider{}, clock: newTestClock(), opens: 100}
	moved.open(moved.prov)
	if err := moved.svc.ImportDataset(buf.b); err != nil {
		t.Fatalf("import the export: %v", err)
	}
	return moved, exportedTokens(t, buf.b)
}

// A server moved by export and import must keep refusing a customer who
// replied STOP (a compliance failure otherwise), must not keep refusing
// one who opted back in, and keeps each user's read marks.
func TestExportThenImportKeepsOptOutsAndReadMarks(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	e.inbound("SMo1", phoneJane, numAlice, "STOP")
	e.inbound("SMo2", phoneMarc, numEast, " stop")
	e.inbound("SMo3", phoneMarc, numEast, "START")
	jane, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok || !jane.OptedOut {
		t.Fatalf("STOP did not opt Jane out: %+v", jane)
	}
	if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/read", tokAlice, nil, nil); st/100 != 2 {
		t.Fatalf("mark read: %d", st)
	}
	e.inbound("SMo4", phoneJane, numAlice, "are you still there?") // unread after the mark
	marc, _ := e.conversationOn(tokCarol, numEast, phoneMarc)
	if st := e.do("POST", "/api/v1/conversations/"+marc.ID+"/read", tokCarol, nil, nil); st/100 != 2 {
		t.Fatalf("mark read: %d", st)
	}
	// A conversation under a client-made id the dataset refuses, as a
	// server older than the id grammar could store it (written straight
	// into the store: commands refuse such ids now): the import gives it a
	// new id, so its read mark cannot follow and must not be exported (the
	// import would refuse the file).
	err := e.svc.write(func(w *writeTx) error {
		lena := crm.Conversation{ID: "cv lena", Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_lena"},
			BusinessNumber: numWest, CustomerNumber: phoneLena, CreatedAt: w.now}
		if err := putConversation(w.kv, lena, ""); err != nil {
			return err
		}
		if _, err := putMessage(w.kv, crm.Message{ID: "cmd_lena", ConversationID: lena.ID, Direction: crm.Outbound,
			Body: "Hi Lena", Author: "u_alice", From: numWest, To: phoneLena, Status: crm.StatusDelivered, CreatedAt: w.now}); err != nil {
			return err
		}
		return w.tx.Bucket(bReadMarks).Put(joinKey("u_alice", lena.ID), []byte(w.now.Format(timeFormat)))
	})
	if err != nil {
		t.Fatalf("store a conversation under %q: %v", "cv lena", err)
	}
	if n := len(bucketCopy(t, e.svc, bReadMarks)); n != 3 {
		t.Fatalf("%d read marks before the export, want 3", n)
	}

	moved, tok := exportToNewServer(t, e)

	// Jane is refused on the new server, in her conversation (REST) and in
	// a new one from another number (a sync command): before reaching the
	// provider.
	var refused struct {
		Error apiError `json:"error"`
	}
	st := moved.do("POST", "/api/v1/conversations/"+jane.ID+"/messages", tok["u_alice"], map[string]string{"body": "one more thing"}, &refused)
	if st != 409 || refused.Error.Code != string(crm.ErrOptedOut) {
		t.Fatalf("send to Jane after the move: %d %+v, want 409 %s", st, refused, crm.ErrOptedOut)
	}
	res := moved.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_jane_new", Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_jane_west", Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"},
		From: numWest, To: phoneJane, Body: "Hello from the West desk"}})
	if res.OK || res.Error == nil || res.Error.Code != crm.ErrOptedOut {
		t.Fatalf("new conversation to Jane after the move: %+v, want %s", res, crm.ErrOptedOut)
	}
	if c, _ := moved.conversationOn(tok["u_alice"], numAlice, phoneJane); !c.OptedOut {
		t.Fatal("Jane's conversation is not shown opted out after the move")
	}
	if n := moved.prov.count(); n != 0 {
		t.Fatalf("provider called %d times on the new server", n)
	}
	// Marc texted START: he is not opted out there either.
	if c, _ := moved.conversationOn(tok["u_carol"], numEast, phoneMarc); c.OptedOut {
		t.Fatal("Marc, who opted back in, is shown opted out after the move")
	}
	if st := moved.do("POST", "/api/v1/conversations/"+marc.ID+"/messages", tok["u_carol"], map[string]string{"body": "Merci Marc"}, nil); st != 202 {
		t.Fatalf("send to Marc after the move: %d", st)
	}
	eventually(t, "the send to Marc reaching the provider", func() bool { return moved.prov.count() == 1 })
	if want, got := bucketCopy(t, e.svc, bOptOuts), bucketCopy(t, moved.svc, bOptOuts); !maps.Equal(want, got) || len(got) != 1 {
		t.Fatalf("opt-outs:\n was %v\n now %v", want, got)
	}

	// Read marks: every user sees the same unread counts. Jane's
	// conversation has three inbound messages, one after Alice's mark.
	for _, u := range []struct{ id, token string }{{"u_alice", tokAlice}, {"u_bob", tokBob}, {"u_carol", tokCarol}, {"u_dave", tokDave}} {
		was, now := unreadByPair(e, u.token), unreadByPair(moved, tok[u.id])
		if !maps.Equal(was, now) {
			t.Errorf("%s's unread counts:\n was %v\n now %v", u.id, was, now)
		}
	}
	if c, _ := moved.conversationOn(tok["u_alice"], numAlice, phoneJane); c.UnreadCount != 1 {
		t.Fatalf("Jane's conversation has %d unread for Alice after the move, want 1", c.UnreadCount)
	}
	marks := bucketCopy(t, moved.svc, bReadMarks)
	if len(marks) != 2 || marks["u_alice\x00"+jane.ID] != bucketCopy(t, e.svc, bReadMarks)["u_alice\x00"+jane.ID] {
		t.Fatalf("read marks after the move: %q", marks)
	}
}
