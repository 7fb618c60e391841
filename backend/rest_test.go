package backend

import (
	"net/http"
	"strings"
	"testing"

	"smsdesk/crm"
)

func TestVisibilityAcrossUsersAndTeam(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", phoneMarc, numEast, "bonjour")  // East desk (t_east) + c_marc (carol)
	e.inbound("SM2", phoneJane, numAlice, "hello")   // Alice direct + c_jane (alice)
	e.inbound("SM3", "+16505550123", numWest, "hey") // West desk (t_west) + l_tom (bob)

	ids := func(tok string) map[string]string {
		out := map[string]string{}
		for _, c := range e.conversations(tok) {
			out[c.CustomerNumber+" "+c.BusinessNumber] = c.ID
		}
		return out
	}
	alice, bob, carol, dave := ids(tokAlice), ids(tokBob), ids(tokCarol), ids(tokDave)
	marc := phoneMarc + " " + numEast
	jane := phoneJane + " " + numAlice
	tom := "+16505550123 " + numWest
	if _, ok := alice[marc]; ok {
		t.Error("alice sees carol's East conversation")
	}
	// Issue 14: dave is in t_east but has no seller role: he receives no
	// inbound message, so no conversation.
	if _, ok := dave[marc]; ok {
		t.Error("dave (team t_east, no seller role) sees the East desk conversation")
	}
	if _, ok := carol[marc]; !ok {
		t.Error("carol does not see her conversation")
	}
	if _, ok := bob[jane]; ok {
		t.Error("bob sees alice's private conversation")
	}
	if _, ok := alice[tom]; !ok {
		t.Error("alice (team t_west) does not see the West desk conversation")
	}
	if _, ok := carol[jane]; ok {
		t.Error("carol sees alice's conversation")
	}

	// Every way into an invisible conversation is a 404, never a 403.
	id := carol[marc]
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/api/v1/conversations/" + id, ""},
		{"GET", "/api/v1/conversations/" + id + "/messages", ""},
		{"POST", "/api/v1/conversations/" + id + "/messages", `{"body":"hi"}`},
		{"POST", "/api/v1/conversations/" + id + "/move", `{"to":{"type":"contact","id":"c_jane"}}`},
		{"POST", "/api/v1/conversations/" + id + "/read", ""},
	} {
		var body any
		if tc.body != "" {
			body = tc.body
		}
		var out struct {
			Error apiError `json:"error"`
		}
		if st := e.do(tc.method, tc.path, tokAlice, body, &out); st != http.StatusNotFound || out.Error.Code != "not_found" {
			t.Errorf("%s %s as alice: %d %+v, want 404 not_found", tc.method, tc.path, st, out)
		}
	}
	// The same id that does not exist at all answers exactly the same way.
	var a, b struct {
		Error apiError `json:"error"`
	}
	e.do("GET", "/api/v1/conversations/"+id+"/messages", tokAlice, nil, &a)
	e.do("GET", "/api/v1/conversations/cv_nope/messages", tokAlice, nil, &b)
	if a != b {
		t.Errorf("invisible %+v differs from missing %+v", a, b)
	}
	if e.prov.count() != 0 {
		t.Fatal("provider called by a refused send")
	}
}

func TestSendFromNumberNotOwned(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.inbound("SM1", "+16505550123", numWest, "hey")
	tom, _ := e.conversationOn(tokBob, numWest, "+16505550123")
	// Bob sees the conversation (his lead) but Alice direct is not his.
	var out struct {
		Error apiError `json:"error"`
	}
	res := e.svc.Apply(t.Context(), "u_bob", crm.Command{ID: "cmd_new", Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_bob_new", Record: crm.RecordRef{Type: crm.RecordLead, ID: "l_tom"}, From: numAlice, To: "+16505550123", Body: "hi"}})
	if res.OK || res.Error.Code != crm.ErrForbidden || res.Error.Field != "from" {
		t.Fatalf("send from alice's number as bob: %+v", res.Error)
	}
	if st := e.do("POST", "/api/v1/conversations/"+tom.ID+"/messages", tokBob, map[string]string{"body": "x", "from": numAlice}, &out); st != 400 || out.Error.Field != "from" {
		t.Fatalf("changing from on a thread: %d %+v", st, out)
	}
	if e.prov.count() != 0 {
		t.Fatal("provider called")
	}
}

func TestUnauthorized(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	for _, tok := range []string{"", "wrong-token-0123456789"} {
		var out struct {
			Error apiError `json:"error"`
		}
		if st := e.do("GET", "/api/v1/conversations", tok, nil, &out); st != 401 || out.Error.Code != "unauthorized" {
			t.Errorf("token %q: %d %+v", tok, st, out)
		}
	}
	var health map[string]any
	if st := e.do("GET", "/healthz", "", nil, &health); st != 200 || health["status"] != "ok" {
		t.Errorf("healthz: %d %v", st, health)
	}
}

func TestMalformedBodies(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	path := "/api/v1/conversations/" + jane.ID + "/messages"
	for _, tc := range []struct {
		name, body, field, inMessage string
	}{
		{"syntax", `{"body": "hi"`, "", "malformed JSON"},
		{"unknown field", `{"body":"hi","bdy":"x"}`, "bdy", "unknown field"},
		{"wrong type", `{"body": 42}`, "body", "string"},
		{"empty", ``, "", "empty body"},
		{"two objects", `{"body":"a"}{"body":"b"}`, "", "after the JSON object"},
		{"empty message", `{"body":"   "}`, "body", "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out struct {
				Error apiError `json:"error"`
			}
			st := e.do("POST", path, tokAlice, tc.body, &out)
			if st != 400 || out.Error.Field != tc.field || !strings.Contains(out.Error.Message, tc.inMessage) {
				t.Fatalf("%d %+v", st, out)
			}
		})
	}
	var out struct {
		Error apiError `json:"error"`
	}
	if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/move", tokAlice, `{"to":{}}`, &out); st != 400 || out.Error.Field != "to.id" {
		t.Fatalf("move without target: %d %+v", st, out)
	}
	if e.prov.count() != 0 {
		t.Fatal("provider called")
	}
}

func TestBodyTooLarge(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	big := `{"body":"` + strings.Repeat("a", MaxJSONBody) + `"}`
	var out struct {
		Error apiError `json:"error"`
	}
	if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/messages", tokAlice, big, &out); st != 413 || out.Error.Code != "too_large" {
		t.Fatalf("%d %+v", st, out)
	}
}

func TestIdempotentSendByClientID(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	path := "/api/v1/conversations/" + jane.ID + "/messages"
	var first, second crm.CommandResult
	if st := e.do("POST", path, tokAlice, map[string]string{"id": "cmd_once", "body": "only once"}, &first); st != 202 {
		t.Fatalf("first: %d", st)
	}
	if st := e.do("POST", path, tokAlice, map[string]string{"id": "cmd_once", "body": "only once"}, &second); st != 202 {
		t.Fatalf("replay: %d", st)
	}
	if first.Message == nil || second.Message == nil || first.Message.ID != "cmd_once" || second.Message.ID != first.Message.ID {
		t.Fatalf("results differ: %+v / %+v", first.Message, second.Message)
	}
	eventually(t, "send", func() bool { return e.message("cmd_once").ProviderID != "" })
	if n := e.prov.count(); n != 1 {
		t.Fatalf("provider called %d times, want 1", n)
	}
	n := 0
	for _, m := range e.messages(tokAlice, jane.ID) {
		if m.ID == "cmd_once" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("message stored %d times", n)
	}
	// Another user's command under the same id is a command of their own
	// (command ids are per user): it is applied or refused on its merits,
	// here not found (Bob does not see Jane's conversation), exactly as
	// under an id nobody holds.
	res := e.svc.Apply(t.Context(), "u_bob", crm.Command{ID: "cmd_once", Kind: crm.CmdMarkRead, ConversationID: jane.ID})
	fresh := e.svc.Apply(t.Context(), "u_bob", crm.Command{ID: "cmd_bob_fresh", Kind: crm.CmdMarkRead, ConversationID: jane.ID})
	if res.OK || res.Error.Code != crm.ErrNotFound || *res.Error != *fresh.Error {
		t.Fatalf("other user's id: %+v, a fresh id: %+v", res.Error, fresh.Error)
	}
}

func TestInvalidNumberFailsBeforeProvider(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	res := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_bad", Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_client_made", Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"},
		From: numAlice, To: "+1555", Body: "hello"}})
	if res.OK || res.Error == nil || res.Error.Code != crm.ErrInvalidPhone || !strings.Contains(res.Error.Message, "InvalidSendingParameters") {
		t.Fatalf("result %+v", res.Error)
	}
	if res.Message == nil || res.Message.Status != crm.StatusFailed || res.Message.FailureReason != crm.ReasonInvalidSendingParameters {
		t.Fatalf("message %+v", res.Message)
	}
	if m := e.message("cmd_bad"); m.FailureReason != crm.ReasonInvalidSendingParameters {
		t.Fatalf("stored %+v", m)
	}
	if e.prov.count() != 0 {
		t.Fatal("provider called for an invalid number")
	}
}

func TestNewThreadAndWorkItem(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	res := e.svc.Apply(t.Context(), "u_carol", crm.Command{ID: "cmd_sara", Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_carol_sara", Record: crm.RecordRef{Type: crm.RecordLead, ID: "l_sara"},
		From: numEast, To: "+34 612 34 56 78", Body: "Hola Sara", WorkItemID: "wi_sara_text"}})
	if !res.OK || res.Conversation.ID != "cv_carol_sara" || res.Conversation.CustomerNumber != "+34612345678" {
		t.Fatalf("%+v %+v", res.Error, res.Conversation)
	}
	eventually(t, "provider call", func() bool { return e.prov.count() == 1 })
	// The provider queued it: the step is sending until it is accepted.
	eventually(t, "the step sending while its text is queued", func() bool {
		wi := e.workItem("u_carol", "wi_sara_text")
		return wi.State == crm.StepSending && wi.MessageID == "cmd_sara" && wi.CompletedAt == nil
	})
	// Dave (same team, no seller role) does not see the thread (issue 14);
	// nor does Alice (another team).
	if _, ok := e.conversationOn(tokDave, numEast, "+34612345678"); ok {
		t.Fatal("dave, without the seller role, sees the team's new thread")
	}
	if _, ok := e.conversationOn(tokAlice, numEast, "+34612345678"); ok {
		t.Fatal("alice sees East's thread")
	}
}

func TestRecordsSearch(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	var out struct {
		Records []crm.Record `json:"records"`
	}
	if st := e.do("GET", "/api/v1/records?q=cooper", tokBob, nil, &out); st != 200 {
		t.Fatal(st)
	}
	if len(out.Records) != 2 || out.Records[0].ID != "l_jane_dup" || out.Records[1].ID != "c_jane" {
		t.Fatalf("%+v", out.Records)
	}
	if st := e.do("GET", "/api/v1/records?q="+strings.TrimPrefix(phoneMarc, "+"), tokBob, nil, &out); st != 200 || len(out.Records) != 1 || out.Records[0].ID != "c_marc" {
		t.Fatalf("by phone: %d %+v", st, out.Records)
	}
}
