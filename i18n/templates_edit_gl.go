package i18n

// galicianTemplateEdit holds the keys of editing and deleting a template
// from the picker: who may, the delete confirmation and the server's answers.
func galicianTemplateEdit() map[Key]entry {
	return map[Key]entry{
		"key.edit_template":           text("editar o modelo"),
		"key.delete_template":         text("eliminar o modelo"),
		"template_edit.view":          text("Modelos > Editar modelo"),
		"template_edit.none":          text("Non hai ningún modelo seleccionado."),
		"template_edit.not_allowed":   text("Non podes cambiar «%s»: só o poden facer o seu autor, un xestor do seu equipo ou un administrador."),
		"template_edit.confirm":       text("Eliminar «%s» para todos? y/intro eliminar · esc manter"),
		"template_edit.kept":          text("«%s» mantense."),
		"template_edit.saved":         text("Cambios en «%s» gardados; chegan ao teu equipo ao sincronizar."),
		"template_edit.synced":        text("«%s» está actualizado para o teu equipo."),
		"template_edit.deleting":      text("Eliminando «%s»: desaparece para o teu equipo cando o servidor o confirme."),
		"template_edit.deleted":       text("«%s» está eliminado para o teu equipo."),
		"template_edit.delete_refuse": text("O servidor non eliminou «%s». %s"),
		"template_edit.err_forbidden": text("Só o seu autor, un xestor do seu equipo ou un administrador poden cambialo."),
		"template_edit.err_gone":      text("Xa non existe: alguén o eliminou."),
	}
}
