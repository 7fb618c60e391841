package i18n

// englishUnreachable holds what the TUI says while the server it was
// pointed at has not answered since start.
func englishUnreachable() map[Key]entry {
	return map[Key]entry{
		"conn.unreachable":        text("Cannot reach the server at %s."),
		"conn.unreachable_check":  text("Check that smsdesk serve is running there and that --server (or SMSDESK_SERVER) names it; smsdesk keeps trying."),
		"conn.unreachable_cause":  text("Cause: %s"),
		"conn.offline_from_cache": text("Working offline from this device's cache: no answer from %s yet. What you send leaves when it answers."),
	}
}
