package hub

import (
	"context"

	"smsdesk/crm"
)

// Backend is what the hub needs from the server. *backend.Service
// implements it exactly (docs/DESIGN.md, "Backend service API that sync
// uses"); tests may substitute their own.
type Backend interface {
	// Authenticate maps a bearer token to its user; backend.ErrUnauthorized otherwise.
	Authenticate(token string) (crm.User, error)
	// Snapshot is everything userID may see, consistent as of its Seq.
	Snapshot(ctx context.Context, userID string) (crm.Snapshot, error)
	// ConversationMessages pages one conversation's messages in order
	// (after = last message id seen, "" for the first page).
	ConversationMessages(ctx context.Context, userID, conversationID, after string, limit int) ([]crm.Message, error)
	// EventsSince returns up to limit events with Seq > after visible to
	// userID, in order. backend.ErrCursorTooOld when the log no longer reaches back.
	EventsSince(ctx context.Context, userID string, after uint64, limit int) ([]crm.Event, error)
	// Subscribe delivers every committed event batch, in Seq order, to fn
	// (called from one goroutine; must not block). cancel stops it.
	Subscribe(fn func([]crm.Event)) (cancel func())
	// Apply runs a command for userID at most once per command id and returns
	// the stored result on a replay.
	Apply(ctx context.Context, userID string, cmd crm.Command) crm.CommandResult
	// LastSeq is the newest committed Seq.
	LastSeq() uint64
	// Epoch names the log's history of Seqs: it changes when the store is
	// restored from a backup, and a cursor from another epoch means nothing.
	Epoch() string
}
