package i18n

// englishDataset holds the problems a dataset file can have (DatasetError's
// codes in package backend), said after the JSON path at fault. The English
// text is the importer's own (DatasetError.Msg), word for word.
func englishDataset() map[Key]entry {
	return map[Key]entry{
		// Decoding: JSON syntax and types. %s after invalid_json and
		// truncated is encoding/json's own description.
		"dataset.invalid_json":  text("%s"),
		"dataset.truncated":     text("%s"),
		"dataset.trailing_data": text("unexpected data after the value"),
		"dataset.unknown_field": text("unknown field"),
		"dataset.want_array":    text("must be an array, not %s"),
		"dataset.want_object":   text("must be an object, not %s"),
		"dataset.want_bool":     text("must be true or false, not %s"),
		"dataset.want_string":   text("must be a string, not %s"),
		"dataset.want_number":   text("must be a number, not %s"),
		"dataset.want_type":     text("must be %s, not %s"),
		"dataset.bad_time":      text("time %q is not RFC 3339 (2026-01-31T09:00:00Z)"),

		// Values
		"dataset.required":      text("required"),
		"dataset.required_time": text("required (RFC 3339)"),
		"dataset.bad_id":        text("%q: ids are 1 to 128 ASCII letters, digits and _ - . : @, starting with a letter or digit"),
		"dataset.invalid_phone": text("%q is not a valid E.164 number (%s)"),
		"dataset.short_token":   text("a bearer token of at least 16 characters is required"),

		// Duplicates
		"dataset.duplicate_team_id":      text("duplicate team id %q"),
		"dataset.duplicate_team_name":    text("duplicate team name %q (also %s)"),
		"dataset.duplicate_user_id":      text("duplicate user id %q"),
		"dataset.duplicate_token":        text("duplicate token (also %s)"),
		"dataset.duplicate_number":       text("duplicate business number %s"),
		"dataset.duplicate_number_name":  text("duplicate number name %q (also %s)"),
		"dataset.duplicate_record_id":    text("duplicate record id %q (also %s)"),
		"dataset.duplicate_template_id":  text("duplicate template id %q"),
		"dataset.duplicate_work_item_id": text("duplicate work item id %q"),
		"dataset.duplicate_message_id":   text("duplicate message id %q"),

		// References to something the dataset does not hold
		"dataset.unknown_role":        text("unknown role %q (seller, manager, admin)"),
		"dataset.unknown_team":        text("unknown team %q"),
		"dataset.unknown_user":        text("unknown user %q"),
		"dataset.unknown_record":      text("unknown record %q"),
		"dataset.unknown_template":    text("unknown template %q"),
		"dataset.unknown_number_type": text("unknown number type %q (geo, short_code, toll_free)"),
		"dataset.unknown_record_type": text("unknown record type %q (contact, account, opportunity, lead)"),
		"dataset.unknown_phone_field": text("unknown phone field (business, mobile, main)"),
		"dataset.unknown_step":        text(`unknown step %q (only "text")`),
		"dataset.unknown_status":      text("unknown status %q"),
		"dataset.bad_owner_kind":      text(`must be "user" or "team", not %q`),
		"dataset.bad_direction":       text(`must be "inbound" or "outbound", not %q`),
		"dataset.foreign_number":      text("%s is not one of the numbers"),

		// Relations between records, numbers and messages
		"dataset.main_phone_accounts_only": text("only accounts have a main phone"),
		"dataset.contact_link":             text("only opportunities link to a contact"),
		"dataset.account_link":             text("only contacts and opportunities link to an account"),
		"dataset.wrong_record_type":        text("record %q is of type %s, not %s"),
		"dataset.inbound_author":           text("inbound messages have no author"),
		"dataset.conversation_conflict":    text("conversation %q already holds another record or pair of numbers"),

		// Templates
		"dataset.template_name_required": text("template name: required"),
		"dataset.template_body_required": text("template body: required"),
		"dataset.template_category":      text("template category: unknown category %q (want contact, account, opportunity or lead)"),
		"dataset.template_unterminated":  text("template body: placeholder %q: unterminated {{ (missing }})"),
		"dataset.template_malformed":     text("template body: placeholder %q: malformed placeholder (want {{FieldName}})"),
		"dataset.template_not_a_field":   text("template %s: placeholder %q: not a field of %s templates"),
		"dataset.template_invalid":       text("%s"),

		// Opt-outs and read marks
		"dataset.not_opt_out_keyword":  text("%q is not an opt-out keyword (%s)"),
		"dataset.duplicate_opt_out":    text("duplicate opt-out of %s (also %s)"),
		"dataset.unknown_conversation": text("unknown conversation %q"),
		"dataset.duplicate_read_mark":  text("duplicate read mark of %q on %q (also %s)"),
	}
}
