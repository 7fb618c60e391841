package backend

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The event log's epoch names one history of sequence numbers. A store put
// back from a backup goes on numbering from where the backup stopped, so
// Seq N after a restore is not the Seq N a client may already hold: a
// client whose cursor was past the backup would skip the restored server's
// new events under the reused numbers. A backup is therefore marked
// (epochRotateKey), and a store opened with the mark takes a new epoch;
// a client whose hello names another epoch gets a snapshot, whatever its
// cursor (docs/sync-protocol.md). Restoring the same backup twice gives two
// epochs, since the mark is cleared only in the restored store.
var (
	epochKey       = []byte("log_epoch")
	epochRotateKey = []byte("log_epoch_rotate")
)

// loadEpoch reads the store's epoch, first giving it a new one when it has
// none yet or was restored from a backup.
func (s *Service) loadEpoch() error {
	// Read first: a store that has its epoch costs no commit at open.
	err := s.db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if e := meta.Get(epochKey); e != nil && meta.Get(epochRotateKey) == nil {
			s.epoch = string(e)
		}
		return nil
	})
	if err != nil || s.epoch != "" {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		e := s.newID("ep")
		if err := meta.Put(epochKey, []byte(e)); err != nil {
			return fmt.Errorf("event log epoch: %w", err)
		}
		if err := meta.Delete(epochRotateKey); err != nil {
			return fmt.Errorf("event log epoch: %w", err)
		}
		s.epoch = e
		return nil
	})
}

// Epoch names the event log's history of sequence numbers (see epochKey).
func (s *Service) Epoch() string { return s.epoch }

// markBackup sets the rotate mark in the backup copy at path, so that the
// store restored from it starts a new epoch.
func markBackup(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("mark backup: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			return fmt.Errorf("mark backup: no %s bucket", bMeta)
		}
		return meta.Put(epochRotateKey, []byte("1"))
	})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("mark backup: %w", cerr)
	}
	return err
}
