package crm

import (
	"encoding/base32"
	"fmt"
	"io"
	"strings"
)

// idBytes is the entropy of an id: 128 bits, so ids made up independently by
// clients and the server never collide in practice.
const idBytes = 16

// NewID returns prefix + "_" + 16 random bytes from r in lower-case base32
// without padding (26 characters): short, safe in URLs and bbolt keys, and
// unambiguous when read aloud. r is injected so tests are deterministic;
// production passes crypto/rand.Reader. A reader that cannot deliver is a
// programming error (crypto/rand never fails), so NewID panics rather than
// return a weak id.
func NewID(prefix string, r io.Reader) string {
	var b [idBytes]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		panic(fmt.Sprintf("crm.NewID(%q): read random bytes: %v", prefix, err))
	}
	return prefix + "_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// MaxIDLen is the longest id a client may choose, in bytes. Ids end up in
// store keys, URLs and frames; 128 leaves room for any prefix a dataset uses
// beside NewID's 29 characters.
const MaxIDLen = 128

// IDError says why a client-chosen id is refused. Field names the field as
// the client wrote it (e.g. "send.conversation_id", "records[3].id").
type IDError struct {
	Field  string
	ID     string
	Reason string
}

func (e *IDError) Error() string {
	id := e.ID
	if len(id) > 40 {
		id = id[:40] + "…"
	}
	if e.Field == "" {
		return fmt.Sprintf("%q is not a valid id: %s", id, e.Reason)
	}
	return fmt.Sprintf("%s: %q is not a valid id: %s", e.Field, id, e.Reason)
}

// IDGrammar describes the rule CheckClientID applies, for error messages
// and docs.
const IDGrammar = "1 to 128 ASCII letters, digits and _ - . : @, starting with a letter or digit"

// CheckClientID checks an identifier a client chooses (command, message,
// conversation, template, record, user, team, work item, notification ids)
// against the one grammar every boundary applies: sync frames, REST, the
// dataset and administration. The grammar keeps ids out of the bytes that
// store keys use as separators and escapes (NUL, control characters), out
// of what URLs and terminals treat specially (slashes, spaces, escapes), and
// bounded in size. Every id crm.NewID makes, and every id of the example
// datasets, passes. Identifiers that providers assign (Twilio SIDs) are not
// client-chosen and are not checked here.
func CheckClientID(field, id string) error {
	if id == "" {
		return &IDError{Field: field, ID: id, Reason: "required"}
	}
	if len(id) > MaxIDLen {
		return &IDError{Field: field, ID: id, Reason: fmt.Sprintf("%d bytes, at most %d", len(id), MaxIDLen)}
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !idByte(c, i == 0) {
			return &IDError{Field: field, ID: id, Reason: fmt.Sprintf("byte %d is %q; ids are %s", i, rune(c), IDGrammar)}
		}
	}
	return nil
}

// ValidID reports whether id passes CheckClientID.
func ValidID(id string) bool { return CheckClientID("", id) == nil }

func idByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	case first:
		return false
	}
	return c == '_' || c == '-' || c == '.' || c == ':' || c == '@'
}

// CheckCommandIDs checks every client-chosen id a command carries: its own
// id (required) and, when present, the ids it refers to. Empty references
// are left to the command's own checks, which say what is missing. The
// error is an *IDError naming the field as it is spelled in the command's
// JSON.
func CheckCommandIDs(cmd Command) error {
	if err := CheckClientID("id", cmd.ID); err != nil {
		return err
	}
	refs := []struct{ field, id string }{
		{"conversation_id", cmd.ConversationID},
		{"notification_id", cmd.NotificationID},
		{"work_item_id", cmd.WorkItemID},
		{"template_id", cmd.TemplateID},
	}
	if s := cmd.Send; s != nil {
		refs = append(refs,
			struct{ field, id string }{"send.conversation_id", s.ConversationID},
			struct{ field, id string }{"send.record.id", s.Record.ID},
			struct{ field, id string }{"send.work_item_id", s.WorkItemID})
	}
	if m := cmd.Move; m != nil {
		refs = append(refs,
			struct{ field, id string }{"move.conversation_id", m.ConversationID},
			struct{ field, id string }{"move.to.id", m.To.ID})
	}
	if t := cmd.Template; t != nil {
		refs = append(refs, struct{ field, id string }{"template.id", t.ID})
	}
	if n := cmd.NumberOwner; n != nil {
		refs = append(refs, struct{ field, id string }{"number_owner.owner.id", n.Owner.ID})
	}
	if st := cmd.Step; st != nil {
		refs = append(refs, struct{ field, id string }{"step.work_item_id", st.WorkItemID})
	}
	for i, id := range cmd.ConversationIDs {
		// Listed ids must be ids even though mark_all_read skips the ones
		// it cannot see: an empty one is as malformed as a hostile one.
		field := fmt.Sprintf("conversation_ids[%d]", i)
		if id == "" {
			return CheckClientID(field, id)
		}
		refs = append(refs, struct{ field, id string }{field, id})
	}
	for _, r := range refs {
		if r.id == "" {
			continue
		}
		if err := CheckClientID(r.field, r.id); err != nil {
			return err
		}
	}
	return nil
}
