package i18n

// frenchWorkflows holds the keys of the records, move, template, related
// opportunities and work list screens.
func frenchWorkflows() map[Key]entry {
	return map[Key]entry{}
}
