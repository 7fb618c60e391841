package i18n

// frenchWorklist holds the keys of the work list's step states, the skip
// and snooze pickers and the grid's opted-out marker.
func frenchWorklist() map[Key]entry {
	return map[Key]entry{
		"key.skip_step":   text("ignorer"),
		"key.snooze_step": text("reporter"),

		"worklist.state_sending":     text("Envoi…"),
		"worklist.state_failed":      text("Échec (%s)"),
		"worklist.state_opted_out":   text("Désinscrit"),
		"worklist.sending_detail":    text("Le SMS est en route : l’étape est terminée dès que le fournisseur l’accepte."),
		"worklist.failed_detail":     text("Le SMS a échoué (%s). L’étape revient : corrigez le numéro et renvoyez, ou ignorez-la."),
		"worklist.opted_out_detail":  text("Le client s’est désinscrit (STOP) : l’envoi est refusé. Ignorez l’étape, ou reportez-la jusqu’à ce qu’il réponde START."),
		"worklist.actions_hint":      text("entrée : ouvrir · %s : ignorer · %s : reporter"),
		"worklist.step_sending_next": text("SMS en cours d’envoi ; l’étape sera terminée une fois accepté. À suivre : %s (%s : liste de travail)"),
		"worklist.step_sending_all":  text("SMS en cours d’envoi ; l’étape sera terminée une fois accepté. Plus rien à faire."),
		"worklist.skip_title":        text("Ignorer cette étape : pourquoi ?"),
		"worklist.snooze_title":      text("Reporter cette étape de :"),
		"worklist.snooze_why":        text("Reporter cette étape : pourquoi ?"),
		"worklist.picker_hint":       text("↑/↓ : choisir · entrée : confirmer · échap : annuler"),
		"worklist.skipped":           text("Étape ignorée : %s"),
		"worklist.snoozed":           text("Étape reportée jusqu’à %s : %s"),
		"worklist.step_refused":      text("Le serveur a refusé la modification : %s"),

		"worklist.note_prompt": text("Avec vos mots (facultatif) :"),
		"worklist.note_hint":   text("entrée : confirmer · échap : retour aux raisons"),

		"worklist.snooze_1h": text("1 heure"),
		"worklist.snooze_4h": text("4 heures"),
		"worklist.snooze_1d": text("1 jour"),
		"worklist.snooze_1w": text("1 semaine"),

		"step_reason.opted_out":      text("Désinscrit (STOP)"),
		"step_reason.wrong_number":   text("Mauvais numéro"),
		"step_reason.not_interested": text("Pas intéressé"),
		"step_reason.call_instead":   text("J’appellerai plutôt"),
		"step_reason.later":          text("Pas maintenant"),
		"step_reason.other":          text("Autre"),

		"grid.opted_out": text("Désinscrit"),
	}
}
