package localdb

import (
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"smsdesk/crm"
)

// ApplySnapshot replaces everything but the outbox in one transaction and
// sets the cursor to s.Seq. Commands still in the outbox are then echoed
// again, so a pending send or move does not vanish because a snapshot
// arrived before its acknowledgement.
func (db *DB) ApplySnapshot(s crm.Snapshot) error {
	err := db.update(func(t *txn) error {
		for _, name := range dataBuckets {
			if err := t.tx.DeleteBucket(name); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
				return fmt.Errorf("clear %s: %w", name, err)
			}
			if _, err := t.tx.CreateBucket(name); err != nil {
				return fmt.Errorf("create %s: %w", name, err)
			}
		}
		meta := t.b(bMeta)
		if err := putJSON(meta, kMe, &s.Me); err != nil {
			return err
		}
		if err := putJSON(meta, kOrg, &s.Org); err != nil {
			return err
		}
		if err := t.setCursor(s.Seq); err != nil {
			return err
		}
		if err := t.putAll(s); err != nil {
			return err
		}
		for _, c := range s.Conversations {
			t.newRow(ConversationRow{Conversation: c, ReadAt: s.ReadMarks[c.ID]})
		}
		if err := t.reechoOutbox(); err != nil {
			return err
		}
		t.ch.snapshot = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply snapshot %d: %w", s.Seq, err)
	}
	return nil
}

func (t *txn) putAll(s crm.Snapshot) error {
	for _, u := range s.Users {
		if err := t.putUser(u); err != nil {
			return err
		}
	}
	for _, tm := range s.Teams {
		if err := t.putTeam(tm); err != nil {
			return err
		}
	}
	for _, n := range s.Numbers {
		if err := t.putNumber(n); err != nil {
			return err
		}
	}
	for _, r := range s.Records {
		if err := t.putRecord(r); err != nil {
			return err
		}
	}
	for _, tp := range s.Templates {
		if err := t.putTemplate(tp); err != nil {
			return err
		}
	}
	for _, w := range s.WorkItems {
		if err := t.putWorkItem(w); err != nil {
			return err
		}
	}
	for _, n := range s.Notifications {
		if err := t.putNotification(n); err != nil {
			return err
		}
	}
	return nil
}

// reechoOutbox re-applies the local echo of every queued command, in order.
func (t *txn) reechoOutbox() error {
	var entries []outboxEntry
	err := t.b(bOutbox).ForEach(func(_, v []byte) error {
		var e outboxEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("%w: decode outbox entry: %v", ErrCorrupt, err)
		}
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := t.echo(&e); err != nil {
			return err
		}
	}
	return nil
}

// ApplyMessages stores a page of history (a first sync, a granted
// conversation) in one transaction.
func (db *DB) ApplyMessages(msgs []crm.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	err := db.update(func(t *txn) error {
		for _, m := range msgs {
			if err := t.upsertMessage(m); err != nil {
				return err
			}
		}
		t.ch.kind(crm.EventMessage)
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply %d messages: %w", len(msgs), err)
	}
	return nil
}

// ApplyEvents applies events in order and stores the last Seq as the cursor
// in the same transaction. Events at or below the cursor were applied
// already and are skipped, so a replayed batch changes nothing.
func (db *DB) ApplyEvents(evs []crm.Event) error {
	return db.ApplyEventsThrough(evs, 0)
}

// ApplyEventsThrough is ApplyEvents, and then moves the cursor on to
// through when that is further, in the same transaction: the server read
// the log up to through and found nothing else for this user, so a
// reconnect need not read that stretch again (the events frame's cursor).
// The cursor never moves back.
func (db *DB) ApplyEventsThrough(evs []crm.Event, through uint64) error {
	if len(evs) == 0 && through == 0 {
		return nil
	}
	err := db.update(func(t *txn) error {
		cursor := t.cursor()
		start := cursor
		for i := range evs {
			e := &evs[i]
			if e.Seq <= cursor {
				continue
			}
			if err := t.applyEvent(e); err != nil {
				return fmt.Errorf("event %d (%s): %w", e.Seq, e.Kind, err)
			}
			cursor = e.Seq
			t.ch.kind(e.Kind)
		}
		cursor = max(cursor, through)
		if cursor == start {
			return nil
		}
		return t.setCursor(cursor)
	})
	if err != nil {
		return fmt.Errorf("apply events: %w", err)
	}
	return nil
}

func (t *txn) applyEvent(e *crm.Event) error {
	switch e.Kind {
	case crm.EventMessage:
		if e.Conversation != nil {
			if err := t.upsertConversation(*e.Conversation); err != nil {
				return err
			}
		}
		if e.Message != nil {
			return t.upsertMessage(*e.Message)
		}
	case crm.EventConversation, crm.EventConversationGranted:
		if e.Conversation != nil {
			return t.upsertConversation(*e.Conversation)
		}
	case crm.EventConversationRevoked:
		id := e.ConversationID
		if id == "" && e.Conversation != nil {
			id = e.Conversation.ID
		}
		if id != "" {
			return t.deleteConversation(id)
		}
	case crm.EventConversationRead:
		if e.ReadAt != nil {
			return t.setReadMark(e.ConversationID, *e.ReadAt)
		}
	case crm.EventRecord:
		if e.Record != nil {
			return t.putRecord(*e.Record)
		}
	case crm.EventTemplate:
		if e.Template != nil {
			return t.putTemplate(*e.Template)
		}
	case crm.EventTemplateDeleted:
		return t.deleteTemplate(e.TemplateID)
	case crm.EventNotification:
		if e.Notification != nil {
			return t.putNotification(*e.Notification)
		}
	case crm.EventWorkItem:
		if e.WorkItem != nil {
			return t.putWorkItem(*e.WorkItem)
		}
	case crm.EventNumber:
		if e.Number != nil {
			return t.putNumber(*e.Number)
		}
	case crm.EventUser:
		if e.User != nil {
			return t.putUser(*e.User)
		}
	case crm.EventTeam:
		if e.Team != nil {
			return t.putTeam(*e.Team)
		}
	case crm.EventOrg:
		if e.Org != nil {
			return putJSON(t.b(bMeta), kOrg, e.Org)
		}
	}
	// Unknown kinds (a newer server) are skipped but still advance the
	// cursor: refusing them would stall sync forever.
	return nil
}

// Cursor is the Seq of the last applied event (or snapshot); 0 for none.
func (db *DB) Cursor() (uint64, error) {
	var seq uint64
	err := db.view(func(tx *bolt.Tx) error {
		seq = (&txn{tx: tx}).cursor()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read cursor: %w", err)
	}
	return seq, nil
}
