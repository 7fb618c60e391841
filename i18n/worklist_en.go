package i18n

// englishWorklist holds the keys of the work list's step states, the skip
// and snooze pickers and the grid's opted-out marker.
func englishWorklist() map[Key]entry {
	return map[Key]entry{
		"key.skip_step":   text("skip"),
		"key.snooze_step": text("snooze"),

		"worklist.state_sending":     text("Sending…"),
		"worklist.state_failed":      text("Failed (%s)"),
		"worklist.state_opted_out":   text("Opted out"),
		"worklist.sending_detail":    text("The text is on its way: the step is done once the provider accepts it."),
		"worklist.failed_detail":     text("The text failed (%s). The step is back: fix the number and send again, or skip it."),
		"worklist.opted_out_detail":  text("The customer opted out (STOP): texting is refused. Skip the step, or snooze it until they reply START."),
		"worklist.actions_hint":      text("enter: open · %s: skip · %s: snooze"),
		"worklist.step_sending_next": text("Text sending; the step is done once it is accepted. Up next: %s (%s: work list)"),
		"worklist.step_sending_all":  text("Text sending; the step is done once it is accepted. Nothing else is due."),
		"worklist.skip_title":        text("Skip this step: why?"),
		"worklist.snooze_title":      text("Snooze this step for:"),
		"worklist.snooze_why":        text("Snooze this step: why?"),
		"worklist.picker_hint":       text("↑/↓: choose · enter: confirm · esc: cancel"),
		"worklist.skipped":           text("Step skipped: %s"),
		"worklist.snoozed":           text("Step snoozed until %s: %s"),
		"worklist.step_refused":      text("The server refused the change: %s"),

		"worklist.note_prompt": text("In your own words (optional):"),
		"worklist.note_hint":   text("enter: confirm · esc: back to the reasons"),

		"worklist.snooze_1h": text("1 hour"),
		"worklist.snooze_4h": text("4 hours"),
		"worklist.snooze_1d": text("1 day"),
		"worklist.snooze_1w": text("1 week"),

		"step_reason.opted_out":      text("Opted out (STOP)"),
		"step_reason.wrong_number":   text("Wrong number"),
		"step_reason.not_interested": text("Not interested"),
		"step_reason.call_instead":   text("Will call instead"),
		"step_reason.later":          text("Not now"),
		"step_reason.other":          text("Other"),

		"grid.opted_out": text("Opted out"),
	}
}
