package i18n

// galicianAdmin holds the keys of the administration the TUI offers (the
// Phone numbers screen for managers and admins) and of the notifications
// administration causes.
func galicianAdmin() map[Key]entry {
	return map[Key]entry{
		"key.phone_numbers": text("números de teléfono"),
		"key.change_owner":  text("cambiar de propietario"),
		"key.confirm_owner": text("escoller / confirmar"),

		"phone_numbers.view":          text("Números de teléfono"),
		"phone_numbers.owner_view":    text("Números de teléfono > Propietario"),
		"phone_numbers.count":         plural1("%d número da empresa", "%d números da empresa"),
		"phone_numbers.col_name":      text("Nome"),
		"phone_numbers.col_number":    text("Número"),
		"phone_numbers.col_type":      text("Tipo"),
		"phone_numbers.col_owner":     text("Propietario"),
		"phone_numbers.col_state":     text("Estado"),
		"phone_numbers.active":        text("Activo"),
		"phone_numbers.removed":       text("Eliminado"),
		"phone_numbers.pending":       text("◌ Pendente"),
		"phone_numbers.none":          text("Aínda non hai ningún número da empresa."),
		"phone_numbers.not_allowed":   text("Só os xestores e os administradores poden ver os números de teléfono."),
		"phone_numbers.queued":        text("%s pertence agora a %s; á espera do servidor."),
		"phone_numbers.confirmed":     text("O servidor confirmouno: %s pertence a %s."),
		"phone_numbers.refused":       text("O servidor rexeitou o novo propietario de %s: %s"),
		"phone_numbers.err_forbidden": text("só os xestores e os administradores poden reasignar un número"),
		"phone_numbers.err_number":    text("este número xa non existe"),
		"phone_numbers.err_owner":     text("este usuario ou equipo xa non existe"),

		"number_type.geo":        text("Xeográfico"),
		"number_type.toll_free":  text("Gratuíto"),
		"number_type.short_code": text("Número curto"),

		"owner_lookup.prompt":       text("Novo propietario de %s (%s):"),
		"owner_lookup.count":        plural1("%d resultado", "%d resultados"),
		"owner_lookup.col_name":     text("Usuario ou equipo"),
		"owner_lookup.col_kind":     text("Clase"),
		"owner_lookup.col_detail":   text("Detalles"),
		"owner_lookup.user":         text("Usuario"),
		"owner_lookup.team":         text("Equipo"),
		"owner_lookup.members":      plural1("%d membro", "%d membros"),
		"owner_lookup.current":      text("propietario actual"),
		"owner_lookup.none":         text("Ningún usuario nin equipo coincide."),
		"owner_lookup.confirm":      text("Dar %s (%s) a %s?"),
		"owner_lookup.confirm_keys": text("%s: confirmar · %s: escoller outro propietario"),
		"owner_lookup.change":       text("Propietario: %s → %s"),
		"owner_lookup.same":         text("%s xa pertence a %s."),

		"notify.privilege_revoked_role": text("%[2]s retirouche o rol de %[1]s; pregunta ao teu administrador"),
		"notify.an_administrator":       text("un administrador"),
	}
}
