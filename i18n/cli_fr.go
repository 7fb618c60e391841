package i18n

// frenchCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func frenchCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk tui (ligne de commande)
		"cli.tui.usage":         text("usage : smsdesk tui --server URL --token JETON [--cache FICHIER] [--reset-cache] [--lang LANGUE]"),
		"cli.tui.flag_server":   text("URL du serveur (variable SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("jeton d’accès (variable SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("fichier de cache (variable SMSDESK_CACHE ; par défaut : un par serveur et jeton dans le répertoire de cache de l’utilisateur)"),
		"cli.tui.flag_reset":    text("supprimer le cache et le resynchroniser depuis le serveur (variable SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_lang":     text("langue : en, fr ou gl (variable SMSDESK_LANG ; par défaut selon LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui : --server (ou SMSDESK_SERVER) est obligatoire"),
		"cli.tui.need_token":    text("smsdesk tui : --token (ou SMSDESK_TOKEN) est obligatoire"),
		"cli.tui.bad_flags":     text("smsdesk tui : %s"),
		"cli.tui.cache_path":    text("smsdesk tui : impossible de choisir un fichier de cache : %s"),
		"cli.tui.cache_locked":  text("smsdesk tui : le cache %s est utilisé par un autre smsdesk. Fermez-le ou passez --cache avec un autre fichier."),
		"cli.tui.cache_corrupt": text("smsdesk tui : le cache %s est endommagé. Relancez avec --reset-cache pour le reconstruire depuis le serveur."),
		"cli.tui.cache_schema":  text("smsdesk tui : le cache %s a été écrit par une autre version. Relancez avec --reset-cache pour le reconstruire."),
		"cli.tui.cache_open":    text("smsdesk tui : impossible d’ouvrir le cache : %s"),
		"cli.tui.extra_args":    text("arguments inattendus : %s"),
		"cli.tui.failed":        text("smsdesk tui : %s"),
	}
}
