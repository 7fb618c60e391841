package i18n

func french() map[Key]entry {
	return map[Key]entry{
		"app.name":     text("smsdesk"),
		"unread.count": plural1("%d non lu", "%d non lus"),
		"grid.title":   text("Mes SMS"),
		"grid.view":    text("Conversation > Mes SMS"),
	}
}
