package crm

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestClientIDGrammar: every id NewID makes and every kind of id the
// example datasets use pass; NUL, control bytes, separators, spaces,
// non-ASCII, a leading punctuation mark and oversize ids are refused with
// an *IDError naming the field.
func TestClientIDGrammar(t *testing.T) {
	for _, id := range []string{NewID("cv", bytes.NewReader(make([]byte, 16))), "c_lena_old", "tp_followup",
		"msg_import_000002", "wi_jane_text", "u_alice", "a.b:c-d@e", strings.Repeat("x", MaxIDLen)} {
		if err := CheckClientID("id", id); err != nil {
			t.Errorf("%q refused: %v", id, err)
		}
	}
	for _, id := range []string{"", "cv_1\x00zz", "cv_1\x01", "a b", "a/b", "a\nb", "a\tb", "cv_é", "\u202ecv",
		"_x", ".hidden", "..", strings.Repeat("x", MaxIDLen+1), "a\x7f"} {
		err := CheckClientID("send.conversation_id", id)
		var ie *IDError
		if !errors.As(err, &ie) || ie.Field != "send.conversation_id" || !strings.HasPrefix(err.Error(), "send.conversation_id: ") {
			t.Errorf("%q: %v, want an *IDError naming send.conversation_id", id, err)
		}
	}
}

// TestCheckCommandIDsNamesTheField: a command's referenced ids are checked
// with the field spelled as in its JSON; empty references are left to the
// command's own checks.
func TestCheckCommandIDsNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		cmd   Command
		field string
	}{
		{Command{ID: "c\x00"}, "id"},
		{Command{ID: "c1", Send: &SendMessage{ConversationID: "cv\x00x"}}, "send.conversation_id"},
		{Command{ID: "c1", Send: &SendMessage{ConversationID: "cv", Record: RecordRef{ID: "r/1"}}}, "send.record.id"},
		{Command{ID: "c1", Move: &MoveConversation{ConversationID: "cv", To: RecordRef{ID: "r é"}}}, "move.to.id"},
		{Command{ID: "c1", ConversationID: "cv\x01"}, "conversation_id"},
		{Command{ID: "c1", NotificationID: " n"}, "notification_id"},
		{Command{ID: "c1", WorkItemID: strings.Repeat("w", 200)}, "work_item_id"},
		{Command{ID: "c1", Kind: CmdDeleteTemplate, TemplateID: "tp/../x"}, "template_id"},
		{Command{ID: "c1", Kind: CmdMarkAllRead, ConversationIDs: []string{"cv_a", "cv_b\x00zz"}}, "conversation_ids[1]"},
		{Command{ID: "c1", Kind: CmdMarkAllRead, ConversationIDs: []string{""}}, "conversation_ids[0]"},
		{Command{ID: "c1", Template: &Template{ID: "tp\n"}}, "template.id"},
		{Command{ID: "c1", NumberOwner: &SetNumberOwner{Owner: Owner{ID: "u\x00"}}}, "number_owner.owner.id"},
	} {
		var ie *IDError
		if err := CheckCommandIDs(tc.cmd); !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%+v: %v, want an *IDError on %s", tc.cmd, err, tc.field)
		}
	}
	if err := CheckCommandIDs(Command{ID: "c1", Send: &SendMessage{}, Template: &Template{}}); err != nil {
		t.Errorf("empty references: %v", err)
	}
}
