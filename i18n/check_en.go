package i18n

// englishCheck holds the messages of smsdesk admin check (whole-file
// verification of the store).
func englishCheck() map[Key]entry {
	return map[Key]entry{
		"cli.admin.check_ok":       text("check: %s is intact (every page, every key and the free list verified)\n"),
		"cli.admin.check_damaged":  plural1("check: %d problem found, %s is DAMAGED:\n", "check: %d problems found, %s is DAMAGED (the first ones):\n"),
		"cli.admin.check_recovery": text("recovery: restore smsdesk.db from a backup (smsdesk admin backup), or move it aside and re-seed with --dataset\n"),
	}
}
