package hub

import (
	"errors"

	"smsdesk/backend"
)

// isUnauthorized tells an unknown token (401) from a backend failure (500).
func isUnauthorized(err error) bool { return errors.Is(err, backend.ErrUnauthorized) }

// isCursorTooOld: the event log no longer reaches back to the client's
// cursor (or the cursor is ahead of it): the client needs a snapshot.
func isCursorTooOld(err error) bool { return errors.Is(err, backend.ErrCursorTooOld) }
