package i18n

// englishWorkflows holds the keys of the records, move, template, related
// opportunities and work list screens.
func englishWorkflows() map[Key]entry {
	return map[Key]entry{
		// Keys (help bar and overlay)
		"key.back":           text("back"),
		"key.change_record":  text("change record"),
		"key.confirm_move":   text("pick / confirm"),
		"key.insert_field":   text("insert field"),
		"key.message_number": text("message / open"),
		"key.new_template":   text("new template"),
		"key.next_choice":    text("next choice"),
		"key.next_field":     text("next field"),
		"key.open_record":    text("record"),
		"key.open_step":      text("open step"),
		"key.prev_choice":    text("previous choice"),
		"key.prev_field":     text("previous field"),
		"key.record_tab":     text("details/activity"),
		"key.records":        text("records"),
		"key.related":        text("related records"),
		"key.save_template":  text("save"),
		"key.select":         text("select"),
		"key.select_all":     text("select all"),
		"key.templates":      text("templates"),
		"key.undo_move":      text("undo move"),
		"key.use_template":   text("use template"),
		"key.worklist":       text("work list"),

		// Grid selection
		"grid.marked": plural1("%d selected", "%d selected"),

		// Records view
		"records.view":       text("Records > Search"),
		"records.search":     text("Search:"),
		"records.count":      plural1("%d record", "%d records"),
		"records.none":       text("No record matches."),
		"records.col_type":   text("Type"),
		"records.col_phone":  text("Phone"),
		"records.col_owner":  text("Owner"),
		"records.col_state":  text("Status"),
		"records.active":     text("Active"),
		"records.inactive":   text("Inactive"),
		"records.team_owner": text("%s (team)"),

		// Record screen
		"record.view":                text("Records > %s"),
		"record_screen.owner":        text("Owner: %s"),
		"record_screen.account":      text("Account: %s"),
		"record_screen.contact":      text("Contact: %s"),
		"record_screen.details":      text("Details"),
		"record_screen.activity":     text("Activity (%d)"),
		"record_screen.phones":       text("Phone numbers"),
		"record_screen.message_hint": text("enter: text this number"),
		"record_screen.no_activity":  text("No conversation on this record yet."),
		"record_screen.gone":         text("This record is no longer in your cache."),

		// Field labels
		"field.first_name":      text("First name"),
		"field.last_name":       text("Last name"),
		"field.email":           text("Email"),
		"field.job_title":       text("Job title"),
		"field.city":            text("City"),
		"field.website":         text("Website"),
		"field.estimated_value": text("Estimated value"),
		"field.close_date":      text("Close date"),
		"field.company":         text("Company"),

		// Moving conversations
		"move.view":             text("Change record"),
		"move.prompt":           plural1("Move %d conversation to:", "Move %d conversations to:"),
		"move.confirm":          plural1("Move %d conversation to %s (%s)?", "Move %d conversations to %s (%s)?"),
		"move.confirm_keys":     text("enter: move · esc: pick another record"),
		"move.done":             plural1("Moved %d conversation to %s · %s: undo", "Moved %d conversations to %s · %s: undo"),
		"move.undone":           plural1("Move undone: %d conversation is back on its record.", "Move undone: %d conversations are back on their records."),
		"move.already":          text("Already on %s: nothing to move."),
		"move.nothing":          text("No conversation to move."),
		"move.pick_in_activity": text("Pick a conversation in the Activity tab to move it."),

		// Template picker
		"templates.view":    text("Templates"),
		"templates.filter":  text("Filter:"),
		"templates.count":   plural1("%d template", "%d templates"),
		"templates.scope":   text("%s templates for %s · language %s first"),
		"templates.none":    text("No template for this record type. ctrl+n creates one."),
		"templates.preview": text("Preview"),

		// Template form
		"template_form.view":              text("Templates > New template"),
		"template_form.name":              text("Name"),
		"template_form.category":          text("Category"),
		"template_form.language":          text("Language"),
		"template_form.body":              text("Body"),
		"template_form.fields":            text("Fields"),
		"template_form.fields_hint":       text("placeholders of %s templates; enter inserts one, typing sets its default"),
		"template_form.default":           text("default: %s"),
		"template_form.err_name":          text("The template needs a name."),
		"template_form.err_category":      text("Choose a category."),
		"template_form.err_body":          text("The template needs a body."),
		"template_form.err_unknown_field": text("{{%s}} is not a field of %s templates: pick one from the list."),
		"template_form.err_malformed":     text("%s is not a placeholder: write {{FieldName}}."),
		"template_form.err_other":         text("Template refused: %s"),
		"template_form.saved":             text("Template “%s” saved; it reaches your team when synced."),
		"template_form.synced":            text("Template “%s” is ready for your team."),
		"template_form.refused":           text("The server refused the template “%s”. %s"),
		"template_form.refused_kept":      text("The server refused the template “%s”. %s Press %s in the templates to get it back."),
		"template_form.err_duplicate":     text("Your team already has a template with this name: choose another one."),
		"template_form.err_server":        text("Reason given: %s"),
		"template_form.err_no_reason":     text("It gave no reason."),

		// Related records
		"related.title":       text("Related records (same numbers):"),
		"related.none":        text("No opportunity is linked to %s."),
		"related.not_offered": text("Related records are offered for contacts and opportunities."),

		// Work list
		"worklist.view":        text("Sales accelerator > Work list"),
		"worklist.col_due":     text("Due"),
		"worklist.empty":       text("No text message step is due. Well done!"),
		"worklist.up_next":     text("Up next"),
		"worklist.step_text":   text("Send a text message"),
		"worklist.due":         text("Due %s"),
		"worklist.overdue":     text("Overdue"),
		"worklist.template":    text("Template: %s"),
		"worklist.no_template": text("No template"),
		"worklist.to":          text("To %s"),
	}
}
