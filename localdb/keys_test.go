package localdb

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"
)

// TestConvPrefixCoversOnlyItsConversation: whatever bytes two conversation
// ids hold, convPrefix(a) is a prefix of msgKey(b, …) exactly when a == b,
// every such key sorts before convEnd(a), and pairKey(a, "") likewise
// covers only a's pairs, with the rest of the key being b as is. Before the
// escape, convPrefix("c") covered msgKey("c\x00zz", …): a cache that held a
// hostile id showed its messages in conversation c.
func TestConvPrefixCoversOnlyItsConversation(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	part := func() string {
		alphabet := []byte{0, 1, 2, 'c', 'z'}
		b := make([]byte, r.IntN(5))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for i := 0; i < 200000; i++ {
		a, b, id := part(), part(), part()
		mk := msgKey(b, time.Unix(0, r.Int64()), id)
		if got := bytes.HasPrefix(mk, convPrefix(a)); got != (a == b) {
			t.Fatalf("convPrefix(%q) prefix of msgKey(%q) = %v", a, b, got)
		}
		if a == b && bytes.Compare(mk, convEnd(a)) >= 0 {
			t.Fatalf("msgKey(%q) = %q not before convEnd = %q", b, mk, convEnd(a))
		}
		pk := pairKey(b, id)
		p := pairKey(a, "")
		if got := bytes.HasPrefix(pk, p); got != (a == b) {
			t.Fatalf("pairKey(%q, \"\") prefix of pairKey(%q, %q) = %v", a, b, id, got)
		}
		if a == b && string(pk[len(p):]) != id {
			t.Fatalf("pairKey rest = %q, want %q", pk[len(p):], id)
		}
	}
	if got := msgKey("c_1", time.Unix(0, 5), "m_1"); !bytes.Equal(got, append(append([]byte("c_1\x00"), 0, 0, 0, 0, 0, 0, 0, 5), "m_1"...)) {
		t.Fatalf("a valid id's key changed: %q", got)
	}
}
