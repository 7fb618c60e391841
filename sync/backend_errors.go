package sync

import "strings"

// TEMPORARY until backend compiles: matches backend's sentinel texts.
func isUnauthorized(err error) bool {
	return err != nil && strings.Contains(err.Error(), "unauthorized")
}
func isCursorTooOld(err error) bool {
	return err != nil && strings.Contains(err.Error(), "cursor too old")
}
