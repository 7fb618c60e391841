package backend

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// hostilePart draws a key part biased towards the bytes that matter: the
// separator, the escape byte, the bytes just after them, and real ids.
func hostilePart(r *rand.Rand) string {
	alphabet := []byte{0, 1, 2, 'a', 'b', '_', 0xff}
	n := r.IntN(6)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func hostileParts(r *rand.Rand) []string {
	parts := make([]string, 1+r.IntN(3))
	for i := range parts {
		parts[i] = hostilePart(r)
	}
	return parts
}

// TestKeyEncodingIsInjectiveAndPrefixFree is the property the store's key
// layout relies on: two different lists of parts never give the same key,
// prefixKey(a) is a prefix of joinKey(b) only when a is a leading sub-list
// of b, splitKey inverts joinKey, and a conversation's prefix covers only
// its own messages. Before the escape, joinKey("c\x00zz") == joinKey("c",
// "zz") and prefixKey("c") was a prefix of an attacker's "c\x00zz" key.
func TestKeyEncodingIsInjectiveAndPrefixFree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		a, b := hostileParts(r), hostileParts(r)
		ka, kb := joinKey(a...), joinKey(b...)
		if got := splitKey(ka); !slices.Equal(got, a) {
			t.Fatalf("splitKey(joinKey(%q)) = %q", a, got)
		}
		if bytes.Equal(ka, kb) != slices.Equal(a, b) {
			t.Fatalf("joinKey(%q) = %q, joinKey(%q) = %q", a, ka, b, kb)
		}
		leading := len(a) <= len(b) && slices.Equal(a, b[:len(a)])
		if bytes.HasPrefix(kb, prefixKey(a...)) != (leading && len(a) < len(b)) {
			t.Fatalf("prefixKey(%q) = %q vs joinKey(%q) = %q: prefix %v, leading sub-list %v",
				a, prefixKey(a...), b, kb, bytes.HasPrefix(kb, prefixKey(a...)), leading)
		}
		at := time.Unix(0, r.Int64())
		mk := messageKey(b[0], at, hostilePart(r))
		if bytes.HasPrefix(mk, prefixKey(a[0])) != (a[0] == b[0]) {
			t.Fatalf("prefixKey(%q) against messageKey(%q, …) = %q", a[0], b[0], mk)
		}
		if got := messageKeyConv(mk); got != b[0] {
			t.Fatalf("messageKeyConv(%q) = %q, want %q", mk, got, b[0])
		}
	}
}

// TestKeysOfValidIDsAreUnchanged: for ids the grammar accepts, the escape
// changes nothing, so stores written before it read the same.
func TestKeysOfValidIDsAreUnchanged(t *testing.T) {
	for _, parts := range [][]string{{"conv_abc"}, {"u_maya", "n_1"}, {"+15550100", "+15550199", "c.x:y@z-1"}} {
		want := []byte(parts[0])
		for _, p := range parts[1:] {
			want = append(append(want, 0), p...)
		}
		if got := joinKey(parts...); !bytes.Equal(got, want) {
			t.Fatalf("joinKey(%q) = %q, want %q", parts, got, want)
		}
	}
	at := time.Unix(0, 0x0001000100010001) // time bytes hold 0 and 1: not escaped
	want := append([]byte("c_1\x00"), 0, 1, 0, 1, 0, 1, 0, 1)
	want = append(want, "\x00m_1"...)
	if got := messageKey("c_1", at, "m_1"); !bytes.Equal(got, want) {
		t.Fatalf("messageKey = %q, want %q", got, want)
	}
}
