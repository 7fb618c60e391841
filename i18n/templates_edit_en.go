package i18n

// englishTemplateEdit holds the keys of editing and deleting a template from
// the picker: who may, the delete confirmation and the server's answers.
func englishTemplateEdit() map[Key]entry {
	return map[Key]entry{
		"key.edit_template":           text("edit template"),
		"key.delete_template":         text("delete template"),
		"template_edit.view":          text("Templates > Edit template"),
		"template_edit.none":          text("No template is selected."),
		"template_edit.not_allowed":   text("You may not change “%s”: only its author, a manager of its team or an admin may."),
		"template_edit.confirm":       text("Delete “%s” for everyone? y/enter delete · esc keep"),
		"template_edit.kept":          text("“%s” kept."),
		"template_edit.saved":         text("Changes to “%s” saved; they reach your team when synced."),
		"template_edit.synced":        text("“%s” is updated for your team."),
		"template_edit.deleting":      text("Deleting “%s”: it goes for your team once the server confirms."),
		"template_edit.deleted":       text("“%s” is deleted for your team."),
		"template_edit.delete_refuse": text("The server did not delete “%s”. %s"),
		"template_edit.err_forbidden": text("Only its author, a manager of its team or an admin may change it."),
		"template_edit.err_gone":      text("It no longer exists: someone deleted it."),
	}
}
