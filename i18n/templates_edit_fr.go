package i18n

// frenchTemplateEdit holds the keys of editing and deleting a template from
// the picker: who may, the delete confirmation and the server's answers.
func frenchTemplateEdit() map[Key]entry {
	return map[Key]entry{
		"key.edit_template":           text("modifier le modèle"),
		"key.delete_template":         text("supprimer le modèle"),
		"template_edit.view":          text("Modèles > Modifier le modèle"),
		"template_edit.none":          text("Aucun modèle n’est sélectionné."),
		"template_edit.not_allowed":   text("Vous ne pouvez pas modifier « %s » : seuls son auteur, un responsable de son équipe ou un administrateur le peuvent."),
		"template_edit.confirm":       text("Supprimer « %s » pour tout le monde ? y/entrée supprimer · échap garder"),
		"template_edit.kept":          text("« %s » est conservé."),
		"template_edit.saved":         text("Modifications de « %s » enregistrées ; elles parviennent à votre équipe à la synchronisation."),
		"template_edit.synced":        text("« %s » est à jour pour votre équipe."),
		"template_edit.deleting":      text("Suppression de « %s » : il disparaît pour votre équipe dès que le serveur confirme."),
		"template_edit.deleted":       text("« %s » est supprimé pour votre équipe."),
		"template_edit.delete_refuse": text("Le serveur n’a pas supprimé « %s ». %s"),
		"template_edit.err_forbidden": text("Seuls son auteur, un responsable de son équipe ou un administrateur peuvent le modifier."),
		"template_edit.err_gone":      text("Il n’existe plus : quelqu’un l’a supprimé."),
	}
}
