package crm

import (
	"encoding/base32"
	"fmt"
	"io"
	"strings"
)

// idBytes is the entropy of an id: 128 bits, so ids made up independently by
// clients and the server never collide in practice.
const idBytes = 16

// NewID returns prefix + "_" + 16 random bytes from r in lower-case base32
// without padding (26 characters): short, safe in URLs and bbolt keys, and
// unambiguous when read aloud. r is injected so tests are deterministic;
// production passes crypto/rand.Reader. A reader that cannot deliver is a
// programming error (crypto/rand never fails), so NewID panics rather than
// return a weak id.
func NewID(prefix string, r io.Reader) string {
	var b [idBytes]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		panic(fmt.Sprintf("crm.NewID(%q): read random bytes: %v", prefix, err))
	}
	return prefix + "_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}
