package i18n

// galicianDataset holds the problems a dataset file can have
// (DatasetError's codes in package backend), said after the JSON path at
// fault. Field names, ids, enumerated values and the kinds of JSON value
// found ("string", "number"…) stay as the file writes them.
func galicianDataset() map[Key]entry {
	return map[Key]entry{
		// Descodificación: sintaxe e tipos JSON (o detalle de invalid_json
		// e truncated é o de encoding/json, en inglés)
		"dataset.invalid_json":  text("JSON non válido: %s"),
		"dataset.truncated":     text("o JSON remata antes de tempo (%s)"),
		"dataset.trailing_data": text("datos inesperados despois do valor"),
		"dataset.unknown_field": text("campo descoñecido"),
		"dataset.want_array":    text("debe ser unha matriz (valor JSON atopado: %s)"),
		"dataset.want_object":   text("debe ser un obxecto (valor JSON atopado: %s)"),
		"dataset.want_bool":     text("debe ser true ou false (valor JSON atopado: %s)"),
		"dataset.want_string":   text("debe ser unha cadea (valor JSON atopado: %s)"),
		"dataset.want_number":   text("debe ser un número (valor JSON atopado: %s)"),
		"dataset.want_type":     text("debe ser de tipo %s (valor JSON atopado: %s)"),
		"dataset.bad_time":      text("a data %q non está en formato RFC 3339 (2026-01-31T09:00:00Z)"),

		// Valores
		"dataset.required":      text("obrigatorio"),
		"dataset.required_time": text("obrigatorio (RFC 3339)"),
		"dataset.bad_id":        text("%q: un identificador ten de 1 a 128 letras ASCII, díxitos e _ - . : @, e comeza por unha letra ou un díxito"),
		"dataset.invalid_phone": text("%q non é un número E.164 válido (%s)"),
		"dataset.short_token":   text("precísase un token (bearer) de polo menos 16 caracteres"),

		// Duplicados
		"dataset.duplicate_team_id":      text("identificador de equipo %q duplicado"),
		"dataset.duplicate_team_name":    text("nome de equipo %q duplicado (tamén en %s)"),
		"dataset.duplicate_user_id":      text("identificador de usuario %q duplicado"),
		"dataset.duplicate_token":        text("token duplicado (tamén en %s)"),
		"dataset.duplicate_number":       text("número da empresa %s duplicado"),
		"dataset.duplicate_number_name":  text("nome de número %q duplicado (tamén en %s)"),
		"dataset.duplicate_record_id":    text("identificador de rexistro %q duplicado (tamén en %s)"),
		"dataset.duplicate_template_id":  text("identificador de modelo %q duplicado"),
		"dataset.duplicate_work_item_id": text("identificador de paso da lista de traballo %q duplicado"),
		"dataset.duplicate_message_id":   text("identificador de mensaxe %q duplicado"),

		// Referencias ao que o conxunto de datos non ten
		"dataset.unknown_role":        text("rol descoñecido %q (seller, manager, admin)"),
		"dataset.unknown_team":        text("equipo descoñecido %q"),
		"dataset.unknown_user":        text("usuario descoñecido %q"),
		"dataset.unknown_record":      text("rexistro descoñecido %q"),
		"dataset.unknown_template":    text("modelo descoñecido %q"),
		"dataset.unknown_number_type": text("tipo de número descoñecido %q (geo, short_code, toll_free)"),
		"dataset.unknown_record_type": text("tipo de rexistro descoñecido %q (contact, account, opportunity, lead)"),
		"dataset.unknown_phone_field": text("campo de teléfono descoñecido (business, mobile, main)"),
		"dataset.unknown_step":        text(`paso descoñecido %q (só "text")`),
		"dataset.unknown_status":      text("estado descoñecido %q"),
		"dataset.bad_owner_kind":      text(`debe ser "user" ou "team", non %q`),
		"dataset.bad_direction":       text(`debe ser "inbound" ou "outbound", non %q`),
		"dataset.foreign_number":      text("%s non é ningún dos números"),

		// Relacións entre rexistros, números e mensaxes
		"dataset.main_phone_accounts_only": text("só as contas teñen teléfono principal (main)"),
		"dataset.contact_link":             text("só as oportunidades se ligan a un contacto"),
		"dataset.account_link":             text("só os contactos e as oportunidades se ligan a unha conta"),
		"dataset.wrong_record_type":        text("o rexistro %q é de tipo %s, non %s"),
		"dataset.inbound_author":           text("as mensaxes entrantes non teñen autor"),
		"dataset.conversation_conflict":    text("a conversa %q xa une outro rexistro ou outro par de números"),

		// Modelos
		"dataset.template_name_required": text("o modelo precisa un nome"),
		"dataset.template_body_required": text("o modelo precisa un texto"),
		"dataset.template_category":      text("categoría de modelo descoñecida %q (agardábase contact, account, opportunity ou lead)"),
		"dataset.template_unterminated":  text("modelo: o marcador %q non está pechado (falta }})"),
		"dataset.template_malformed":     text("modelo: %q non é un marcador (escribe {{NomeDoCampo}})"),
		"dataset.template_not_a_field":   text("modelo (%[1]s): o marcador %[2]q non é un campo dos modelos de %[3]s"),
		"dataset.template_invalid":       text("modelo rexeitado: %s"),

		// Baixas (STOP) e marcas de lectura
		"dataset.not_opt_out_keyword":  text("%q non é unha palabra clave de baixa (%s)"),
		"dataset.duplicate_opt_out":    text("baixa de %s duplicada (tamén en %s)"),
		"dataset.unknown_conversation": text("conversa descoñecida %q"),
		"dataset.duplicate_read_mark":  text("marca de lectura de %q en %q duplicada (tamén en %s)"),
	}
}
