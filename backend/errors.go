package backend

import "errors"

// Errors a caller of Service can test with errors.Is.
var (
	// ErrUnauthorized: the bearer token matches no user.
	ErrUnauthorized = errors.New("unauthorized: unknown or revoked token")
	// ErrCursorTooOld: the event log no longer reaches back to the cursor;
	// the client must start again from a Snapshot.
	ErrCursorTooOld = errors.New("cursor too old: the event log was trimmed past it, take a snapshot")
	// ErrNotFound: the thing does not exist or the user may not see it (the
	// two are indistinguishable on purpose).
	ErrNotFound = errors.New("not found")
	// ErrUnknownNumber: an inbound message addressed to a number that is not
	// one of the organisation's business numbers.
	ErrUnknownNumber = errors.New("unknown business number")
	// ErrClosed: the service was closed.
	ErrClosed = errors.New("backend closed")
	// ErrNotEmpty: a dataset import into a store that already holds data.
	ErrNotEmpty = errors.New("data directory already holds data")
)
