package i18n

// englishAdmin holds the keys of the administration the TUI offers (the
// Phone numbers screen for managers and admins) and of the notifications
// administration causes.
func englishAdmin() map[Key]entry {
	return map[Key]entry{
		// Keys (help bar and overlay)
		"key.phone_numbers": text("phone numbers"),
		"key.change_owner":  text("change owner"),
		"key.confirm_owner": text("pick / confirm"),

		// Phone numbers screen
		"phone_numbers.view":          text("Phone numbers"),
		"phone_numbers.owner_view":    text("Phone numbers > Owner"),
		"phone_numbers.count":         plural1("%d business number", "%d business numbers"),
		"phone_numbers.col_name":      text("Name"),
		"phone_numbers.col_number":    text("Number"),
		"phone_numbers.col_type":      text("Type"),
		"phone_numbers.col_owner":     text("Owner"),
		"phone_numbers.col_state":     text("State"),
		"phone_numbers.active":        text("Active"),
		"phone_numbers.removed":       text("Removed"),
		"phone_numbers.pending":       text("◌ Pending"),
		"phone_numbers.none":          text("No business number yet."),
		"phone_numbers.not_allowed":   text("Only managers and administrators can see the phone numbers."),
		"phone_numbers.queued":        text("%s now belongs to %s; waiting for the server."),
		"phone_numbers.confirmed":     text("The server confirmed: %s belongs to %s."),
		"phone_numbers.refused":       text("The server refused the new owner of %s: %s"),
		"phone_numbers.err_forbidden": text("only managers and administrators can reassign a number"),
		"phone_numbers.err_number":    text("this number no longer exists"),
		"phone_numbers.err_owner":     text("this user or team no longer exists"),

		// Number types
		"number_type.geo":        text("Geographic"),
		"number_type.toll_free":  text("Toll-free"),
		"number_type.short_code": text("Short code"),

		// Owner lookup
		"owner_lookup.prompt":       text("New owner of %s (%s):"),
		"owner_lookup.count":        plural1("%d match", "%d matches"),
		"owner_lookup.col_name":     text("User or team"),
		"owner_lookup.col_kind":     text("Kind"),
		"owner_lookup.col_detail":   text("Details"),
		"owner_lookup.user":         text("User"),
		"owner_lookup.team":         text("Team"),
		"owner_lookup.members":      plural1("%d member", "%d members"),
		"owner_lookup.current":      text("current owner"),
		"owner_lookup.none":         text("No user or team matches."),
		"owner_lookup.confirm":      text("Give %s (%s) to %s?"),
		"owner_lookup.confirm_keys": text("%s: confirm · %s: pick another owner"),
		"owner_lookup.change":       text("Owner: %s → %s"),
		"owner_lookup.same":         text("%s already belongs to %s."),

		// Notifications administration causes
		"notify.privilege_revoked_role": text("Your %s role was removed by %s; ask your administrator"),
		"notify.an_administrator":       text("an administrator"),
	}
}
