package backend

import (
	"encoding/binary"
	"time"
)

// Composite store keys. Parts are joined with a 0 byte, and inside a part
// the bytes 0 and 1 are escaped (0 as 1 1, 1 as 1 2), so an encoded part
// never holds a 0: two different lists of parts never give the same key,
// and prefixKey(parts) is a prefix of joinKey(other) only when parts is a
// leading sub-list of other. Ids are checked against crm.CheckClientID at
// every boundary and hold neither byte, so their keys are byte for byte
// what they were before escaping existed (no migration); the escape is
// what keeps an id that got past a boundary, or a provider's id taken as
// it comes, from reaching into another conversation's key range.
const (
	keySep byte = 0
	keyEsc byte = 1
)

// appendPart appends p escaped.
func appendPart(k []byte, p string) []byte {
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case keySep:
			k = append(k, keyEsc, 1)
		case keyEsc:
			k = append(k, keyEsc, 2)
		default:
			k = append(k, c)
		}
	}
	return k
}

// partLen is the escaped length of p.
func partLen(p string) int {
	n := len(p)
	for i := 0; i < len(p); i++ {
		if p[i] == keySep || p[i] == keyEsc {
			n++
		}
	}
	return n
}

// joinKey builds a composite key of escaped parts separated by 0.
func joinKey(parts ...string) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += partLen(p)
	}
	k := make([]byte, 0, max(n, 0))
	for i, p := range parts {
		if i > 0 {
			k = append(k, keySep)
		}
		k = appendPart(k, p)
	}
	return k
}

// prefixKey is joinKey plus a trailing separator: every key under it.
func prefixKey(parts ...string) []byte { return append(joinKey(parts...), keySep) }

// messageKey orders a conversation's messages by creation time, then id:
// the escaped conversation id, 0, the time (8 bytes, big endian, not
// escaped: fixed length), 0, the escaped message id. prefixKey(convID) is
// a prefix of exactly that conversation's message keys.
func messageKey(convID string, at time.Time, id string) []byte {
	k := make([]byte, 0, partLen(convID)+1+8+1+partLen(id))
	k = appendPart(k, convID)
	k = append(k, keySep)
	k = binary.BigEndian.AppendUint64(k, uint64(at.UnixNano()))
	k = append(k, keySep)
	return appendPart(k, id)
}

// unescapePart decodes one escaped part (the bytes between separators).
func unescapePart(b []byte) string {
	if !hasEsc(b) {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == keyEsc && i+1 < len(b) {
			i++
			out = append(out, b[i]-1)
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

func hasEsc(b []byte) bool {
	for _, c := range b {
		if c == keyEsc {
			return true
		}
	}
	return false
}

// splitKey is the inverse of joinKey.
func splitKey(k []byte) []string {
	var out []string
	start := 0
	for i, b := range k {
		if b == keySep {
			out = append(out, unescapePart(k[start:i]))
			start = i + 1
		}
	}
	return append(out, unescapePart(k[start:]))
}

// messageKeyConv is the conversation id a messageKey starts with.
func messageKeyConv(k []byte) string {
	for i, b := range k {
		if b == keySep {
			return unescapePart(k[:i])
		}
	}
	return unescapePart(k)
}
