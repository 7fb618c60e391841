package i18n

// galicianNotify holds the Galician keys of englishNotify.
func galicianNotify() map[Key]entry {
	return map[Key]entry{
		"key.mark_all_read":        text("marcar todo como lido"),
		"key.why_here":             text("por que aquí?"),
		"notify.no_seller_role":    text("Non recibes as mensaxes de texto entrantes: non tes o privilexio de vendedor. Pregúntalle ao teu administrador"),
		"why.title":                text("Por que está aquí esta mensaxe?"),
		"why.landed":               text("Chegou a %s (%s)."),
		"why.over_item":            text("  %s %s (%s)"),
		"why.over":                 text("Preferido a:"),
		"why.over_none":            text("Ningún outro rexistro competía."),
		"why.hidden":               text("un rexistro que non podes ver"),
		"why.more":                 plural1("  … e %d rexistro máis", "  … e %d rexistros máis"),
		"why.not_inbound":          text("Só se encamiñan as mensaxes do cliente."),
		"why.no_decision":          text("Esta mensaxe gardouse sen a súa decisión de encamiñamento."),
		"why.rule.only_candidate":  text("Só este rexistro ten o número do cliente ou unha conversa con el."),
		"why.rule.new_lead":        text("Ningún rexistro tiña o número do cliente: creouse un novo cliente potencial."),
		"why.rule.recent":          text("Ten a conversa máis recente con este cliente neste número."),
		"why.rule.addressed":       text("Pertence ao vendedor dono do número ao que escribiu o cliente."),
		"why.rule.team":            text("Pertence ao equipo dono do número, ou a un dos seus membros."),
		"why.rule.record_type":     text("O seu tipo vai primeiro (contacto, despois conta, oportunidade, cliente potencial)."),
		"why.rule.active":          text("Está activo; os outros non."),
		"why.rule.recently_update": text("É o actualizado máis recentemente."),
		"why.rule.record_id":       text("Os rexistros empatan en todas as regras; gardouse o primeiro identificador."),
		"why.rule.unknown":         text("Encamiñado pola regra %s."),
		"why.close":                text("esc pecha"),
	}
}
