package i18n

// englishFailure holds the names of the failure reasons as a seller reads
// them, and the keys offered on a failed message.
func englishFailure() map[Key]entry {
	return map[Key]entry{
		"reason_label.invalid_sending_parameters": text("Number refused"),
		"reason_label.opted_out":                  text("Opted out"),
		"reason_label.unreachable":                text("Handset unreachable"),
		"reason_label.unknown_handset":            text("Unknown number"),
		"reason_label.landline":                   text("Cannot take texts"),
		"reason_label.filtered":                   text("Filtered by the carrier"),
		"reason_label.blocked":                    text("Blocked"),
		"reason_label.not_permitted":              text("Not permitted"),
		"reason_label.unknown":                    text("No reason given"),
		"reason.provider_code":                    text("provider code %s"),
		"pane.retry_keys":                         text("%s sends it again · %s texts another number"),
		"pane.retry_key":                          text("%s sends it again"),
		"pane.retry_queued":                       text("Sent again to %s."),
		"pane.retry_carried":                      text("The failed text is ready to send to %s: enter sends it, esc keeps it as a draft."),
		"pane.retry_not_failed":                   text("Only a failed message can be sent again."),
		"key.retry":                               text("send again"),
	}
}
