package i18n

// frenchUnreachable holds what the TUI says while the server has not
// answered since start.
func frenchUnreachable() map[Key]entry {
	return map[Key]entry{
		"conn.unreachable":        text("Impossible de joindre le serveur %s."),
		"conn.unreachable_check":  text("Vérifiez que smsdesk serve y tourne et que --server (ou SMSDESK_SERVER) le désigne ; smsdesk réessaie."),
		"conn.unreachable_cause":  text("Cause : %s"),
		"conn.offline_from_cache": text("Hors ligne, depuis le cache de cet appareil : %s ne répond pas encore. Vos envois partiront dès qu’il répondra."),
	}
}
