package i18n

// frenchMedia: see englishMedia.
func frenchMedia() map[Key]entry {
	return map[Key]entry{
		"key.copy_link":                  text("copier le lien de la pièce jointe"),
		"media.attachment":               text("Pièce jointe %s : %s"),
		"media.copy_hint":                text("%s : copier le lien"),
		"media.copied":                   text("Lien %s copié : %s"),
		"media.no_attachment":            text("Le message sélectionné n’a pas de pièce jointe."),
		"pane.cannot_reply_short_code":   text("Cet expéditeur est un numéro court : il ne peut pas recevoir de réponse."),
		"pane.cannot_reply_alphanumeric": text("Cet expéditeur est un nom, pas un numéro de téléphone : il ne peut pas recevoir de réponse."),
		"dataset.bad_media":              text("pièce jointe refusée : %s"),
		"dataset.outbound_media":         text("un message sortant n’a pas de pièce jointe"),
	}
}
