package localdb

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// schemaName and schemaVersion identify files this package wrote. A file
// with another name is foreign; a newer version was written by a newer
// smsdesk whose layout this one cannot read.
const (
	schemaName    = "smsdesk-cache"
	schemaVersion = 1
)

// Bucket names.
var (
	bMeta          = []byte("meta")
	bConversations = []byte("conversations")    // conv id → ConversationRow JSON
	bConvActivity  = []byte("conv_by_activity") // invTimeKey(activity, conv id) → nil
	bConvByRecord  = []byte("conv_by_record")   // pairKey(record id, conv id) → nil
	bMessages      = []byte("messages")         // msgKey → Message JSON
	bMsgIndex      = []byte("msg_index")        // message id → msgKey
	bRecords       = []byte("records")          // record id → Record JSON
	bRecordSearch  = []byte("record_search")    // record id → lower-case search text
	bTemplates     = []byte("templates")        // template id → Template JSON
	bNumbers       = []byte("numbers")          // E.164 → BusinessNumber JSON
	bUsers         = []byte("users")            // user id → User JSON
	bTeams         = []byte("teams")            // team id → Team JSON
	bNotifications = []byte("notifications")    // notification id → JSON
	bNotifByTime   = []byte("notif_by_time")    // invTimeKey(created, id) → nil
	bNotifUnread   = []byte("notif_unread")     // timeKey(expires, id) → nil, unread only
	bWorkItems     = []byte("work_items")       // work item id → JSON
	bWorkByDue     = []byte("work_by_due")      // timeKey(due, id) → nil, open only
	bOutbox        = []byte("outbox")           // u64(seq) → outboxEntry JSON
	bOutboxIDs     = []byte("outbox_ids")       // command id → u64(seq)
	bDrafts        = []byte("drafts")           // conv id → text typed and not sent
)

// Keys in the meta bucket.
var (
	kSchema  = []byte("schema")
	kVersion = []byte("schema_version")
	kCursor  = []byte("cursor")
	kEpoch   = []byte("epoch") // the server's event log epoch the cursor counts in
	kMe      = []byte("me")
	kOrg     = []byte("org")
)

// dataBuckets are replaced wholesale by a snapshot.
var dataBuckets = [][]byte{
	bConversations, bConvActivity, bConvByRecord, bMessages, bMsgIndex,
	bRecords, bRecordSearch, bTemplates, bNumbers, bUsers, bTeams,
	bNotifications, bNotifByTime, bNotifUnread, bWorkItems, bWorkByDue,
}

// allBuckets is every bucket of the schema.
// Drafts are the seller's own words, not server data: a snapshot keeps
// them, and a file from before they existed gains the bucket at open.
var allBuckets = append(append([][]byte{bMeta}, dataBuckets...), bOutbox, bOutboxIDs, bDrafts)

// ensureSchema stamps a new file, or checks the stamp of an existing one.
// A bbolt file without our meta bucket but with other buckets belongs to
// someone else: refuse it rather than mix our data into it.
func ensureSchema(tx *bolt.Tx) error {
	meta := tx.Bucket(bMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return fmt.Errorf("%w: not an smsdesk cache (no meta bucket)", ErrSchema)
		}
		var err error
		if meta, err = tx.CreateBucket(bMeta); err != nil {
			return err
		}
		if err := meta.Put(kSchema, []byte(schemaName)); err != nil {
			return err
		}
		if err := meta.Put(kVersion, u64(schemaVersion)); err != nil {
			return err
		}
	}
	if name := meta.Get(kSchema); string(name) != schemaName {
		return fmt.Errorf("%w: schema %q, want %q", ErrSchema, name, schemaName)
	}
	v := meta.Get(kVersion)
	if len(v) != 8 {
		return fmt.Errorf("%w: unreadable schema version", ErrSchema)
	}
	if got := binary.BigEndian.Uint64(v); got != schemaVersion {
		return fmt.Errorf("%w: schema version %d, this smsdesk reads %d", ErrSchema, got, schemaVersion)
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
