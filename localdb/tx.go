package localdb

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// txn is one write transaction plus what it has touched: conversation rows
// are decoded once, edited in memory by every event of the batch and written
// back (with their index entries) once at the end, which is what lets a page
// of 1,000 messages into one conversation cost 1,000 message puts, not 1,000
// row rewrites.
type txn struct {
	db   *DB
	tx   *bolt.Tx
	now  time.Time
	rows map[string]*rowState
	ch   changeSet

	// moves are the outbox's pending moves by conversation, loaded on first
	// use: a server row must not undo a move the server has not seen yet.
	moves map[string]crm.RecordRef
}

// rowState is a conversation row being edited, and where it sits on disk so
// its index entries can be moved when its activity or record changes.
type rowState struct {
	row          ConversationRow
	onDisk       bool
	diskActivity []byte // key in conv_by_activity
	diskRecord   string // record id in conv_by_record
	dirty        bool
	last         crm.Message // storage row.LastMessage may point at
}

// view runs a read-only transaction; a damaged page becomes ErrCorrupt.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	return safely(func() error { return db.bolt.View(fn) })
}

// update runs fn in one write transaction, writes back the rows it edited,
// commits, and then publishes what changed.
func (db *DB) update(fn func(t *txn) error) error {
	var t *txn
	err := safely(func() error {
		return db.bolt.Update(func(tx *bolt.Tx) error {
			t = &txn{db: db, tx: tx, now: db.now().UTC(), rows: map[string]*rowState{}}
			if err := fn(t); err != nil {
				return err
			}
			return t.flush()
		})
	})
	if err != nil {
		return err
	}
	if !t.ch.empty() {
		db.publish(t.ch.change())
	}
	return nil
}

func (t *txn) b(name []byte) *bolt.Bucket { return t.tx.Bucket(name) }

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put(key, data)
}

// getJSON decodes key into v; false when absent.
func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("%w: decode %s: %v", ErrCorrupt, key, err)
	}
	return true, nil
}

// row returns the conversation row being edited, or nil if there is none.
func (t *txn) row(id string) (*rowState, error) {
	if rs, ok := t.rows[id]; ok {
		return rs, nil
	}
	row, ok, err := t.db.rows.get(t.b(bConversations), id, nil)
	if err != nil || !ok {
		return nil, err
	}
	rs := &rowState{
		row:          row,
		onDisk:       true,
		diskActivity: invTimeKey(activity(&row), id),
		diskRecord:   row.Record.ID,
	}
	t.rows[id] = rs
	return rs, nil
}

// newRow starts a row that is not on disk yet.
func (t *txn) newRow(row ConversationRow) *rowState {
	rs := &rowState{row: row, dirty: true}
	t.rows[row.ID] = rs
	t.ch.conv(row.ID)
	return rs
}

func (t *txn) touch(rs *rowState) {
	rs.dirty = true
	t.ch.conv(rs.row.ID)
}

// flush writes every edited row and moves its index entries.
func (t *txn) flush() error {
	conv, act, byRec := t.b(bConversations), t.b(bConvActivity), t.b(bConvByRecord)
	for id, rs := range t.rows {
		if !rs.dirty {
			continue
		}
		newAct := invTimeKey(activity(&rs.row), id)
		if rs.onDisk && string(rs.diskActivity) != string(newAct) {
			if err := act.Delete(rs.diskActivity); err != nil {
				return err
			}
		}
		if !rs.onDisk || string(rs.diskActivity) != string(newAct) {
			if err := act.Put(newAct, nil); err != nil {
				return err
			}
		}
		if rs.onDisk && rs.diskRecord != rs.row.Record.ID {
			if err := byRec.Delete(pairKey(rs.diskRecord, id)); err != nil {
				return err
			}
		}
		if !rs.onDisk || rs.diskRecord != rs.row.Record.ID {
			if err := byRec.Put(pairKey(rs.row.Record.ID, id), nil); err != nil {
				return err
			}
		}
		data, err := json.Marshal(&rs.row)
		if err != nil {
			return fmt.Errorf("encode conversation %s: %w", id, err)
		}
		if err := conv.Put([]byte(id), data); err != nil {
			return err
		}
		t.db.rows.put(id, data, rs.row.clone())
		rs.onDisk, rs.diskActivity, rs.diskRecord, rs.dirty = true, newAct, rs.row.Record.ID, false
	}
	return nil
}

func (t *txn) cursor() uint64 {
	v := t.b(bMeta).Get(kCursor)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func (t *txn) setCursor(seq uint64) error { return t.b(bMeta).Put(kCursor, u64(seq)) }

func (t *txn) me() (crm.User, error) {
	var u crm.User
	_, err := getJSON(t.b(bMeta), kMe, &u)
	return u, err
}

// recordName is the display name of a cached record, or its id.
func (t *txn) recordName(ref crm.RecordRef) (string, error) {
	var r crm.Record
	ok, err := getJSON(t.b(bRecords), []byte(ref.ID), &r)
	if err != nil || !ok {
		return ref.ID, err
	}
	return r.Name, nil
}
