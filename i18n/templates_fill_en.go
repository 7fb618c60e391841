package i18n

// englishTemplateFill holds the template picker's placeholder keys: which
// placeholders are empty or defaulted, and the step that fills them.
func englishTemplateFill() map[Key]entry {
	return map[Key]entry{
		"templates.empty_fields":   plural1("⚠ %d placeholder has no value: %s. Enter lets you fill it.", "⚠ %d placeholders have no value: %s. Enter lets you fill them."),
		"templates.default_fields": plural1("%d placeholder took its default: %s", "%d placeholders took their default: %s"),
		"templates.fill_title":     plural1("Fill the empty placeholder (%d)", "Fill the empty placeholders (%d)"),
		"templates.fill_hint":      text("enter next / use · tab next · shift+tab previous · esc back · a blank stays empty"),
	}
}
