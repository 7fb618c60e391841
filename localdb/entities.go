package localdb

import (
	"strings"
	"time"

	"smsdesk/crm"
)

// Writers for everything that is not a conversation or a message. Each keeps
// its secondary indexes (search text, newest-first, unread, due) in step.

func (t *txn) putRecord(r crm.Record) error {
	if r.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	var old crm.Record
	had, err := getJSON(t.b(bRecords), []byte(r.ID), &old)
	if err != nil {
		return err
	}
	if err := putJSON(t.b(bRecords), []byte(r.ID), &r); err != nil {
		return err
	}
	if err := t.b(bRecordSearch).Put([]byte(r.ID), []byte(searchText(r))); err != nil {
		return err
	}
	if had && old.Name != r.Name {
		return t.renameRecord(r)
	}
	return nil
}

// renameRecord keeps the record name copied onto its conversations current.
func (t *txn) renameRecord(r crm.Record) error {
	prefix := pairKey(r.ID, "")
	var ids []string
	c := t.b(bConvByRecord).Cursor()
	for k, _ := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, _ = c.Next() {
		ids = append(ids, string(k[len(prefix):]))
	}
	for _, id := range ids {
		rs, err := t.row(id)
		if err != nil {
			return err
		}
		if rs != nil && rs.row.Record.ID == r.ID {
			rs.row.RecordName = r.Name
			t.touch(rs)
		}
	}
	return nil
}

// searchText is what SearchRecords matches: name, field values and phones,
// lower-cased once at write time so a search reads no JSON.
func searchText(r crm.Record) string {
	var b strings.Builder
	b.WriteString(r.Name)
	for _, v := range r.Fields {
		b.WriteByte('\n')
		b.WriteString(v)
	}
	for _, p := range r.Phones {
		b.WriteByte('\n')
		b.WriteString(p)
	}
	return strings.ToLower(b.String())
}

func (t *txn) putTemplate(tp crm.Template) error {
	if tp.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	return putJSON(t.b(bTemplates), []byte(tp.ID), &tp)
}

func (t *txn) deleteTemplate(id string) error {
	if id == "" {
		return nil
	}
	return t.b(bTemplates).Delete([]byte(id))
}

func (t *txn) putNumber(n crm.BusinessNumber) error {
	if n.Number == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	return putJSON(t.b(bNumbers), []byte(n.Number), &n)
}

func (t *txn) putUser(u crm.User) error {
	if u.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	if err := putJSON(t.b(bUsers), []byte(u.ID), &u); err != nil {
		return err
	}
	me, err := t.me()
	if err != nil {
		return err
	}
	if me.ID == u.ID {
		return putJSON(t.b(bMeta), kMe, &u)
	}
	return nil
}

func (t *txn) putTeam(tm crm.Team) error {
	if tm.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	return putJSON(t.b(bTeams), []byte(tm.ID), &tm)
}

// expiryKey orders unread notifications by expiry; one that never expires
// sorts last.
func expiryKey(n crm.Notification) []byte {
	if n.ExpiresAt.IsZero() {
		k := invTimeKey(time.Time{}, n.ID) // ^0: after every real time
		return k
	}
	return timeKey(n.ExpiresAt, n.ID)
}

func (t *txn) putNotification(n crm.Notification) error {
	if n.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	notes, byTime, unread := t.b(bNotifications), t.b(bNotifByTime), t.b(bNotifUnread)
	var old crm.Notification
	had, err := getJSON(notes, []byte(n.ID), &old)
	if err != nil {
		return err
	}
	if had {
		if err := byTime.Delete(invTimeKey(old.CreatedAt, old.ID)); err != nil {
			return err
		}
		if err := unread.Delete(expiryKey(old)); err != nil {
			return err
		}
	}
	if err := putJSON(notes, []byte(n.ID), &n); err != nil {
		return err
	}
	if err := byTime.Put(invTimeKey(n.CreatedAt, n.ID), nil); err != nil {
		return err
	}
	if n.ReadAt == nil {
		return unread.Put(expiryKey(n), nil)
	}
	return nil
}

func (t *txn) notification(id string) (crm.Notification, bool, error) {
	var n crm.Notification
	ok, err := getJSON(t.b(bNotifications), []byte(id), &n)
	return n, ok, err
}

func (t *txn) putWorkItem(w crm.WorkItem) error {
	if w.ID == "" {
		return nil // unkeyable: skipped rather than stalling sync
	}
	items, due := t.b(bWorkItems), t.b(bWorkByDue)
	var old crm.WorkItem
	had, err := getJSON(items, []byte(w.ID), &old)
	if err != nil {
		return err
	}
	if had {
		if err := due.Delete(timeKey(old.Due, old.ID)); err != nil {
			return err
		}
	}
	if err := putJSON(items, []byte(w.ID), &w); err != nil {
		return err
	}
	if stepListed(w) {
		return due.Put(timeKey(w.Due, w.ID), nil)
	}
	return nil
}

func (t *txn) workItem(id string) (crm.WorkItem, bool, error) {
	var w crm.WorkItem
	ok, err := getJSON(t.b(bWorkItems), []byte(id), &w)
	return w, ok, err
}
