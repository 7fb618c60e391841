package i18n

func galician() map[Key]entry {
	return map[Key]entry{
		"app.name":     text("smsdesk"),
		"unread.count": plural1("%d sen ler", "%d sen ler"),
		"grid.title":   text("As miñas mensaxes de texto"),
		"grid.view":    text("Conversa > As miñas mensaxes de texto"),
	}
}
