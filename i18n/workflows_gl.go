package i18n

// galicianWorkflows holds the keys of the records, move, template, related
// opportunities and work list screens.
func galicianWorkflows() map[Key]entry {
	return map[Key]entry{}
}
