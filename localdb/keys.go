package localdb

import (
	"encoding/binary"
	"time"
)

// Key layouts. Every ordered read the TUI makes is a cursor over one of these
// prefixes, so none of them sorts or scans unrelated data.

// sep ends a leading id inside a key. Leading ids are escaped (escapeID), so
// they never hold a sep: convPrefix(a) is a prefix of the keys of
// conversation a only, whatever bytes another id holds. Ids the server
// accepts (crm.CheckClientID) hold neither sep nor esc, so their keys are
// what they were before the escape existed.
const (
	sep = 0x00
	esc = 0x01
)

// escapeID appends id to k with sep written as esc 1 and esc as esc 2.
func escapeID(k []byte, id string) []byte {
	for i := 0; i < len(id); i++ {
		switch c := id[i]; c {
		case sep:
			k = append(k, esc, 1)
		case esc:
			k = append(k, esc, 2)
		default:
			k = append(k, c)
		}
	}
	return k
}

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
	return append(escapeID(make([]byte, 0, len(convID)+1), convID), sep)
}

// convEnd is the first key after one conversation's range in messages.
func convEnd(convID string) []byte {
	return append(escapeID(make([]byte, 0, len(convID)+1), convID), sep+1)
}

// msgKey is the escaped convID, NUL, created_at big-endian, message id (as
// is: it ends the key after a fixed-length field): one conversation's
// history is one contiguous range in creation order.
func msgKey(convID string, created time.Time, msgID string) []byte {
	k := make([]byte, 0, len(convID)+1+8+len(msgID))
	k = escapeID(k, convID)
	k = append(k, sep)
	k = binary.BigEndian.AppendUint64(k, nanos(created))
	return append(k, msgID...)
}

// pairKey is the escaped a, NUL, b as is: a two-level index key (record →
// conversation); b is the key's rest, so k[len(pairKey(a, "")):] is b.
func pairKey(a, b string) []byte {
	k := make([]byte, 0, len(a)+1+len(b))
	k = escapeID(k, a)
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
