package backend

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DBFile is the store's file name inside the data directory.
const DBFile = "smsdesk.db"

// schemaVersion is written on first open and checked on every open, so a
// future layout change is detected instead of misread.
const schemaVersion = "1"

// Bucket names. One bucket per kind of thing, plus the indexes that keep
// every hot path (routing, status callbacks, dedup, unread counts) off full
// scans.
var (
	bMeta          = []byte("meta")           // schema, seeded flag
	bOrg           = []byte("org")            // "org" → crm.Org
	bUsers         = []byte("users")          // user id → storedUser
	bTokens        = []byte("tokens")         // sha256(token) → user id
	bTeams         = []byte("teams")          // team id → crm.Team
	bNumbers       = []byte("numbers")        // E.164 → crm.BusinessNumber
	bRecords       = []byte("records")        // record id → crm.Record
	bConversations = []byte("conversations")  // conversation id → crm.Conversation
	bConvByPair    = []byte("conv_by_pair")   // customer 0 business 0 conv id → record id
	bConvByRecord  = []byte("conv_by_record") // record id 0 conv id → nil
	bMessages      = []byte("messages")       // conv id 0 time(8) id → crm.Message
	bMsgByID       = []byte("msg_by_id")      // message id → messages key
	bMsgByProvider = []byte("msg_by_provider")
	bOrphanStatus  = []byte("orphan_status") // provider id → statusReport that came before the send result
	bOptOuts       = []byte("optouts")       // customer E.164 → optOut
	bTemplates     = []byte("templates")     // template id → crm.Template
	bWorkItems     = []byte("work_items")    // work item id → crm.WorkItem
	bNotifications = []byte("notifications") // user id 0 notification id → crm.Notification
	bReadMarks     = []byte("read_marks")    // user id 0 conv id → time (RFC 3339 nano)
	bCommands      = []byte("commands")      // command id → appliedCommand
	bEvents        = []byte("events")        // seq (8, big endian) → crm.Event
	bOutbox        = []byte("outbox")        // message id → outboxEntry
	bAudit         = []byte("audit")         // seq (8, big endian) → auditEntry (admin changes)
	bSettings      = []byte("settings")      // "provider" → ProviderSettings

	allBuckets = [][]byte{bMeta, bOrg, bUsers, bTokens, bTeams, bNumbers, bRecords,
		bConversations, bConvByPair, bConvByRecord, bMessages, bMsgByID, bMsgByProvider,
		bOrphanStatus, bOptOuts, bTemplates, bWorkItems, bNotifications, bReadMarks,
		bCommands, bEvents, bOutbox, bAudit, bSettings}
)

// streamFill is the FillPercent of the buckets whose keys grow within
// streams: the event and audit logs (one stream), a conversation's messages,
// a user's notifications, message ids (time-ordered). New keys land at the
// end of their stream, so a page split at bbolt's default of one half stays
// half empty for good. Measured under the load test: the event log took 2.6
// bytes of page per byte of event at 0.5, and 1.3 at 1.0.
const streamFill = 1.0

var streamBuckets = [][]byte{bEvents, bAudit, bMessages, bMsgByID, bNotifications}

// fillStreams sets streamFill on the stream buckets of a write transaction
// (bbolt keeps the setting on the transaction's bucket handles until its
// commit, when pages are split).
func fillStreams(tx *bolt.Tx) {
	for _, name := range streamBuckets {
		if b := tx.Bucket(name); b != nil {
			b.FillPercent = streamFill
		}
	}
}

// initialMmap is the address space mapped up front. bbolt remaps when the
// file outgrows its mapping, and a remap waits for every open read
// transaction; inbound messages are prepared in read transactions, so a
// remap under load stalled the writer. Mapping is not allocation: the file
// still grows as needed.
const initialMmap = 1 << 30

// openDB opens (creating if needed) the bbolt file in dir with the
// project's conventions: 0600, and a 1 s lock timeout so a second server on
// the same directory fails fast instead of hanging. The free list is written
// with every commit, so open reads it from its page instead of walking every
// page of the file to rebuild it (15 s cold for a store of 1,000,000
// messages; see BenchmarkServeStart). A store written before that has no
// free list page: it is walked once under the guard (walkStore), then bbolt
// writes its free list and later opens are fast. Open reads the meta pages,
// the free list and the bucket roots; a damaged page elsewhere is met by
// the transaction that reads it, under guardedDB, as ErrCorruptStore.
// Group commits are done by the committer (commit.go), not DB.Batch.
// scratch (tests only, see Config.scratch) turns every fsync off and maps
// little.
func openDB(dir string, timeout time.Duration, scratch bool) (*bolt.DB, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, DBFile)
	synced, err := checkFileSize(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if !synced {
		if err := walkStore(path, timeout); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	opts := &bolt.Options{Timeout: timeout, FreelistType: bolt.FreelistMapType, InitialMmapSize: initialMmap}
	if scratch {
		opts.NoSync, opts.NoGrowSync, opts.InitialMmapSize = true, true, 0
	}
	var db *bolt.DB
	// bbolt reads the free list page at open (or, for a store without
	// one, walks every page): a damaged one panics inside bolt.Open, which
	// would kill the process with no useful message.
	err = guardFault(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = guardFault(func() error {
		return db.Update(func(tx *bolt.Tx) error {
			if tx.Size() > info.Size() {
				return fmt.Errorf("%w: file is %d bytes, its pages need %d (truncated)", ErrCorruptStore, info.Size(), tx.Size())
			}
			for _, name := range allBuckets {
				// Reading each bucket's root page here is what refuses a
				// damaged bucket root at open.
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return fmt.Errorf("create bucket %s: %w", name, err)
				}
			}
			meta := tx.Bucket(bMeta)
			switch v := meta.Get([]byte("schema")); {
			case v == nil:
				return meta.Put([]byte("schema"), []byte(schemaVersion))
			case string(v) != schemaVersion:
				return fmt.Errorf("store schema %q, this build reads %q", v, schemaVersion)
			}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare store %s: %w", path, err)
	}
	return db, nil
}

// ErrCorruptStore marks a store file that is damaged or truncated. The
// recovery (docs/reliability.md) is to restore smsdesk.db from a backup, or
// move it aside and start again from the dataset.
var ErrCorruptStore = errors.New("store file is damaged (restore smsdesk.db from a backup, or move it aside and re-seed with --dataset)")

// guardFault runs fn, turning a bbolt panic or a fault on the mapped file
// (a damaged or truncated page) into ErrCorruptStore instead of a crash.
// bbolt rolls a transaction back while the panic unwinds.
func guardFault(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: bbolt: %v", ErrCorruptStore, r)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return fn()
}

// getJSON decodes bucket[key] into v; false when absent.
func getJSON(b *bolt.Bucket, key string, v any) (bool, error) {
	raw := b.Get([]byte(key))
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("decode %s: %w", key, err)
	}
	return true, nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put(key, raw)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// hasPrefix is bytes.HasPrefix without the import noise at call sites.
func hasPrefix(k, p []byte) bool {
	return len(k) >= len(p) && string(k[:len(p)]) == string(p)
}

// checkFileSize refuses a file shorter than its newest valid meta page says
// (a truncated copy) before bbolt maps it: bbolt rebuilds the free list at
// open in a goroutine of its own, where reading a page past the end of the
// file is a SIGBUS that no recover can catch. Meta layout (bbolt
// internal/common): a 16-byte page header, then magic, version, page size,
// flags (4 bytes each), root bucket (16), freelist (8), high-water page id
// (8), txid (8) and an FNV-64a checksum of the 56 bytes before it.
// synced reports whether the newest meta page names a free list page (a
// new or empty file counts as synced: bbolt writes one); false means bbolt
// would rebuild the free list by walking every page.
func checkFileSize(path string) (synced bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil // a new store
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	if info.Size() == 0 {
		return true, nil
	}
	var best struct{ txid, need, freelist uint64 }
	found := false
	for _, off := range []int64{0, 4096, 8192, 16384, 65536} {
		buf := make([]byte, 16+80)
		if _, err := f.ReadAt(buf, off); err != nil {
			continue
		}
		m := buf[16:]
		le := binary.LittleEndian
		if le.Uint32(m[0:]) != 0xED0CDAED {
			continue
		}
		h := fnv.New64a()
		h.Write(m[:56])
		if h.Sum64() != le.Uint64(m[56:]) {
			continue
		}
		pageSize := uint64(le.Uint32(m[8:]))
		if off != 0 && uint64(off) != pageSize {
			continue // the second meta page sits at one page size
		}
		txid, need := le.Uint64(m[48:]), le.Uint64(m[40:])*pageSize
		if !found || txid > best.txid {
			best.txid, best.need, best.freelist, found = txid, need, le.Uint64(m[32:]), true
		}
	}
	if found && uint64(info.Size()) < best.need {
		return false, fmt.Errorf("%w: file is %d bytes, its pages need %d (truncated)", ErrCorruptStore, info.Size(), best.need)
	}
	const noFreelist = ^uint64(0) // bbolt's PgidNoFreelist
	return found && best.freelist != noFreelist, nil
}

// walkStore reads every key and value of an existing store once, opened
// read-only (no free-list rebuild), in this goroutine under guardFault. bbolt
// checks page ids and bounds as it reads, so a damaged page is met here as
// a recoverable panic, not later in the goroutine bbolt's own open starts
// to rebuild the free list, where an assertion kills the process. It costs
// one pass over the file at startup, about what that rebuild costs. A store
// locked by a running server times out here, as the real open would.
func walkStore(path string, timeout time.Duration) error {
	// No file, or an empty one (created, never written): bbolt makes a new
	// store of it, there is nothing to check.
	if st, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || err == nil && st.Size() == 0 {
		return nil
	}
	var db *bolt.DB
	err := guardFault(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true})
		if err != nil {
			return err
		}
		return db.View(func(tx *bolt.Tx) error {
			var sum byte
			err := tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walkBucket(b, &sum) })
			_ = sum
			return err
		})
	})
	if db != nil {
		_ = db.Close()
	}
	return err
}

// walkBucket adds every value's last byte into sum, so the read is not
// optimised away: values on overflow pages are faulted in too.
func walkBucket(b *bolt.Bucket, sum *byte) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			if nb := b.Bucket(k); nb != nil {
				if err := walkBucket(nb, sum); err != nil {
					return err
				}
			}
			continue
		}
		if len(v) > 0 {
			*sum += v[len(v)-1]
		}
	}
	return nil
}
