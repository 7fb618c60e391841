package i18n

// galicianTemplateFill holds the template picker's placeholder keys.
func galicianTemplateFill() map[Key]entry {
	return map[Key]entry{
		"templates.empty_fields":   plural1("⚠ %d campo non ten valor: %s. Intro permite enchelo.", "⚠ %d campos non teñen valor: %s. Intro permite enchelos."),
		"templates.default_fields": plural1("%d campo levou o seu valor predeterminado: %s", "%d campos levaron o seu valor predeterminado: %s"),
		"templates.fill_title":     plural1("Encher o campo baleiro (%d)", "Encher os campos baleiros (%d)"),
		"templates.fill_hint":      text("intro seguinte / usar · tab seguinte · maiús+tab anterior · esc volver · un campo en branco queda baleiro"),
	}
}
