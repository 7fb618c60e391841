package localdb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is <os.UserCacheDir>/smsdesk/<hash(server URL, token)>.db.
// The name is a SHA-256 of both so one user's cache never mixes with
// another's (or another server's), and so the token never appears on disk.
// The directory is created later, by Open, with mode 0700.
func DefaultPath(serverURL, token string) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache path: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(serverURL))
	h.Write([]byte{0}) // separator: ("ab","c") and ("a","bc") must differ
	h.Write([]byte(token))
	name := hex.EncodeToString(h.Sum(nil))[:32] + ".db"
	return filepath.Join(dir, "smsdesk", name), nil
}
