package i18n

func english() map[Key]entry {
	return map[Key]entry{
		"app.name":     text("smsdesk"),
		"unread.count": plural1("%d unread", "%d unread"),
		"grid.title":   text("My text messages"),
		"grid.view":    text("Conversation > My text messages"),
	}
}
