package i18n

// galicianUnreachable holds what the TUI says while the server has not
// answered since start.
func galicianUnreachable() map[Key]entry {
	return map[Key]entry{
		"conn.unreachable":        text("Non se pode contactar co servidor %s."),
		"conn.unreachable_check":  text("Comprobe que smsdesk serve se está a executar alí e que --server (ou SMSDESK_SERVER) o indica; smsdesk segue a tentalo."),
		"conn.unreachable_cause":  text("Causa: %s"),
		"conn.offline_from_cache": text("Sen conexión, desde a caché deste dispositivo: %s aínda non responde. O que envíe sairá cando responda."),
	}
}
