package localdb

import (
	"encoding/binary"
	"time"
)

// Key layouts. Every ordered read the TUI makes is a cursor over one of these
// prefixes, so none of them sorts or scans unrelated data.

const sep = 0x00 // ids never contain NUL, so it ends an id inside a key

// nanos is t as big-endian-sortable unsigned nanoseconds; the zero time (and
// anything before 1970) sorts first.
func nanos(t time.Time) uint64 {
	if t.IsZero() || t.Before(time.Unix(0, 0)) {
		return 0
	}
	return uint64(t.UnixNano())
}

// timeKey is t big-endian followed by id: ascending time order.
func timeKey(t time.Time, id string) []byte {
	k := make([]byte, 8+len(id))
	binary.BigEndian.PutUint64(k, nanos(t))
	copy(k[8:], id)
	return k
}

// invTimeKey is the inverted time followed by id: a forward cursor reads it
// newest first.
func invTimeKey(t time.Time, id string) []byte {
	k := make([]byte, 8+len(id))
	binary.BigEndian.PutUint64(k, ^nanos(t))
	copy(k[8:], id)
	return k
}

// idFromTimeKey returns the id part of a timeKey or invTimeKey.
func idFromTimeKey(k []byte) string { return string(k[8:]) }

// convPrefix is the start of one conversation's range in messages.
func convPrefix(convID string) []byte {
	k := make([]byte, len(convID)+1)
	copy(k, convID)
	k[len(convID)] = sep
	return k
}

// msgKey is convID, NUL, created_at big-endian, message id: one
// conversation's history is one contiguous range in creation order.
func msgKey(convID string, created time.Time, msgID string) []byte {
	k := make([]byte, 0, len(convID)+1+8+len(msgID))
	k = append(k, convID...)
	k = append(k, sep)
	k = binary.BigEndian.AppendUint64(k, nanos(created))
	return append(k, msgID...)
}

// pairKey is a NUL b: a two-level index key (record → conversation).
func pairKey(a, b string) []byte {
	k := make([]byte, 0, len(a)+1+len(b))
	k = append(k, a...)
	k = append(k, sep)
	return append(k, b...)
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// activity is what orders the grid: the last message, or the creation of a
// conversation that has none yet.
func activity(r *ConversationRow) time.Time {
	if !r.LastMessageAt.IsZero() {
		return r.LastMessageAt
	}
	return r.CreatedAt
}
