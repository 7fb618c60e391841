package localdb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// rowCache keeps decoded conversation rows next to the exact bytes they were
// decoded from. A read still looks every row up in its transaction, but only
// decodes the rows whose bytes changed since the last read: the TUI rereads
// the whole grid after each Change, and JSON decoding 10,000 rows is what
// that read would otherwise cost. Write transactions use it too: a first
// sync touches the same rows page after page. Comparing bytes instead of invalidating on
// writes means the cache can never show a row the transaction does not hold.
type rowCache struct {
	mu   sync.Mutex
	rows map[string]cachedRow
}

type cachedRow struct {
	raw []byte
	row ConversationRow
}

// get decodes the row stored under id in conv, or reuses the cached decode.
// The row returned is the caller's own copy.
func (rc *rowCache) get(conv *bolt.Bucket, id string, seen map[string]cachedRow) (ConversationRow, bool, error) {
	raw := conv.Get([]byte(id))
	if raw == nil {
		return ConversationRow{}, false, nil
	}
	rc.mu.Lock()
	c, ok := rc.rows[id]
	rc.mu.Unlock()
	if !ok || !bytes.Equal(c.raw, raw) {
		var row ConversationRow
		if err := json.Unmarshal(raw, &row); err != nil {
			return ConversationRow{}, false, fmt.Errorf("%w: decode conversation %s: %v", ErrCorrupt, id, err)
		}
		// raw points into the mmap, valid only during the transaction.
		c = cachedRow{raw: bytes.Clone(raw), row: row}
		rc.mu.Lock()
		if rc.rows == nil {
			rc.rows = map[string]cachedRow{}
		}
		rc.rows[id] = c
		rc.mu.Unlock()
	}
	if seen != nil {
		seen[id] = c
	}
	return c.row.clone(), true, nil
}

// put records the bytes a write transaction just stored for a row, so the
// next transaction (or read) need not decode them again. If that
// transaction rolls back, the bytes simply never match.
func (rc *rowCache) put(id string, raw []byte, row ConversationRow) {
	rc.mu.Lock()
	if rc.rows == nil {
		rc.rows = map[string]cachedRow{}
	}
	rc.rows[id] = cachedRow{raw: raw, row: row}
	rc.mu.Unlock()
}

// replace swaps in the rows a full read saw, dropping removed conversations.
func (rc *rowCache) replace(seen map[string]cachedRow) {
	rc.mu.Lock()
	rc.rows = seen
	rc.mu.Unlock()
}

// clone copies what a caller could mutate through a pointer.
func (r ConversationRow) clone() ConversationRow {
	if r.LastMessage != nil {
		m := *r.LastMessage
		if m.Routing != nil {
			rt := *m.Routing
			m.Routing = &rt
		}
		r.LastMessage = &m
	}
	if r.LastRouting != nil {
		rt := *r.LastRouting
		r.LastRouting = &rt
	}
	return r
}
