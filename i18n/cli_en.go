package i18n

// englishCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func englishCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk tui (CLI)
		"cli.tui.usage":         text("usage: smsdesk tui --server URL --token TOKEN [--cache FILE] [--reset-cache] [--lang LANG]"),
		"cli.tui.flag_server":   text("server URL (env SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("access token (env SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("cache file (env SMSDESK_CACHE; default: per server and token in the user cache directory)"),
		"cli.tui.flag_reset":    text("delete the cache and sync it again from the server (env SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_lang":     text("language: en, fr or gl (env SMSDESK_LANG; default from LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui: --server (or SMSDESK_SERVER) is required"),
		"cli.tui.need_token":    text("smsdesk tui: --token (or SMSDESK_TOKEN) is required"),
		"cli.tui.bad_flags":     text("smsdesk tui: %s"),
		"cli.tui.cache_path":    text("smsdesk tui: cannot choose a cache file: %s"),
		"cli.tui.cache_locked":  text("smsdesk tui: the cache %s is in use by another smsdesk. Close it, or pass --cache with another file."),
		"cli.tui.cache_corrupt": text("smsdesk tui: the cache %s is damaged. Run again with --reset-cache to rebuild it from the server."),
		"cli.tui.cache_schema":  text("smsdesk tui: the cache %s was written by another version. Run again with --reset-cache to rebuild it."),
		"cli.tui.cache_open":    text("smsdesk tui: cannot open the cache: %s"),
		"cli.tui.extra_args":    text("unexpected arguments: %s"),
		"cli.tui.failed":        text("smsdesk tui: %s"),
	}
}
