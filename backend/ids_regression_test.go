package backend

import (
	"context"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"smsdesk/crm"
)

const (
	aliceToken = "alice-token-0123456789"
	carolToken = "carol-token-0123456789"
)

func convIDs(cs []conversationJSON) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

func messageIDs(ms []crm.Message) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID+"/"+string(m.Direction)+"/"+m.Body)
	}
	return ids
}

// TestHostileConversationIDCannotWriteIntoAnotherTeam is issue 13 finding
// 1: Carol (team east) sends with conversation_id = Alice's conversation
// id + NUL + junk. On the old code it was acknowledged and Alice's history
// showed Carol's text as her own outbound message (the store's prefix scan
// of Alice's conversation covered the attacker's key). Now the command is
// refused naming the field, and what Alice reads is unchanged.
func TestHostileConversationIDCannotWriteIntoAnotherTeam(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	victim, ok := e.conversationOn(aliceToken, "+14155550100", "+14155552671")
	if !ok {
		t.Fatal("no conversation between Alice's number and Jane")
	}
	listBefore, histBefore := convIDs(e.conversations(aliceToken)), messageIDs(e.messages(aliceToken, victim.ID))

	for i, hostile := range []string{victim.ID + "\x00zz", victim.ID + "\x00", victim.ID + "\x01zz", victim.ID + "/x"} {
		res := e.svc.Apply(context.Background(), "u_carol", crm.Command{ID: "cmd_attack_" + string(rune('a'+i)), Kind: crm.CmdSendMessage,
			Send: &crm.SendMessage{ConversationID: hostile, Record: crm.RecordRef{Type: crm.RecordAccount, ID: "a_northwind"},
				From: "+12125550100", To: "+12125552000", Body: "wire the money to me"}})
		// A record and pair with no conversation yet: a new thread under
		// the hostile id.
		if res.OK || res.Error == nil || res.Error.Code != crm.ErrInvalid || res.Error.Field != "send.conversation_id" {
			t.Errorf("send into %q: %+v (error %+v), want refused invalid on send.conversation_id", hostile, res, res.Error)
		}
	}
	if got := convIDs(e.conversations(aliceToken)); !slices.Equal(got, listBefore) {
		t.Errorf("Alice's conversations: %v, before the attack %v", got, listBefore)
	}
	if got := messageIDs(e.messages(aliceToken, victim.ID)); !slices.Equal(got, histBefore) {
		t.Errorf("Alice's history: %v, before the attack %v", got, histBefore)
	}
	// The REST boundary refuses the same id in a path, naming it.
	var out errorBody
	if st := e.do("GET", "/api/v1/conversations/"+url.PathEscape(victim.ID+"\x00zz")+"/messages", carolToken, nil, &out); st != 400 || out.Error.Field != "id" {
		t.Errorf("GET messages of a NUL id: %d %+v, want 400 on field id", st, out.Error)
	}
}

// TestIDHeldByAnotherUserIsIndistinguishable is issue 13 finding 6 (part):
// the old code answered 409 "this command id was already used by another
// user" to a command id Alice holds, where a fresh id was applied. Command
// ids are now each user's own, so Carol gets the very answer a fresh id
// gets; and a send whose id names an existing message gets one answer
// whoever holds that message (Alice, or Carol's own inbound message).
func TestIDHeldByAnotherUserIsIndistinguishable(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	alices, _ := e.conversationOn(aliceToken, "+14155550100", "+14155552671")
	carols, ok := e.conversationOn(carolToken, "+12125550100", "+33612345678")
	if !ok {
		t.Fatal("Carol has no conversation with Marc")
	}
	// Alice holds command (and message) ids msg_held and msg_held2.
	for _, id := range []string{"msg_held", "msg_held2"} {
		if st := e.do("POST", "/api/v1/conversations/"+alices.ID+"/messages", aliceToken, map[string]any{"id": id, "body": "hi"}, nil); st != 202 {
			t.Fatalf("Alice's send: %d", st)
		}
	}

	// A move to the record it is already on changes nothing: the answer
	// depends on the id only.
	move := func(id string) (int, map[string]any) {
		var out map[string]any
		st := e.do("POST", "/api/v1/conversations/"+carols.ID+"/move", carolToken,
			map[string]any{"id": id, "to": map[string]any{"type": "contact", "id": "c_marc"}}, &out)
		delete(out, "id")
		return st, out
	}
	heldSt, held := move("msg_held")
	freshSt, fresh := move("cmd_nobody_holds")
	if heldSt != freshSt || !reflect.DeepEqual(held, fresh) {
		t.Errorf("command id Alice holds: %d %v; fresh id: %d %v", heldSt, held, freshSt, fresh)
	}

	// A send reusing a message id: Alice's, or Carol's own inbound one.
	e.inbound("SMheld1", "+33612345678", "+12125550100", "merci")
	var inboundID string
	for _, m := range e.messages(carolToken, carols.ID) {
		if m.Body == "merci" {
			inboundID = m.ID
		}
	}
	send := func(id string) (int, map[string]any) {
		var out struct {
			Error map[string]any `json:"error"`
		}
		st := e.do("POST", "/api/v1/conversations/"+carols.ID+"/messages", carolToken, map[string]any{"id": id, "body": "x"}, &out)
		return st, out.Error
	}
	aSt, aErr := send("msg_held2")
	cSt, cErr := send(inboundID)
	if aSt != cSt || !reflect.DeepEqual(aErr, cErr) {
		t.Errorf("send with Alice's message id: %d %v; with Carol's own inbound id: %d %v", aSt, aErr, cSt, cErr)
	}
	if aSt != 409 {
		t.Errorf("send with a taken message id: %d %v, want 409", aSt, aErr)
	}
}

// TestCommandRecordsFromBeforePerUserIDsStillReplay: a store written before
// command ids were kept per user holds records under the bare id. Its
// maker's replay still gets the stored answer (nothing is applied twice);
// another user's command under that id is applied as a fresh one.
func TestCommandRecordsFromBeforePerUserIDsStillReplay(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	alices, _ := e.conversationOn(aliceToken, "+14155550100", "+14155552671")
	carols, _ := e.conversationOn(carolToken, "+12125550100", "+33612345678")
	stored := crm.CommandResult{ID: "cmd_legacy", OK: true}
	err := e.svc.write(func(w *writeTx) error {
		return putJSON(w.tx.Bucket(bCommands), []byte("cmd_legacy"), appliedCommand{User: "u_alice", Kind: crm.CmdMarkRead, Result: stored})
	})
	if err != nil {
		t.Fatal(err)
	}
	seq := e.svc.LastSeq()
	replay := e.svc.Apply(context.Background(), "u_alice", crm.Command{ID: "cmd_legacy", Kind: crm.CmdMarkRead, ConversationID: alices.ID})
	if !reflect.DeepEqual(replay, stored) || e.svc.LastSeq() != seq {
		t.Fatalf("Alice's replay: %+v (seq %d → %d), want the stored %+v and nothing applied", replay, seq, e.svc.LastSeq(), stored)
	}
	res := e.svc.Apply(context.Background(), "u_carol", crm.Command{ID: "cmd_legacy", Kind: crm.CmdMarkRead, ConversationID: carols.ID})
	if !res.OK || res.Conversation == nil || res.Conversation.ID != carols.ID {
		t.Fatalf("Carol's command under Alice's old id: %+v, want applied", res)
	}
}
