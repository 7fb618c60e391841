package i18n

// englishWorkflows holds the keys of the records, move, template, related
// opportunities and work list screens.
func englishWorkflows() map[Key]entry {
	return map[Key]entry{}
}
