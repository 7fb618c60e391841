package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"smsdesk/crm"
)

// sendToTypo sends body to the mistyped customer number "+1555" in
// conversation cv_typo (Jane's record, Alice's number) as Alice, through
// REST once the conversation exists and as a sync command before, and
// checks the live refusal: failed, InvalidSendingParameters, nothing sent.
func sendToTypo(t *testing.T, e *env, token, cmdID, body string) {
	t.Helper()
	var res crm.CommandResult
	if _, err := e.svc.Conversation(t.Context(), "u_alice", "cv_typo"); errors.Is(err, ErrNotFound) {
		res = e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: cmdID, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
			ConversationID: "cv_typo", Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"},
			From: numAlice, To: "+1555", Body: body}})
	} else {
		var out struct {
			Error   apiError     `json:"error"`
			Message *crm.Message `json:"message"`
		}
		st := e.do("POST", "/api/v1/conversations/cv_typo/messages", token, map[string]string{"id": cmdID, "body": body}, &out)
		if st != 422 {
			t.Fatalf("send %s in cv_typo: %d %+v, want 422", cmdID, st, out.Error)
		}
		res = crm.CommandResult{Error: &crm.CommandError{Code: crm.ErrorCode(out.Error.Code)}, Message: out.Message}
	}
	if res.OK || res.Error == nil || res.Error.Code != crm.ErrInvalidPhone {
		t.Fatalf("send %s to +1555: %+v, want %s", cmdID, res.Error, crm.ErrInvalidPhone)
	}
	if m := res.Message; m == nil || m.Status != crm.StatusFailed || m.FailureReason != crm.ReasonInvalidSendingParameters || m.To != "+1555" {
		t.Fatalf("send %s to +1555 stored %+v", cmdID, res.Message)
	}
}

// A seller's send to a mistyped number is refused and kept, failed, under
// the number as typed. The export holds it as stored, and the import must
// take it back: an export that does not import loses the whole server.
func TestExportThenImportKeepsSendsToAnInvalidNumber(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	e.inbound("SMv1", phoneJane, numAlice, "hi")
	sendToTypo(t, e, tokAlice, "cmd_typo_1", "Hi Jane, your quote is ready")
	sendToTypo(t, e, tokAlice, "cmd_typo_2", "Jane, are you there?")
	if n := e.prov.count(); n != 0 {
		t.Fatalf("provider called %d times for an invalid number", n)
	}

	moved, tok := exportToNewServer(t, e)

	want, got := dumpConversations(t, e.svc), dumpConversations(t, moved.svc)
	if !reflect.DeepEqual(want, got) {
		for id := range want {
			if !reflect.DeepEqual(want[id], got[id]) {
				t.Errorf("conversation %s:\n was %+v\n now %+v", id, want[id], got[id])
			}
		}
		t.FailNow()
	}
	// What Alice sees on the new server: the thread under the number she
	// typed, both sends failed with their reason.
	c, ok := moved.conversationOn(tok["u_alice"], numAlice, "+1555")
	if !ok || c.ID != "cv_typo" || c.Record.ID != "c_jane" {
		t.Fatalf("cv_typo after the move: %+v (found %v)", c, ok)
	}
	msgs := moved.messages(tok["u_alice"], c.ID)
	if len(msgs) != 2 {
		t.Fatalf("%d messages in cv_typo after the move, want 2: %+v", len(msgs), msgs)
	}
	for i, m := range msgs {
		if m.ID != []string{"cmd_typo_1", "cmd_typo_2"}[i] || m.Direction != crm.Outbound || m.Author != "u_alice" ||
			m.Status != crm.StatusFailed || m.FailureReason != crm.ReasonInvalidSendingParameters || m.ErrorCode != "" ||
			m.From != numAlice || m.To != "+1555" {
			t.Errorf("message %d after the move: %+v", i, m)
		}
	}
	// The thread behaves as it did: another send is refused the same way
	// and nothing reaches the provider.
	sendToTypo(t, moved, tok["u_alice"], "cmd_typo_3", "Third try")
	if n := moved.prov.count(); n != 0 {
		t.Fatalf("provider called %d times on the new server", n)
	}
}

// The exception is for the shape of a refused send only: anywhere else a
// number that does not normalise is still a mistake in the file, reported
// with the usual error and importing nothing.
func TestDatasetInvalidNumberOutsideARefusedSend(t *testing.T) {
	refused := map[string]any{"conversation": "cv_typo", "record": "c_jane", "business_number": numAlice,
		"customer_number": "+1555", "direction": "outbound", "author": "u_alice", "status": "failed",
		"at": "2026-11-19T10:00:00Z", "body": "Hi Jane"}
	with := func(edit func(ds map[string]any)) func(map[string]any) {
		return func(ds map[string]any) {
			ds["messages"] = append(ds["messages"].([]any), refused)
			edit(ds)
		}
	}
	msg := func(fields map[string]any) func(map[string]any) {
		return with(func(ds map[string]any) {
			m := map[string]any{}
			for k, v := range refused {
				m[k] = v
			}
			for k, v := range fields {
				if v == nil {
					delete(m, k)
				} else {
					m[k] = v
				}
			}
			ds["messages"] = append(ds["messages"].([]any), m)
		})
	}
	var base struct{ Messages []any }
	if err := json.Unmarshal(dataset(t, "base.json", nil), &base); err != nil {
		t.Fatal(err)
	}
	// The refused send follows base.json's messages; the edited copy is last.
	edited := fmt.Sprintf("messages[%d]", len(base.Messages)+1)
	bad := func(path string) string {
		return path + `: "+1555" is not a valid E.164 number (InvalidSendingParameters)`
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want string
	}{
		{"inbound in the refused send's thread", msg(map[string]any{"direction": "inbound", "author": nil, "status": nil}), bad(edited + ".customer_number")},
		{"inbound received", msg(map[string]any{"conversation": nil, "direction": "inbound", "author": nil, "status": "received"}), bad(edited + ".customer_number")},
		{"inbound failed", msg(map[string]any{"conversation": nil, "direction": "inbound", "author": nil}), bad(edited + ".customer_number")},
		{"outbound with the default status", msg(map[string]any{"status": nil}), bad(edited + ".customer_number")},
		{"outbound delivered", msg(map[string]any{"status": "delivered"}), bad(edited + ".customer_number")},
		{"outbound undelivered", msg(map[string]any{"status": "undelivered"}), bad(edited + ".customer_number")},
		{"failed by the provider", msg(map[string]any{"error_code": "30003"}), bad(edited + ".customer_number")},
		{"record phone", with(func(ds map[string]any) {
			ds["records"].([]any)[2].(map[string]any)["phones"] = map[string]any{"mobile": "+1555"}
		}), bad("records[2].phones.mobile")},
		{"opt-out", with(func(ds map[string]any) {
			ds["opt_outs"] = []any{map[string]any{"customer": "+1555", "keyword": "STOP", "at": "2026-11-19T10:00:00Z"}}
		}), bad("opt_outs[0].customer")},
		{"business number", msg(map[string]any{"conversation": nil, "business_number": "+1555"}), bad(edited + ".business_number")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			err := e.svc.ImportDataset(dataset(t, "base.json", tc.edit))
			var de *DatasetError
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &de) || de.Code != DatasetInvalidPhone ||
				!errors.Is(err, crm.ErrInvalidPhone) {
				t.Fatalf("error %v, want a %s containing %q", err, DatasetInvalidPhone, tc.want)
			}
			if has, err := e.svc.HasData(); err != nil || has {
				t.Fatalf("a bad dataset imported something (has data %v, %v)", has, err)
			}
		})
	}
	// The refused send alone imports, under the number as written.
	e := newEnv(t, dataset(t, "base.json", with(func(map[string]any) {})))
	if m := e.message(fmt.Sprintf("msg_import_%06d", len(base.Messages))); m.Status != crm.StatusFailed || m.FailureReason != crm.ReasonInvalidSendingParameters || m.To != "+1555" {
		t.Fatalf("refused send imported as %+v", m)
	}
}
