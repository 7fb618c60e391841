package i18n

// galicianWorklist holds the keys of the work list's step states, the skip
// and snooze pickers and the grid's opted-out marker.
func galicianWorklist() map[Key]entry {
	return map[Key]entry{
		"key.skip_step":   text("omitir"),
		"key.snooze_step": text("adiar"),

		"worklist.state_sending":     text("Enviando…"),
		"worklist.state_failed":      text("Fallou (%s)"),
		"worklist.state_opted_out":   text("Deuse de baixa"),
		"worklist.sending_detail":    text("A mensaxe vai de camiño: o paso queda feito cando o provedor a acepte."),
		"worklist.failed_detail":     text("A mensaxe fallou (%s). O paso volve: corrixe o número e envíaa de novo, ou omíteo."),
		"worklist.opted_out_detail":  text("O cliente deuse de baixa (STOP): o envío está rexeitado. Omite o paso, ou adíao ata que responda START."),
		"worklist.actions_hint":      text("intro: abrir · %s: omitir · %s: adiar"),
		"worklist.step_sending_next": text("Enviando a mensaxe; o paso queda feito cando a acepten. A continuación: %s (%s: lista de traballo)"),
		"worklist.step_sending_all":  text("Enviando a mensaxe; o paso queda feito cando a acepten. Non queda nada pendente."),
		"worklist.skip_title":        text("Omitir este paso: por que?"),
		"worklist.snooze_title":      text("Adiar este paso:"),
		"worklist.snooze_why":        text("Adiar este paso: por que?"),
		"worklist.picker_hint":       text("↑/↓: escoller · intro: confirmar · esc: cancelar"),
		"worklist.skipped":           text("Paso omitido: %s"),
		"worklist.snoozed":           text("Paso adiado ata %s: %s"),
		"worklist.step_refused":      text("O servidor rexeitou o cambio: %s"),

		"worklist.note_prompt": text("Coas túas palabras (opcional):"),
		"worklist.note_hint":   text("intro: confirmar · esc: volver ás razóns"),

		"worklist.snooze_1h": text("1 hora"),
		"worklist.snooze_4h": text("4 horas"),
		"worklist.snooze_1d": text("1 día"),
		"worklist.snooze_1w": text("1 semana"),

		"step_reason.opted_out":      text("Deuse de baixa (STOP)"),
		"step_reason.wrong_number":   text("Número equivocado"),
		"step_reason.not_interested": text("Non lle interesa"),
		"step_reason.call_instead":   text("Chamarei no seu lugar"),
		"step_reason.later":          text("Agora non"),
		"step_reason.other":          text("Outro"),

		"grid.opted_out": text("De baixa"),
	}
}
