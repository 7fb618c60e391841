package i18n

// galicianCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func galicianCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk tui (liña de ordes)
		"cli.tui.usage":         text("uso: smsdesk tui --server URL --token TOKEN [--cache FICHEIRO] [--reset-cache] [--lang LINGUA]"),
		"cli.tui.flag_server":   text("URL do servidor (variable SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("token de acceso (variable SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("ficheiro de caché (variable SMSDESK_CACHE; por defecto: un por servidor e token no directorio de caché do usuario)"),
		"cli.tui.flag_reset":    text("borrar a caché e sincronizala de novo desde o servidor (variable SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_lang":     text("lingua: en, fr ou gl (variable SMSDESK_LANG; por defecto segundo LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui: --server (ou SMSDESK_SERVER) é obrigatorio"),
		"cli.tui.need_token":    text("smsdesk tui: --token (ou SMSDESK_TOKEN) é obrigatorio"),
		"cli.tui.bad_flags":     text("smsdesk tui: %s"),
		"cli.tui.cache_path":    text("smsdesk tui: non se pode escoller un ficheiro de caché: %s"),
		"cli.tui.cache_locked":  text("smsdesk tui: a caché %s está en uso por outro smsdesk. Péchao ou pasa --cache con outro ficheiro."),
		"cli.tui.cache_corrupt": text("smsdesk tui: a caché %s está danada. Executa de novo con --reset-cache para reconstruíla desde o servidor."),
		"cli.tui.cache_schema":  text("smsdesk tui: a caché %s foi escrita por outra versión. Executa de novo con --reset-cache para reconstruíla."),
		"cli.tui.cache_open":    text("smsdesk tui: non se pode abrir a caché: %s"),
		"cli.tui.extra_args":    text("argumentos inesperados: %s"),
		"cli.tui.failed":        text("smsdesk tui: %s"),
	}
}
