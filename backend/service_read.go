package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Snapshot is everything userID may see, consistent as of its Seq: one read
// transaction, whose Seq is the last event it contains. Messages are paged
// separately with ConversationMessages.
func (s *Service) Snapshot(ctx context.Context, userID string) (crm.Snapshot, error) {
	d := s.dir.Load()
	u, ok := d.user(userID)
	if !ok {
		return crm.Snapshot{}, fmt.Errorf("snapshot for %s: %w", userID, ErrNotFound)
	}
	snap := crm.Snapshot{
		Me:        u,
		Org:       d.org,
		Users:     d.userList(),
		Teams:     d.teamList(),
		Numbers:   d.numberList(),
		ReadMarks: map[string]time.Time{},
	}
	now := s.now()
	err := s.db.View(func(tx *bolt.Tx) error {
		snap.Seq = tx.Bucket(bEvents).Sequence()
		// The directory was loaded outside this transaction: take the one
		// as of this transaction, so the snapshot is consistent with its Seq.
		dd, err := directoryAt(tx, d)
		if err != nil {
			return err
		}
		d = dd
		if u, ok = d.user(userID); !ok {
			return ErrNotFound
		}
		snap.Me, snap.Org, snap.Users, snap.Teams, snap.Numbers = u, d.org, d.userList(), d.teamList(), d.numberList()
		if err := forEachJSON(tx.Bucket(bRecords), func(r *crm.Record) { snap.Records = append(snap.Records, *r) }); err != nil {
			return err
		}
		if err := forEachJSON(tx.Bucket(bTemplates), func(t *crm.Template) { snap.Templates = append(snap.Templates, *t) }); err != nil {
			return err
		}
		if err := forEachJSON(tx.Bucket(bWorkItems), func(wi *crm.WorkItem) {
			if wi.Owner == userID {
				snap.WorkItems = append(snap.WorkItems, *wi)
			}
		}); err != nil {
			return err
		}
		if snap.Notifications, err = userNotifications(tx, userID, now, 0); err != nil {
			return err
		}
		if snap.Conversations, err = s.visibleConversations(ctx, tx, d, u); err != nil {
			return err
		}
		marks, err := readMarks(tx, userID)
		if err != nil {
			return err
		}
		for _, c := range snap.Conversations {
			if t, ok := marks[c.ID]; ok {
				snap.ReadMarks[c.ID] = t
			}
		}
		return nil
	})
	if err != nil {
		return crm.Snapshot{}, fmt.Errorf("snapshot for %s: %w", userID, err)
	}
	return snap, nil
}

// visibleConversations lists the conversations u may see, newest activity
// first.
func (s *Service) visibleConversations(ctx context.Context, tx *bolt.Tx, d *directory, u crm.User) ([]crm.Conversation, error) {
	var out []crm.Conversation
	err := tx.Bucket(bConversations).ForEach(func(k, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := decodeConversation(v)
		if err != nil {
			return fmt.Errorf("decode conversation %s: %w", k, err)
		}
		see, err := s.canSee(txKV{tx}, d, u, c)
		if err != nil {
			return err
		}
		if see {
			out = append(out, c)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b crm.Conversation) int {
		if c := b.LastMessageAt.Compare(a.LastMessageAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// ConversationMessages pages one conversation's messages in order, after the
// message id after ("" for the first page). An invisible conversation is
// ErrNotFound.
func (s *Service) ConversationMessages(ctx context.Context, userID, conversationID, after string, limit int) ([]crm.Message, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []crm.Message
	err := s.db.View(func(tx *bolt.Tx) error {
		// The directory is read once the transaction has begun, so it is
		// at least as new as what the transaction sees (an administrative
		// change swaps it before committing): a user who lost sight of the
		// conversation before a message arrived does not read that message.
		d := s.dir.Load()
		u, ok := d.user(userID)
		if !ok {
			return ErrNotFound
		}
		if _, err := s.visibleConversation(txKV{tx}, d, u, conversationID); err != nil {
			return err
		}
		prefix := prefixKey(conversationID)
		c := tx.Bucket(bMessages).Cursor()
		k, v := c.Seek(prefix)
		if after != "" {
			key := tx.Bucket(bMsgByID).Get([]byte(after))
			if key == nil || !hasPrefix(key, prefix) {
				return fmt.Errorf("message %s in conversation %s: %w", after, conversationID, ErrNotFound)
			}
			k, v = c.Seek(key)
			if k != nil && bytes.Equal(k, key) {
				k, v = c.Next()
			}
		}
		for ; k != nil && hasPrefix(k, prefix) && len(out) < limit; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var m crm.Message
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("decode message: %w", err)
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("messages of %s: %w", conversationID, err)
	}
	return out, nil
}

// userNotifications lists a user's unexpired notifications, newest first.
func userNotifications(tx *bolt.Tx, userID string, now time.Time, limit int) ([]crm.Notification, error) {
	var out []crm.Notification
	p := prefixKey(userID)
	c := tx.Bucket(bNotifications).Cursor()
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		var n crm.Notification
		if err := json.Unmarshal(v, &n); err != nil {
			return nil, fmt.Errorf("decode notification %s: %w", k[len(p):], err)
		}
		if now.Before(n.ExpiresAt) {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b crm.Notification) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Notifications lists userID's unexpired notifications, newest first.
func (s *Service) Notifications(ctx context.Context, userID string, limit int) ([]crm.Notification, error) {
	var out []crm.Notification
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = userNotifications(tx, userID, s.now(), limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("notifications of %s: %w", userID, err)
	}
	return out, nil
}

func readMarks(tx *bolt.Tx, userID string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	p := prefixKey(userID)
	c := tx.Bucket(bReadMarks).Cursor()
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		t, err := time.Parse(timeFormat, string(v))
		if err != nil {
			return nil, fmt.Errorf("decode read mark %s: %w", k[len(p):], err)
		}
		out[unescapePart(k[len(p):])] = t
	}
	return out, nil
}

// unreadCount counts inbound messages after the user's read mark, seeking
// straight to the mark instead of reading the conversation's history.
func unreadCount(tx *bolt.Tx, convID string, readAt time.Time) (int, error) {
	prefix := prefixKey(convID)
	start := prefix
	if !readAt.IsZero() {
		start = append(append([]byte{}, prefix...), timeBytes(readAt.Add(time.Nanosecond))...)
	}
	n := 0
	c := tx.Bucket(bMessages).Cursor()
	for k, v := c.Seek(start); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		var m struct {
			Direction crm.Direction `json:"direction"`
		}
		if err := json.Unmarshal(v, &m); err != nil {
			return 0, fmt.Errorf("decode message: %w", err)
		}
		if m.Direction == crm.Inbound {
			n++
		}
	}
	return n, nil
}

// ConversationView is a conversation as the REST list shows it.
type ConversationView struct {
	crm.Conversation
	Unread int `json:"unread_count"`
}

// ConversationList is the REST list: every conversation userID may see,
// newest first, with unread counts.
func (s *Service) ConversationList(ctx context.Context, userID string) ([]ConversationView, error) {
	d := s.dir.Load()
	u, ok := d.user(userID)
	if !ok {
		return nil, ErrNotFound
	}
	var out []ConversationView
	err := s.db.View(func(tx *bolt.Tx) error {
		convs, err := s.visibleConversations(ctx, tx, d, u)
		if err != nil {
			return err
		}
		marks, err := readMarks(tx, userID)
		if err != nil {
			return err
		}
		out = make([]ConversationView, 0, len(convs))
		for _, c := range convs {
			n, err := unreadCount(tx, c.ID, marks[c.ID])
			if err != nil {
				return err
			}
			out = append(out, ConversationView{Conversation: c, Unread: n})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("conversations of %s: %w", userID, err)
	}
	return out, nil
}

// Conversation returns one conversation userID may see (ErrNotFound
// otherwise).
func (s *Service) Conversation(ctx context.Context, userID, id string) (crm.Conversation, error) {
	d := s.dir.Load()
	u, ok := d.user(userID)
	if !ok {
		return crm.Conversation{}, ErrNotFound
	}
	var c crm.Conversation
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		c, err = s.visibleConversation(txKV{tx}, d, u, id)
		return err
	})
	return c, err
}

// SearchRecords finds records by name, id or phone. Records are public in
// smsdesk (every user may pick any record to move a conversation to).
func (s *Service) SearchRecords(ctx context.Context, q string, limit int) ([]crm.Record, error) {
	if limit <= 0 {
		limit = 50
	}
	sums := s.records.search(q, limit)
	out := make([]crm.Record, 0, len(sums))
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, sum := range sums {
			r, ok, err := getRecord(txKV{tx}, sum.ID)
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
		return nil, fmt.Errorf("search records: %w", err)
	}
	return out, nil
}

// Record returns one record.
func (s *Service) Record(ctx context.Context, id string) (crm.Record, bool, error) {
	var r crm.Record
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		r, ok, err = getRecord(txKV{tx}, id)
		return err
	})
	return r, ok, err
}
