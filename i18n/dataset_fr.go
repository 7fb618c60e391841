package i18n

// frenchDataset holds the problems a dataset file can have (DatasetError's
// codes in package backend), said after the JSON path at fault. Field
// names, ids, enumerated values and the kinds of JSON value found
// ("string", "number"…) stay as the file writes them.
func frenchDataset() map[Key]entry {
	return map[Key]entry{
		// Décodage : syntaxe et types JSON (le détail de invalid_json et
		// truncated est celui d’encoding/json, en anglais)
		"dataset.invalid_json":  text("JSON invalide : %s"),
		"dataset.truncated":     text("le JSON s’arrête avant la fin (%s)"),
		"dataset.trailing_data": text("données inattendues après la valeur"),
		"dataset.unknown_field": text("champ inconnu"),
		"dataset.want_array":    text("doit être un tableau (valeur JSON trouvée : %s)"),
		"dataset.want_object":   text("doit être un objet (valeur JSON trouvée : %s)"),
		"dataset.want_bool":     text("doit valoir true ou false (valeur JSON trouvée : %s)"),
		"dataset.want_string":   text("doit être une chaîne (valeur JSON trouvée : %s)"),
		"dataset.want_number":   text("doit être un nombre (valeur JSON trouvée : %s)"),
		"dataset.want_type":     text("doit être de type %s (valeur JSON trouvée : %s)"),
		"dataset.bad_time":      text("la date %q n’est pas au format RFC 3339 (2026-01-31T09:00:00Z)"),

		// Valeurs
		"dataset.required":      text("obligatoire"),
		"dataset.required_time": text("obligatoire (RFC 3339)"),
		"dataset.bad_id":        text("%q : un identifiant compte de 1 à 128 lettres ASCII, chiffres et _ - . : @, et commence par une lettre ou un chiffre"),
		"dataset.invalid_phone": text("%q n’est pas un numéro E.164 valide (%s)"),
		"dataset.short_token":   text("un jeton (bearer) d’au moins 16 caractères est obligatoire"),

		// Doublons
		"dataset.duplicate_team_id":      text("identifiant d’équipe %q en double"),
		"dataset.duplicate_team_name":    text("nom d’équipe %q en double (déjà en %s)"),
		"dataset.duplicate_user_id":      text("identifiant d’utilisateur %q en double"),
		"dataset.duplicate_token":        text("jeton en double (déjà en %s)"),
		"dataset.duplicate_number":       text("numéro professionnel %s en double"),
		"dataset.duplicate_number_name":  text("nom de numéro %q en double (déjà en %s)"),
		"dataset.duplicate_record_id":    text("identifiant d’enregistrement %q en double (déjà en %s)"),
		"dataset.duplicate_template_id":  text("identifiant de modèle %q en double"),
		"dataset.duplicate_work_item_id": text("identifiant d’étape de la liste de travail %q en double"),
		"dataset.duplicate_message_id":   text("identifiant de message %q en double"),

		// Renvois à ce que le jeu de données ne contient pas
		"dataset.unknown_role":        text("rôle inconnu %q (seller, manager, admin)"),
		"dataset.unknown_team":        text("équipe inconnue %q"),
		"dataset.unknown_user":        text("utilisateur inconnu %q"),
		"dataset.unknown_record":      text("enregistrement inconnu %q"),
		"dataset.unknown_template":    text("modèle inconnu %q"),
		"dataset.unknown_number_type": text("type de numéro inconnu %q (geo, short_code, toll_free)"),
		"dataset.unknown_record_type": text("type d’enregistrement inconnu %q (contact, account, opportunity, lead)"),
		"dataset.unknown_phone_field": text("champ de téléphone inconnu (business, mobile, main)"),
		"dataset.unknown_step":        text(`étape inconnue %q (seulement "text")`),
		"dataset.unknown_status":      text("statut inconnu %q"),
		"dataset.bad_owner_kind":      text(`doit valoir "user" ou "team", pas %q`),
		"dataset.bad_direction":       text(`doit valoir "inbound" ou "outbound", pas %q`),
		"dataset.foreign_number":      text("%s ne fait pas partie des numéros"),

		// Liens entre enregistrements, numéros et messages
		"dataset.main_phone_accounts_only": text("seuls les comptes ont un téléphone principal (main)"),
		"dataset.contact_link":             text("seules les opportunités sont liées à un contact"),
		"dataset.account_link":             text("seuls les contacts et les opportunités sont liés à un compte"),
		"dataset.wrong_record_type":        text("l’enregistrement %q est de type %s, pas %s"),
		"dataset.inbound_author":           text("un message entrant n’a pas d’auteur"),
		"dataset.conversation_conflict":    text("la conversation %q relie déjà un autre enregistrement ou une autre paire de numéros"),

		// Modèles
		"dataset.template_name_required": text("le modèle doit avoir un nom"),
		"dataset.template_body_required": text("le modèle doit avoir un texte"),
		"dataset.template_category":      text("catégorie de modèle inconnue %q (contact, account, opportunity ou lead attendu)"),
		"dataset.template_unterminated":  text("modèle : l’espace réservé %q n’est pas fermé (il manque }})"),
		"dataset.template_malformed":     text("modèle : %q n’est pas un espace réservé (écrivez {{NomDuChamp}})"),
		"dataset.template_not_a_field":   text("modèle (%[1]s) : l’espace réservé %[2]q n’est pas un champ des modèles %[3]s"),
		"dataset.template_invalid":       text("modèle refusé : %s"),

		// Désinscriptions (STOP) et marques de lecture
		"dataset.not_opt_out_keyword":  text("%q n’est pas un mot-clé de désinscription (%s)"),
		"dataset.duplicate_opt_out":    text("désinscription de %s en double (déjà en %s)"),
		"dataset.unknown_conversation": text("conversation inconnue %q"),
		"dataset.duplicate_read_mark":  text("marque de lecture de %q sur %q en double (déjà en %s)"),
	}
}
