package i18n

// galicianIDs: see englishIDs.
func galicianIDs() map[Key]entry {
	return map[Key]entry{
		"ids.invalid": text("%s: identificador non válido (de 1 a 128 letras ASCII, díxitos e _ - . : @, comezando por unha letra ou un díxito)"),
	}
}
