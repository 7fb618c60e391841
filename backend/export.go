package backend

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Export writes everything as a dataset file (docs/dataset.md) that
// `smsdesk serve --dataset` imports into an empty data directory: org,
// teams, users, numbers, records, templates, open work items, every
// message with its conversation id (so conversations keep their ids),
// opt-outs and read marks.
//
// Tokens cannot be exported: only their SHA-256 is stored. Every user gets
// a fresh random token in the file instead (it works only on a server
// seeded from it); the file is therefore a secret. Opt-outs are exported
// so a customer who replied STOP is still refused on the new server, and
// read marks so unread counts carry over (except on conversations the
// import cannot keep the id of). What the dataset format has no place for
// is not exported: notifications, completed work items, provider ids and
// routing explanations.
func (s *Service) Export(ctx context.Context, actor crm.User, w io.Writer) error {
	if err := checkAdmin(actor, ActExport); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var counts exportCounts
	err := s.db.View(func(tx *bolt.Tx) error {
		d, err := loadDirectory(tx)
		if err != nil {
			return err
		}
		x := &exporter{w: bw, ctx: ctx}
		x.raw(`{"org":`)
		on := d.org.InAppNotifications
		x.value(dsOrg{Name: d.org.Name, InAppNotifications: &on})
		x.section("teams")
		for _, t := range d.teamList() {
			x.item(dsTeam{ID: t.ID, Name: t.Name})
		}
		x.section("users")
		for _, u := range d.userList() {
			x.item(dsUser{ID: u.ID, Name: u.Name, FirstName: u.FirstName, LastName: u.LastName,
				Token: s.newID("sdt"), Roles: u.Roles, Teams: u.Teams, Language: u.Language})
			counts.Users++
		}
		x.section("numbers")
		for _, n := range d.numberList() {
			x.item(dsNumber{Number: n.Number, Name: n.Name, Owner: dsOwner(n.Owner), Type: n.Type, Removed: n.Removed})
		}
		x.section("records")
		if err := forEachJSON(tx.Bucket(bRecords), func(r *crm.Record) {
			x.item(exportRecord(*r))
			counts.Records++
		}); err != nil {
			return err
		}
		x.section("templates")
		if err := forEachJSON(tx.Bucket(bTemplates), func(t *crm.Template) {
			x.item(dsTemplate{ID: t.ID, Name: t.Name, Category: t.Category, Language: t.Language, Body: t.Body,
				Placeholders: t.Placeholders, Team: t.Team, CreatedBy: t.CreatedBy})
		}); err != nil {
			return err
		}
		x.section("worklist")
		if err := forEachJSON(tx.Bucket(bWorkItems), func(wi *crm.WorkItem) {
			// Steps still to do go out as open ones; done and skipped
			// ones are over.
			if st := wi.StateAt(time.Time{}); st != crm.StepDone && st != crm.StepSkipped {
				x.item(dsWorkItem{ID: wi.ID, Record: wi.Record.ID, Step: wi.Step, Template: wi.TemplateID, Due: wi.Due, Owner: wi.Owner})
			}
		}); err != nil {
			return err
		}
		x.section("messages")
		if err := x.messages(tx, &counts); err != nil {
			return err
		}
		x.section("opt_outs")
		if err := x.optOuts(tx, &counts); err != nil {
			return err
		}
		x.section("read_marks")
		if err := x.readMarks(tx, d); err != nil {
			return err
		}
		x.raw("]}\n")
		return x.err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return s.runAdmin(ctx, actor, ActExport, func(a *adminTx) error {
		a.target, a.after = "dataset", counts
		return nil
	})
}

type exportCounts struct {
	Users    int `json:"users"`
	Records  int `json:"records"`
	Messages int `json:"messages"`
	OptOuts  int `json:"opt_outs"`
}

func exportRecord(r crm.Record) dsRecord {
	active, updated := r.Active, r.UpdatedAt
	out := dsRecord{ID: r.ID, Type: r.Type, Name: r.Name, Owner: dsOwner(r.Owner), Active: &active, UpdatedAt: &updated,
		Fields: r.Fields, AccountID: r.AccountID, ContactID: r.ContactID}
	if len(r.Phones) > 0 {
		out.Phones = map[string]string{}
		for f, p := range r.Phones {
			out.Phones[string(f)] = p
		}
	}
	return out
}

// messages streams every message in store order (by conversation, then
// time), each with its conversation's record and numbers.
func (x *exporter) messages(tx *bolt.Tx, counts *exportCounts) error {
	var conv crm.Conversation
	c := tx.Bucket(bMessages).Cursor()
	for k, v := c.First(); k != nil && x.err == nil; k, v = c.Next() {
		convID := messageKeyConv(k)
		if convID != conv.ID {
			cv, ok, err := getConversation(txKV{tx}, convID)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("message %q: conversation %s missing", k, convID)
			}
			conv = cv
		}
		var m crm.Message
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("decode message %q: %w", k, err)
		}
		x.item(dsMessage{ID: importableID(m.ID), Conversation: importableID(conv.ID), Record: conv.Record.ID,
			BusinessNumber: conv.BusinessNumber, CustomerNumber: conv.CustomerNumber, Direction: m.Direction,
			Body: m.Body, Author: m.Author, At: m.CreatedAt, Status: m.Status, ErrorCode: m.ErrorCode, Media: m.Media})
		counts.Messages++
	}
	return x.err
}

// optOuts writes every customer number that is opted out now. START
// deletes the entry, so an opt-in needs nothing written: absent is opted in.
func (x *exporter) optOuts(tx *bolt.Tx, counts *exportCounts) error {
	c := tx.Bucket(bOptOuts).Cursor()
	for k, v := c.First(); k != nil && x.err == nil; k, v = c.Next() {
		var o optOut
		if err := json.Unmarshal(v, &o); err != nil {
			return fmt.Errorf("decode opt-out %s: %w", k, err)
		}
		// The key is what the send path looks up; the value's copy of it
		// is informational.
		x.item(dsOptOut{Customer: string(k), Keyword: o.Keyword, At: o.At})
		counts.OptOuts++
	}
	return x.err
}

// readMarks writes the read marks the import can place: those of a known
// user on a conversation exported under its own id. A conversation with
// no message is not exported, and one whose id the dataset refuses gets a
// new id from the import; a mark on either would fail the import.
func (x *exporter) readMarks(tx *bolt.Tx, d *directory) error {
	msgs := tx.Bucket(bMessages).Cursor()
	c := tx.Bucket(bReadMarks).Cursor()
	for k, v := c.First(); k != nil && x.err == nil; k, v = c.Next() {
		parts := splitKey(k)
		if len(parts) != 2 {
			return fmt.Errorf("read mark %q: key is not user and conversation", k)
		}
		user, conv := parts[0], parts[1]
		if _, ok := d.user(user); !ok || importableID(conv) == "" {
			continue
		}
		if mk, _ := msgs.Seek(prefixKey(conv)); mk == nil || !hasPrefix(mk, prefixKey(conv)) {
			continue
		}
		at, err := time.Parse(timeFormat, string(v))
		if err != nil {
			return fmt.Errorf("decode read mark %q: %w", k, err)
		}
		x.item(dsReadMark{User: user, Conversation: conv, At: at.Format(time.RFC3339Nano)})
	}
	return x.err
}

// exporter writes a JSON document piece by piece, keeping the first error.
type exporter struct {
	w     *bufio.Writer
	ctx   context.Context
	err   error
	first bool // no item written yet in the current array
}

func (x *exporter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *exporter) value(v any) {
	if x.err != nil {
		return
	}
	if x.err = x.ctx.Err(); x.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		x.err = err
		return
	}
	_, x.err = x.w.Write(b)
}

// section closes the previous array (if any) and opens "name":[.
func (x *exporter) section(name string) {
	if name != "teams" {
		x.raw("]")
	}
	x.raw(",\n" + `"` + name + `":[`)
	x.first = true
}

func (x *exporter) item(v any) {
	if !x.first {
		x.raw(",")
	}
	x.raw("\n")
	x.first = false
	x.value(v)
}

// importableID is id, or "" when the dataset import would refuse it.
// Message and conversation ids can come from clients (a command id, a new
// thread's id), which the live API accepts with spaces or slashes and the
// dataset does not; the import then makes one up (a conversation is
// regrouped by its record and numbers).
func importableID(id string) string {
	if checkID("", id) != nil {
		return ""
	}
	return id
}
