package backend

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// CountMessages counts the messages of the conversations userID may see,
// consistent with one read of the store. The sync hub sends it at the start
// of a snapshot (hub.MessageCounter in sync/hub) so a first sync can show progress in
// messages. It walks each visible conversation's range of the message keys
// without reading the values: messages are never decoded, so counting
// costs a fraction of sending them.
func (s *Service) CountMessages(ctx context.Context, userID string) (int, error) {
	d := s.dir.Load()
	u, ok := d.user(userID)
	if !ok {
		return 0, fmt.Errorf("count messages for %s: %w", userID, ErrNotFound)
	}
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		convs, err := s.visibleConversations(ctx, tx, d, u)
		if err != nil {
			return err
		}
		c := tx.Bucket(bMessages).Cursor()
		for _, conv := range convs {
			if err := ctx.Err(); err != nil {
				return err
			}
			prefix := prefixKey(conv.ID)
			for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count messages for %s: %w", userID, err)
	}
	return n, nil
}
