// Package localdb is the client's cache: one bbolt file per (server, user)
// holding what the sync client received, plus the outbox of commands the TUI
// made while the server may be out of reach. The TUI only ever reads this
// cache; sync only ever writes it (and drains the outbox).
package localdb

import (
	"errors"
	"time"

	"smsdesk/crm"
)

// Errors Open returns, always wrapped with the path and a hint.
var (
	// ErrLocked: another process (or handle) holds the file's lock.
	ErrLocked = errors.New("cache is locked")
	// ErrCorrupt: the file is not a bbolt file, or is damaged.
	ErrCorrupt = errors.New("cache is corrupt")
	// ErrSchema: the file was written by another or a newer schema.
	ErrSchema = errors.New("cache schema mismatch")
)

var errNotImplemented = errors.New("localdb: not implemented")

// Options tune Open.
type Options struct {
	Timeout time.Duration    // bbolt open timeout; default 1 s
	Now     func() time.Time // injectable clock; default time.Now
	Reset   bool             // --reset-cache: delete and recreate the file
}

// ConversationRow is one line of the conversation grid.
type ConversationRow struct {
	crm.Conversation
	Unread int `json:"unread"`
	// ReadAt is this user's read mark: inbound messages after it are unread.
	ReadAt time.Time `json:"read_at"`
	// LastError is the text of the last refused command about this
	// conversation (a refused move), so the TUI can show it; cleared by the
	// next server update of the row.
	LastError string `json:"last_error,omitempty"`
}

// Change is published after every committed write; the TUI coalesces them.
type Change struct {
	Conversations []string // ids whose row or messages changed
	Removed       []string // conversation ids removed (revoked)
	Kinds         []crm.EventKind
	Snapshot      bool // everything may have changed
	Outbox        bool // outbox length changed
}

// DB is an open cache file.
type DB struct{}

func DefaultPath(serverURL, token string) (string, error) { return "", errNotImplemented }
func Open(path string, opts Options) (*DB, error)         { return nil, errNotImplemented }
func (db *DB) Close() error                               { return errNotImplemented }

func (db *DB) ApplySnapshot(s crm.Snapshot) error     { return errNotImplemented }
func (db *DB) ApplyMessages(msgs []crm.Message) error { return errNotImplemented }
func (db *DB) ApplyEvents(evs []crm.Event) error      { return errNotImplemented }
func (db *DB) Cursor() (uint64, error)                { return 0, errNotImplemented }

func (db *DB) Enqueue(cmd crm.Command) error           { return errNotImplemented }
func (db *DB) Outbox() ([]crm.Command, error)          { return nil, errNotImplemented }
func (db *DB) Acknowledge(res crm.CommandResult) error { return errNotImplemented }
func (db *DB) OutboxLen() (int, error)                 { return 0, errNotImplemented }

func (db *DB) Conversations() ([]ConversationRow, error) { return nil, errNotImplemented }
func (db *DB) Conversation(id string) (ConversationRow, bool, error) {
	return ConversationRow{}, false, errNotImplemented
}
func (db *DB) LastMessages(convID string, n int) ([]crm.Message, error) {
	return nil, errNotImplemented
}
func (db *DB) MessagesBefore(convID string, before crm.Message, n int) ([]crm.Message, error) {
	return nil, errNotImplemented
}
func (db *DB) MessageCount(convID string) (int, error) { return 0, errNotImplemented }
func (db *DB) Me() (crm.User, bool, error)             { return crm.User{}, false, errNotImplemented }
func (db *DB) Org() (crm.Org, error)                   { return crm.Org{}, errNotImplemented }
func (db *DB) Users() ([]crm.User, error)              { return nil, errNotImplemented }
func (db *DB) Teams() ([]crm.Team, error)              { return nil, errNotImplemented }
func (db *DB) Numbers() ([]crm.BusinessNumber, error)  { return nil, errNotImplemented }
func (db *DB) Record(id string) (crm.Record, bool, error) {
	return crm.Record{}, false, errNotImplemented
}
func (db *DB) SearchRecords(q string, limit int) ([]crm.Record, error) {
	return nil, errNotImplemented
}
func (db *DB) RecordConversations(recordID string) ([]ConversationRow, error) {
	return nil, errNotImplemented
}
func (db *DB) Templates() ([]crm.Template, error)                  { return nil, errNotImplemented }
func (db *DB) Notifications(limit int) ([]crm.Notification, error) { return nil, errNotImplemented }
func (db *DB) UnreadNotifications() (int, error)                   { return 0, errNotImplemented }
func (db *DB) WorkItems() ([]crm.WorkItem, error)                  { return nil, errNotImplemented }

func (db *DB) Subscribe() (ch <-chan Change, cancel func()) {
	c := make(chan Change)
	return c, func() {}
}
