package i18n

// englishMedia holds the texts of MMS attachments and of conversations
// with a sender that cannot be replied to (a short code or an alphanumeric
// sender id), with the dataset problems about media.
func englishMedia() map[Key]entry {
	return map[Key]entry{
		"key.copy_link":                  text("copy attachment link"),
		"media.attachment":               text("Attachment %s: %s"),
		"media.copy_hint":                text("%s: copy the link"),
		"media.copied":                   text("Link %s copied: %s"),
		"media.no_attachment":            text("The focused message has no attachment."),
		"pane.cannot_reply_short_code":   text("This sender is a short code: it cannot receive replies."),
		"pane.cannot_reply_alphanumeric": text("This sender is a name, not a phone number: it cannot receive replies."),
		"dataset.bad_media":              text("%s"),
		"dataset.outbound_media":         text("outbound messages carry no media"),
	}
}
