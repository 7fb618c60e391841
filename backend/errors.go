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
	// one of the organisation's business numbers. It is permanent (see
	// PermanentError): the provider should not redeliver it.
	ErrUnknownNumber error = &PermanentError{Err: errors.New("unknown business number")}
	// ErrClosed: the service was closed.
	ErrClosed = errors.New("backend closed")
	// ErrNotEmpty: a dataset import into a store that already holds data.
	ErrNotEmpty = errors.New("data directory already holds data")
)

// PermanentError marks an error that retrying the same request cannot cure
// (an inbound message for a number that is not ours, an unparsable phone
// number). Callers outside this package test for it without importing it,
// through interface{ Permanent() bool }: backend/twilio answers such an
// inbound webhook with a 4xx instead of a 500, and the sender fails such a
// send at once instead of retrying it.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string   { return e.Err.Error() }
func (e *PermanentError) Unwrap() error   { return e.Err }
func (e *PermanentError) Permanent() bool { return true }
