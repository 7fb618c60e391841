package i18n

// galicianFailure holds the failure reasons' names and the failed message's keys.
func galicianFailure() map[Key]entry {
	return map[Key]entry{
		"reason_label.invalid_sending_parameters": text("Número rexeitado"),
		"reason_label.opted_out":                  text("Baixa solicitada"),
		"reason_label.unreachable":                text("Teléfono non dispoñible"),
		"reason_label.unknown_handset":            text("Número descoñecido"),
		"reason_label.landline":                   text("Non recibe SMS"),
		"reason_label.filtered":                   text("Filtrada polo operador"),
		"reason_label.blocked":                    text("Bloqueado"),
		"reason_label.not_permitted":              text("Non permitido"),
		"reason_label.unknown":                    text("Sen motivo"),
		"reason.provider_code":                    text("código do provedor %s"),
		"pane.retry_keys":                         text("%s envíaa de novo · %s escribe a outro número"),
		"pane.retry_key":                          text("%s envíaa de novo"),
		"pane.retry_queued":                       text("Enviada de novo ao %s."),
		"pane.retry_carried":                      text("O texto fallido está listo para enviar ao %s: intro envíao, esc gárdao como borrador."),
		"pane.retry_not_failed":                   text("Só unha mensaxe fallida se pode enviar de novo."),
		"key.retry":                               text("enviar de novo"),
	}
}
