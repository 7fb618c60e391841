package i18n

// frenchFailure holds the failure reasons' names and the failed message's keys.
func frenchFailure() map[Key]entry {
	return map[Key]entry{
		"reason_label.invalid_sending_parameters": text("Numéro refusé"),
		"reason_label.opted_out":                  text("Désinscrit"),
		"reason_label.unreachable":                text("Téléphone injoignable"),
		"reason_label.unknown_handset":            text("Numéro inconnu"),
		"reason_label.landline":                   text("Ne reçoit pas de SMS"),
		"reason_label.filtered":                   text("Filtré par l’opérateur"),
		"reason_label.blocked":                    text("Bloqué"),
		"reason_label.not_permitted":              text("Non autorisé"),
		"reason_label.unknown":                    text("Sans motif"),
		"reason.provider_code":                    text("code du fournisseur %s"),
		"pane.retry_keys":                         text("%s le renvoie · %s écrit à un autre numéro"),
		"pane.retry_key":                          text("%s le renvoie"),
		"pane.retry_queued":                       text("Renvoyé au %s."),
		"pane.retry_carried":                      text("Le texte en échec est prêt à partir vers le %s : entrée l’envoie, échap le garde en brouillon."),
		"pane.retry_not_failed":                   text("Seul un message en échec peut être renvoyé."),
		"key.retry":                               text("renvoyer"),
	}
}
