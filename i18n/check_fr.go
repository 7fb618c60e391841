package i18n

// frenchCheck: see englishCheck.
func frenchCheck() map[Key]entry {
	return map[Key]entry{
		"cli.admin.check_ok":       text("vérification : %s est intact (chaque page, chaque clé et la liste des pages libres vérifiées)\n"),
		"cli.admin.check_damaged":  plural1("vérification : %d problème trouvé, %s est ENDOMMAGÉ :\n", "vérification : %d problèmes trouvés, %s est ENDOMMAGÉ (les premiers) :\n"),
		"cli.admin.check_recovery": text("récupération : restaurez smsdesk.db depuis une sauvegarde (smsdesk admin backup), ou mettez-le de côté et réinitialisez avec --dataset\n"),
	}
}
