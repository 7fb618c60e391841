package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Reads for the TUI. Each walks one index or one key range; none loads
// every message.

// Conversations lists every conversation, newest activity first, by walking
// the activity index (no sort).
func (db *DB) Conversations() ([]ConversationRow, error) {
	db.rows.mu.Lock()
	hint := len(db.rows.rows)
	db.rows.mu.Unlock()
	rows := make([]ConversationRow, 0, hint)
	seen := make(map[string]cachedRow, hint)
	err := db.view(func(tx *bolt.Tx) error {
		conv := tx.Bucket(bConversations)
		return tx.Bucket(bConvActivity).ForEach(func(k, _ []byte) error {
			row, err := db.decodeRow(conv, idFromTimeKey(k), seen)
			if err != nil {
				return err
			}
			rows = append(rows, row)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read conversations: %w", err)
	}
	db.rows.replace(seen)
	return rows, nil
}

// decodeRow reads a row an index points at.
func (db *DB) decodeRow(conv *bolt.Bucket, id string, seen map[string]cachedRow) (ConversationRow, error) {
	row, ok, err := db.rows.get(conv, id, seen)
	if err == nil && !ok {
		err = fmt.Errorf("%w: index names missing conversation %s", ErrCorrupt, id)
	}
	return row, err
}

// Conversation returns one row.
func (db *DB) Conversation(id string) (ConversationRow, bool, error) {
	var row ConversationRow
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		row, ok, err = db.rows.get(tx.Bucket(bConversations), id, nil)
		return err
	})
	if err != nil {
		return ConversationRow{}, false, fmt.Errorf("read conversation %s: %w", id, err)
	}
	return row, ok, nil
}

// RecordConversations lists the conversations a record holds, newest first.
func (db *DB) RecordConversations(recordID string) ([]ConversationRow, error) {
	var rows []ConversationRow
	err := db.view(func(tx *bolt.Tx) error {
		conv := tx.Bucket(bConversations)
		prefix := pairKey(recordID, "")
		c := tx.Bucket(bConvByRecord).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			row, err := db.decodeRow(conv, string(k[len(prefix):]), nil)
			if err != nil {
				return err
			}
			rows = append(rows, row)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read conversations of record %s: %w", recordID, err)
	}
	// A record holds a handful of conversations: sorting them is free.
	sort.SliceStable(rows, func(i, j int) bool { return activity(&rows[i]).After(activity(&rows[j])) })
	return rows, nil
}

// LastMessages returns the newest n messages of a conversation, oldest
// first: a seek to the end of its range, then n steps back.
func (db *DB) LastMessages(convID string, n int) ([]crm.Message, error) {
	msgs, err := db.messagesBefore(convID, convEnd(convID), n)
	if err != nil {
		return nil, fmt.Errorf("read last messages of %s: %w", convID, err)
	}
	return msgs, nil
}

// MessagesBefore returns up to n messages older than before, oldest first:
// the next page up when scrolling back.
func (db *DB) MessagesBefore(convID string, before crm.Message, n int) ([]crm.Message, error) {
	msgs, err := db.messagesBefore(convID, msgKey(convID, before.CreatedAt, before.ID), n)
	if err != nil {
		return nil, fmt.Errorf("read messages of %s before %s: %w", convID, before.ID, err)
	}
	return msgs, nil
}

// messagesBefore reads up to n messages of convID with keys below end.
func (db *DB) messagesBefore(convID string, end []byte, n int) ([]crm.Message, error) {
	if n <= 0 {
		return nil, nil
	}
	prefix := convPrefix(convID)
	var msgs []crm.Message
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bMessages).Cursor()
		k, v := c.Seek(end)
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(msgs) < n; k, v = c.Prev() {
			var m crm.Message
			if err := decodeMessage(v, &m); err != nil {
				return err
			}
			msgs = append(msgs, m)
		}
		return nil
	})
	// Collected newest first; the TUI draws oldest first.
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	return msgs, err
}

// MessageCount counts a conversation's cached messages (keys only).
func (db *DB) MessageCount(convID string) (int, error) {
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		prefix := convPrefix(convID)
		c := tx.Bucket(bMessages).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count messages of %s: %w", convID, err)
	}
	return n, nil
}

// Me is the signed-in user, once a snapshot has arrived.
func (db *DB) Me() (crm.User, bool, error) {
	var u crm.User
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bMeta), kMe, &u)
		return err
	})
	if err != nil {
		return crm.User{}, false, fmt.Errorf("read me: %w", err)
	}
	return u, ok, nil
}

// Org is the organisation's settings (zero before the first snapshot).
func (db *DB) Org() (crm.Org, error) {
	var o crm.Org
	err := db.view(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bMeta), kOrg, &o)
		return err
	})
	if err != nil {
		return crm.Org{}, fmt.Errorf("read org: %w", err)
	}
	return o, nil
}

// all decodes every value of a small bucket, in key order.
func all[T any](db *DB, name []byte) ([]T, error) {
	var out []T
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(name).ForEach(func(k, v []byte) error {
			var x T
			if err := json.Unmarshal(v, &x); err != nil {
				return fmt.Errorf("%w: decode %s %s: %v", ErrCorrupt, name, k, err)
			}
			out = append(out, x)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// Users lists the organisation's users by id.
func (db *DB) Users() ([]crm.User, error) { return all[crm.User](db, bUsers) }

// Teams lists the teams by id.
func (db *DB) Teams() ([]crm.Team, error) { return all[crm.Team](db, bTeams) }

// Numbers lists the business numbers by number.
func (db *DB) Numbers() ([]crm.BusinessNumber, error) {
	return all[crm.BusinessNumber](db, bNumbers)
}

// Templates lists the templates by name.
func (db *DB) Templates() ([]crm.Template, error) {
	ts, err := all[crm.Template](db, bTemplates)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
	return ts, err
}

// Record returns one record.
func (db *DB) Record(id string) (crm.Record, bool, error) {
	var r crm.Record
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		ok, err = getJSON(tx.Bucket(bRecords), []byte(id), &r)
		return err
	})
	if err != nil {
		return crm.Record{}, false, fmt.Errorf("read record %s: %w", id, err)
	}
	return r, ok, nil
}

// SearchRecords returns up to limit records (limit <= 0: all) whose name,
// fields or phones contain q, case-insensitively, ordered by name. It scans
// the pre-lowered search texts, which start with the name, so matching and
// ordering read no JSON; only the records returned are decoded. Records are
// thousands, not millions: a scan per keystroke is fine.
func (db *DB) SearchRecords(q string, limit int) ([]crm.Record, error) {
	needle := []byte(strings.ToLower(strings.TrimSpace(q)))
	type match struct{ name, id string }
	var out []crm.Record
	err := db.view(func(tx *bolt.Tx) error {
		var matches []match
		c := tx.Bucket(bRecordSearch).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if bytes.Contains(v, needle) {
				name, _, _ := bytes.Cut(v, []byte{'\n'})
				matches = append(matches, match{string(name), string(k)})
			}
		}
		sort.Slice(matches, func(i, j int) bool {
			if matches[i].name != matches[j].name {
				return matches[i].name < matches[j].name
			}
			return matches[i].id < matches[j].id
		})
		if limit > 0 && len(matches) > limit {
			matches = matches[:limit]
		}
		recs := tx.Bucket(bRecords)
		for _, m := range matches {
			var r crm.Record
			ok, err := getJSON(recs, []byte(m.id), &r)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search records %q: %w", q, err)
	}
	return out, nil
}

// Notifications lists up to limit unexpired notifications, newest first
// (limit <= 0: all of them).
func (db *DB) Notifications(limit int) ([]crm.Notification, error) {
	now := db.now()
	var out []crm.Notification
	err := db.view(func(tx *bolt.Tx) error {
		notes := tx.Bucket(bNotifications)
		c := tx.Bucket(bNotifByTime).Cursor()
		for k, _ := c.First(); k != nil && (limit <= 0 || len(out) < limit); k, _ = c.Next() {
			var n crm.Notification
			ok, err := getJSON(notes, []byte(idFromTimeKey(k)), &n)
			if err != nil {
				return err
			}
			if ok && (n.ExpiresAt.IsZero() || n.ExpiresAt.After(now)) {
				out = append(out, n)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read notifications: %w", err)
	}
	return out, nil
}

// UnreadNotifications counts unread, unexpired notifications: the keys of
// the unread index from now on, without decoding any.
func (db *DB) UnreadNotifications() (int, error) {
	start := timeKey(db.now(), "")
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bNotifUnread).Cursor()
		for k, _ := c.Seek(start); k != nil; k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count unread notifications: %w", err)
	}
	return n, nil
}

// WorkItems lists the steps still to do, soonest due first: open,
// sending, failed and snoozed ones (crm.WorkItem.OnWorkList tells, with
// the caller's clock, whether a snooze is over); done and skipped ones
// are not indexed.
func (db *DB) WorkItems() ([]crm.WorkItem, error) {
	var out []crm.WorkItem
	err := db.view(func(tx *bolt.Tx) error {
		items := tx.Bucket(bWorkItems)
		return tx.Bucket(bWorkByDue).ForEach(func(k, _ []byte) error {
			var w crm.WorkItem
			ok, err := getJSON(items, []byte(idFromTimeKey(k)), &w)
			if err == nil && ok {
				out = append(out, w)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read work items: %w", err)
	}
	return out, nil
}
