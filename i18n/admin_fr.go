package i18n

// frenchAdmin holds the keys of the administration the TUI offers (the
// Phone numbers screen for managers and admins) and of the notifications
// administration causes.
func frenchAdmin() map[Key]entry {
	return map[Key]entry{
		"key.phone_numbers": text("numéros de téléphone"),
		"key.change_owner":  text("changer de propriétaire"),
		"key.confirm_owner": text("choisir / confirmer"),

		"phone_numbers.view":          text("Numéros de téléphone"),
		"phone_numbers.owner_view":    text("Numéros de téléphone > Propriétaire"),
		"phone_numbers.count":         plural1("%d numéro professionnel", "%d numéros professionnels"),
		"phone_numbers.col_name":      text("Nom"),
		"phone_numbers.col_number":    text("Numéro"),
		"phone_numbers.col_type":      text("Type"),
		"phone_numbers.col_owner":     text("Propriétaire"),
		"phone_numbers.col_state":     text("État"),
		"phone_numbers.active":        text("Actif"),
		"phone_numbers.removed":       text("Supprimé"),
		"phone_numbers.pending":       text("◌ En attente"),
		"phone_numbers.none":          text("Aucun numéro professionnel pour l’instant."),
		"phone_numbers.not_allowed":   text("Seuls les responsables et les administrateurs peuvent voir les numéros de téléphone."),
		"phone_numbers.queued":        text("%s appartient désormais à %s ; en attente du serveur."),
		"phone_numbers.confirmed":     text("Le serveur a confirmé : %s appartient à %s."),
		"phone_numbers.refused":       text("Le serveur a refusé le nouveau propriétaire de %s : %s"),
		"phone_numbers.err_forbidden": text("seuls les responsables et les administrateurs peuvent réattribuer un numéro"),
		"phone_numbers.err_number":    text("ce numéro n’existe plus"),
		"phone_numbers.err_owner":     text("cet utilisateur ou cette équipe n’existe plus"),

		"number_type.geo":        text("Géographique"),
		"number_type.toll_free":  text("Numéro vert"),
		"number_type.short_code": text("Numéro court"),

		"owner_lookup.prompt":       text("Nouveau propriétaire de %s (%s) :"),
		"owner_lookup.count":        plural1("%d résultat", "%d résultats"),
		"owner_lookup.col_name":     text("Utilisateur ou équipe"),
		"owner_lookup.col_kind":     text("Genre"),
		"owner_lookup.col_detail":   text("Détails"),
		"owner_lookup.user":         text("Utilisateur"),
		"owner_lookup.team":         text("Équipe"),
		"owner_lookup.members":      plural1("%d membre", "%d membres"),
		"owner_lookup.current":      text("propriétaire actuel"),
		"owner_lookup.none":         text("Aucun utilisateur ni aucune équipe ne correspond."),
		"owner_lookup.confirm":      text("Confier %s (%s) à %s ?"),
		"owner_lookup.confirm_keys": text("%s : confirmer · %s : choisir un autre propriétaire"),
		"owner_lookup.change":       text("Propriétaire : %s → %s"),
		"owner_lookup.same":         text("%s appartient déjà à %s."),

		"notify.privilege_revoked_role": text("Votre rôle de %s vous a été retiré par %s ; adressez-vous à votre administrateur"),
		"notify.an_administrator":       text("un administrateur"),
	}
}
