package localdb

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// maxDraft bounds a stored draft: far above any SMS a seller would write
// (ten concatenated segments are 1,530 characters), small enough that a
// pasted novel cannot bloat the cache.
const maxDraft = 64 << 10

// SaveDraft keeps text as the unsent draft of conversation convID, or
// drops the draft when text is empty. It writes only when the draft
// changes (a commit is an fsync) and publishes nothing: drafts belong to
// this device's seller, and no screen but the pane reads them.
func (db *DB) SaveDraft(convID, text string) error {
	if convID == "" {
		return nil
	}
	if len(text) > maxDraft {
		text = text[:maxDraft]
	}
	old, err := db.Draft(convID)
	if err != nil {
		return err
	}
	if old == text {
		return nil
	}
	err = safely(func() error {
		return db.bolt.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bDrafts)
			if text == "" {
				return b.Delete([]byte(convID))
			}
			return b.Put([]byte(convID), []byte(text))
		})
	})
	if err != nil {
		return fmt.Errorf("save draft of %s: %w", convID, err)
	}
	return nil
}

// Draft returns the unsent draft of conversation convID, "" when none.
func (db *DB) Draft(convID string) (string, error) {
	var text string
	err := db.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bDrafts).Get([]byte(convID)); v != nil {
			text = string(bytes.Clone(v))
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read draft of %s: %w", convID, err)
	}
	return text, nil
}
