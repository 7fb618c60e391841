package i18n

// galicianCheck: see englishCheck.
func galicianCheck() map[Key]entry {
	return map[Key]entry{
		"cli.admin.check_ok":       text("comprobación: %s está intacto (cada páxina, cada chave e a lista de páxinas libres comprobadas)\n"),
		"cli.admin.check_damaged":  plural1("comprobación: %d problema atopado, %s está DANADO:\n", "comprobación: %d problemas atopados, %s está DANADO (os primeiros):\n"),
		"cli.admin.check_recovery": text("recuperación: restaura smsdesk.db dunha copia de seguridade (smsdesk admin backup), ou móveo a un lado e volve cargalo con --dataset\n"),
	}
}
