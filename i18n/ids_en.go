package i18n

// englishIDs holds what a seller reads when the server refuses an id the
// client chose (crm.CheckClientID): a client bug, said plainly, naming the
// field.
func englishIDs() map[Key]entry {
	return map[Key]entry{
		"ids.invalid": text("%s: not a valid id (1 to 128 ASCII letters, digits and _ - . : @, starting with a letter or digit)"),
	}
}
