package localdb

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The cursor counts in the server's event log epoch (kEpoch): a server
// restored from a backup numbers its events again from the backup's Seq, so
// the cursor is only worth sending together with its epoch.

// CursorEpoch is the cursor and the epoch it belongs to ("" when no
// server has named one yet).
func (db *DB) CursorEpoch() (uint64, string, error) {
	var seq uint64
	var epoch string
	err := db.view(func(tx *bolt.Tx) error {
		t := &txn{tx: tx}
		seq, epoch = t.cursor(), string(t.b(bMeta).Get(kEpoch))
		return nil
	})
	if err != nil {
		return 0, "", fmt.Errorf("read cursor: %w", err)
	}
	return seq, epoch, nil
}

// AdoptEpoch records the epoch the server announced. When it is not the
// one stored, the cursor goes back to 0 in the same transaction: the
// server answers with a snapshot, and a sync cut before the snapshot ends
// must not resume from a Seq of the old history. Cached data stays until
// the snapshot replaces it; the outbox is untouched.
func (db *DB) AdoptEpoch(epoch string) error {
	// Every welcome names the epoch; only a new one is worth a commit.
	if _, stored, err := db.CursorEpoch(); err == nil && stored == epoch {
		return nil
	}
	err := db.update(func(t *txn) error {
		meta := t.b(bMeta)
		if string(meta.Get(kEpoch)) == epoch {
			return nil
		}
		if err := meta.Put(kEpoch, []byte(epoch)); err != nil {
			return err
		}
		return t.setCursor(0)
	})
	if err != nil {
		return fmt.Errorf("adopt epoch %q: %w", epoch, err)
	}
	return nil
}
