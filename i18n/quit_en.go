package i18n

// englishQuit holds what smsdesk tui says as it ends.
func englishQuit() map[Key]entry {
	return map[Key]entry{
		"cli.tui.outbox_on_quit": plural1("%d action is still queued, safe in this device's cache: it leaves the next time smsdesk tui starts and reaches the server.", "%d actions are still queued, safe in this device's cache: they leave the next time smsdesk tui starts and reaches the server."),
	}
}
