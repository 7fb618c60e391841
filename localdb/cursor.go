package localdb

import "fmt"

// CompleteSnapshot stores seq as the cursor once the last page of a
// snapshot is applied. ApplySnapshot stores the snapshot with cursor 0 on
// purpose, so that a sync cut before its messages all arrived starts over
// rather than resuming with half the history; this is the step that makes
// the snapshot count. The snapshot is the cache's state as of seq, so the
// cursor is set to it whatever it was. No Change is published: nothing a
// screen shows has changed.
func (db *DB) CompleteSnapshot(seq uint64) error {
	err := db.update(func(t *txn) error { return t.setCursor(seq) })
	if err != nil {
		return fmt.Errorf("complete snapshot %d: %w", seq, err)
	}
	return nil
}
