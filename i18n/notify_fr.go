package i18n

// frenchNotify holds the French keys of englishNotify.
func frenchNotify() map[Key]entry {
	return map[Key]entry{
		"key.mark_all_read":        text("tout marquer lu"),
		"key.why_here":             text("pourquoi ici ?"),
		"notify.no_seller_role":    text("Vous ne recevez pas les SMS entrants : vous n’avez pas le privilège vendeur. Demandez à votre administrateur"),
		"why.title":                text("Pourquoi ce message est-il ici ?"),
		"why.landed":               text("Il a été rattaché à %s (%s)."),
		"why.over_item":            text("  %s %s (%s)"),
		"why.over":                 text("Préféré à :"),
		"why.over_none":            text("Aucun autre enregistrement n’était en concurrence."),
		"why.hidden":               text("un enregistrement que vous ne voyez pas"),
		"why.more":                 plural1("  … et %d autre enregistrement", "  … et %d autres enregistrements"),
		"why.not_inbound":          text("Seuls les messages du client sont routés."),
		"why.no_decision":          text("Ce message a été enregistré sans sa décision de routage."),
		"why.rule.only_candidate":  text("Seul cet enregistrement a le numéro du client ou une conversation avec lui."),
		"why.rule.new_lead":        text("Aucun enregistrement n’avait le numéro du client : un nouveau prospect a été créé."),
		"why.rule.recent":          text("Il détient la conversation la plus récente avec ce client sur ce numéro."),
		"why.rule.addressed":       text("Il appartient au vendeur propriétaire du numéro auquel le client a écrit."),
		"why.rule.team":            text("Il appartient à l’équipe propriétaire du numéro, ou à l’un de ses membres."),
		"why.rule.record_type":     text("Son type passe en premier (contact, puis compte, opportunité, prospect)."),
		"why.rule.active":          text("Il est actif ; les autres ne le sont pas."),
		"why.rule.recently_update": text("C’est le plus récemment modifié."),
		"why.rule.record_id":       text("Les enregistrements sont à égalité sur chaque règle ; le premier identifiant a été gardé."),
		"why.rule.unknown":         text("Routé par la règle %s."),
		"why.close":                text("échap ferme"),
	}
}
