// Package localdb is the client's cache: one bbolt file per (server, user)
// holding what the sync client received, plus the outbox of commands the TUI
// made while the server may be out of reach. The TUI only reads this cache
// and enqueues commands; the sync client writes what the server sends and
// drains the outbox.
package localdb

import (
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Errors Open returns, always wrapped with the path and a hint for the user.
var (
	// ErrLocked: another process (or handle) holds the file's lock.
	ErrLocked = errors.New("cache is locked")
	// ErrCorrupt: the file is not a bbolt file, or is damaged.
	ErrCorrupt = errors.New("cache is corrupt")
	// ErrSchema: the file was written by another program or a newer schema.
	ErrSchema = errors.New("cache schema mismatch")
)

// Hints appended to Open's errors: what the user can do about them.
const (
	hintLocked = "another smsdesk is using this cache; close it or pass --cache"
	hintReset  = "run with --reset-cache to rebuild it from the server"
)

// Options tune Open.
type Options struct {
	Timeout time.Duration    // bbolt open timeout; default 1 s
	Now     func() time.Time // injectable clock; default time.Now
	Reset   bool             // --reset-cache: delete and recreate the file
}

// ConversationRow is one line of the conversation grid.
type ConversationRow struct {
	crm.Conversation
	// Unread counts inbound messages created after ReadAt.
	Unread int `json:"unread"`
	// ReadAt is this user's read mark.
	ReadAt time.Time `json:"read_at"`
	// LastError is the text of the last refused command about this
	// conversation (a refused move or send), so the TUI can show it. It is
	// cleared when a later command about the conversation succeeds.
	LastError string `json:"last_error,omitempty"`
}

// DB is an open cache file. Its methods are safe for concurrent use: bbolt
// serialises writers and lets readers run alongside.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time

	rows rowCache // decoded conversation rows, see rowcache.go

	subsMu sync.Mutex
	subs   map[*subscriber]struct{}
}

// Path is the file the cache lives in.
func (db *DB) Path() string { return db.path }

// Close releases the file (and its lock) and closes every subscription.
func (db *DB) Close() error {
	db.closeSubscribers()
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close cache %s: %w", db.path, err)
	}
	return nil
}
