package localdb

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// UnreadAlerts counts unread, unexpired notifications that are not about an
// inbound message (a failed delivery, the seller-privilege notice…). The
// bell's number counts unread inbound messages, exactly the grid's New
// column; these only mark the bell, since reading a conversation cannot
// clear them.
func (db *DB) UnreadAlerts() (int, error) {
	start := timeKey(db.now(), "")
	n := 0
	err := db.view(func(tx *bolt.Tx) error {
		notes := tx.Bucket(bNotifications)
		c := tx.Bucket(bNotifUnread).Cursor()
		for k, _ := c.Seek(start); k != nil; k, _ = c.Next() {
			var it crm.Notification
			ok, err := getJSON(notes, []byte(idFromTimeKey(k)), &it)
			if err != nil {
				return err
			}
			if ok && it.Kind != crm.NotifyInboundMessage && it.Kind != crm.NotifyNewLead {
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count unread alerts: %w", err)
	}
	return n, nil
}
