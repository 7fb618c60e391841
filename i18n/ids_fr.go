package i18n

// frenchIDs: see englishIDs.
func frenchIDs() map[Key]entry {
	return map[Key]entry{
		"ids.invalid": text("%s : identifiant non valide (de 1 à 128 lettres ASCII, chiffres et _ - . : @, commençant par une lettre ou un chiffre)"),
	}
}
