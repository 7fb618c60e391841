package i18n

// frenchTemplateFill holds the template picker's placeholder keys.
func frenchTemplateFill() map[Key]entry {
	return map[Key]entry{
		"templates.empty_fields":   plural1("⚠ %d champ n’a pas de valeur : %s. Entrée permet de le remplir.", "⚠ %d champs n’ont pas de valeur : %s. Entrée permet de les remplir."),
		"templates.default_fields": plural1("%d champ a pris sa valeur par défaut : %s", "%d champs ont pris leur valeur par défaut : %s"),
		"templates.fill_title":     plural1("Remplir le champ vide (%d)", "Remplir les champs vides (%d)"),
		"templates.fill_hint":      text("entrée suivant / utiliser · tab suivant · maj+tab précédent · échap retour · un champ laissé vide reste vide"),
	}
}
