package i18n

// galicianLayout holds the grid's fold count and the help overlay's legend.
func galicianLayout() map[Key]entry {
	return map[Key]entry{
		"grid.below_fold": plural1("↓ %d máis abaixo", "↓ %d máis abaixo"),
		"help.legend":     text("Rexistros: %s"),
		"help.mouse":      text("Rato: un clic selecciona unha liña, outro ábrea; a roda despraza; un clic na campá abre as notificacións."),
	}
}
