package i18n

// englishCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func englishCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk (no command, help, unknown command)
		"cli.usage": text(`usage: smsdesk <command> [flags]

commands:
  demo      run the backend and the TUI together, offline, with demo data
  serve     run the backend (webhooks, REST, websocket sync)
  tui       run the terminal client against a server
  admin     manage users, teams, numbers and settings of a running server
  loadtest  measure a server under many connected clients
  version   print smsdesk's version

Run 'smsdesk <command> -h' for a command's flags.
`),
		"cli.unknown_command": text("smsdesk: unknown command “%s”"),

		// Flags of every command (the flag package's errors, said again)
		"cli.flag.undefined":     text("unknown flag %s"),
		"cli.flag.needs_value":   text("the flag %s needs a value"),
		"cli.flag.invalid_value": text("invalid value %s for the flag %s: %s"),
		"cli.flag.bad_syntax":    text("bad flag syntax: %s"),
		"cli.flag.parse_error":   text("not understood"),
		"cli.flag.out_of_range":  text("out of range"),
		"cli.flag.default":       text("%s (default %s)"),
		"cli.flag.kind_string":   text("string"),
		"cli.flag.kind_int":      text("number"),
		"cli.flag.kind_float":    text("number"),
		"cli.flag.kind_duration": text("duration"),
		"cli.flag.kind_value":    text("value"),

		// Datasets: the frame; the problem inside it comes from its code in
		// dataset_*.go.
		"cli.dataset_error": text("dataset %s: %s"),

		// Roles, as the demo lists its users
		"cli.role.seller":  text("seller"),
		"cli.role.manager": text("manager"),
		"cli.role.admin":   text("admin"),

		// smsdesk demo
		"cli.demo.usage":           text("usage: smsdesk demo [--fresh] [--lang LANG] [--user ID] [--dir DIR] [--serve-only [--addr HOST:PORT]]"),
		"cli.demo.bad_addr":        text("--addr %q: expected host:port (%s)"),
		"cli.demo.bad_flags":       text("smsdesk demo: %s"),
		"cli.demo.failed":          text("smsdesk demo: %s"),
		"cli.demo.flag_addr":       text("listen address for --serve-only"),
		"cli.demo.flag_dir":        text("directory of the demo's data (default: smsdesk/demo in the user data directory)"),
		"cli.demo.flag_fresh":      text("start over from the demo dataset (deletes the demo's data and cache)"),
		"cli.demo.flag_lang":       text("language: en, fr or gl (env SMSDESK_LANG; default from LC_ALL, LC_MESSAGES, LANG)"),
		"cli.demo.flag_serve_only": text("run only the demo backend and print each demo user's smsdesk tui command"),
		"cli.demo.flag_user":       text("demo user to open the TUI as"),
		"cli.demo.locked":          text("smsdesk demo: the demo in %s is already running. Quit it first, or pass --dir to run another one."),
		"cli.demo.no_dir":          text("smsdesk demo: cannot choose a directory for the demo's data: %s (pass --dir)"),
		"cli.demo.serving":         text("smsdesk demo backend on %s (data in %s). Ctrl+C stops it."),
		"cli.demo.connect":         text("Connect a terminal as each demo user:"),
		"cli.demo.unknown_user":    text("smsdesk demo: no demo user %q (one of: %s)"),

		// smsdesk serve
		"cli.serve.usage":              text("usage: smsdesk serve [flags]\n\nEach flag can also be set with SMSDESK_<FLAG> (e.g. SMSDESK_TWILIO_AUTH_TOKEN).\n\nflags:"),
		"cli.serve.flag_addr":          text("listen address host:port"),
		"cli.serve.flag_data":          text("data directory (holds smsdesk.db)"),
		"cli.serve.flag_dataset":       text("JSON dataset to seed an empty data directory (ignored when it holds data)"),
		"cli.serve.flag_provider":      text("SMS provider: sim or twilio"),
		"cli.serve.flag_public_url":    text("URL the provider reaches this server at (twilio: required; webhooks are signed against it)"),
		"cli.serve.flag_twilio_sid":    text("Twilio Account SID (AC…)"),
		"cli.serve.flag_twilio_token":  text("Twilio auth token"),
		"cli.serve.flag_twilio_api":    text("Twilio REST API base URL"),
		"cli.serve.flag_tls_cert":      text("PEM certificate file: serve HTTPS (and wss:// sync); needs --tls-key"),
		"cli.serve.flag_tls_key":       text("PEM private key file for --tls-cert"),
		"cli.serve.flag_pprof_addr":    text("serve Go's profiler (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060; off when empty"),
		"cli.serve.pprof_not_loopback": text("--pprof-addr %s: the profiler listens on loopback only (127.0.0.1 or [::1])"),
		"cli.serve.extra_arg":          text("unexpected argument %q"),
		"cli.serve.bad_addr":           text("--addr %q: want host:port (e.g. 127.0.0.1:8080): %s"),
		"cli.serve.need_data":          text("--data: a data directory is required"),
		"cli.serve.tls_pair":           text("--tls-cert and --tls-key go together: give both files or neither"),
		"cli.serve.bad_url":            text("%s %q: want an absolute http(s) URL, without user, query or fragment"),
		"cli.serve.twilio_needs_url":   text("--provider twilio needs --public-url: Twilio signs its webhooks with the URL it calls"),
		"cli.serve.bad_sid":            text("--twilio-account-sid %q: want the 34-character Account SID starting with AC"),
		"cli.serve.twilio_needs_token": text("--provider twilio needs --twilio-auth-token"),
		"cli.serve.bad_provider":       text("--provider %q: want sim or twilio"),
		"cli.serve.failed":             text("smsdesk serve: %s"),
		"cli.serve.listening":          text("smsdesk serve: listening on %s"),

		// smsdesk admin (administrators)
		"cli.admin.usage": text(`usage: smsdesk admin [--server URL] [--token TOKEN] <group> <verb> [args]

  --server  server URL (env SMSDESK_SERVER, default http://127.0.0.1:8080)
  --token   an admin's (or, for numbers list/owner, a manager's) bearer token (env SMSDESK_TOKEN)

  users list
  users add ID --name NAME [--first-name F] [--last-name L] [--roles seller,manager,admin] [--teams t1,t2] [--language en]
  users rename ID NAME
  users roles ID seller,manager|none
  users teams ID t1,t2|none
  users token ID                 issue a new token (shown once; the old one stops working)
  users revoke ID                revoke the user's token (REST 401, websocket closed)
  teams list
  teams add ID NAME
  teams rename ID NAME
  teams members ID
  numbers list
  numbers add NUMBER --name NAME --owner user:ID|team:ID [--type geo|toll_free]
  numbers rename NUMBER NAME
  numbers type NUMBER geo|toll_free
  numbers owner NUMBER user:ID|team:ID
  numbers remove NUMBER          conversations stay readable; sending is refused
  records owner RECORD_ID user:ID|team:ID
  settings show
  settings notifications on|off
  provider show                  callback URLs to paste into Twilio, credentials (token masked)
  provider set [--account-sid AC…] [--auth-token-stdin]
  provider test --from NUMBER --to NUMBER [--body TEXT]
  check                          verify the whole store file (admins; blocks writes while it runs)
  backup FILE                    consistent copy of the server's smsdesk.db (written 0600)
  export FILE                    everything as a dataset file for serve --dataset (written 0600)
  audit [--limit N]              administrative changes, newest first
`),
		"cli.admin.no_token":                 text("a token is required: --token or SMSDESK_TOKEN"),
		"cli.admin.unknown_group":            text("unknown command %q (users, teams, numbers, records, settings, provider, check, backup, export, audit)"),
		"cli.admin.unknown_verb":             text("unknown verb %q for %s"),
		"cli.admin.failed":                   text("smsdesk admin: %v\n"),
		"cli.admin.unreachable":              text("smsdesk admin: could not reach the server at %s (tried %s %s).\nCheck that smsdesk serve is running there and that --server (or SMSDESK_SERVER) is its address, port included.\ncause: %v\n"),
		"cli.admin.token_once":               text("token for %s (shown once, store it now): %s\n"),
		"cli.admin.revoked":                  text("token of %s revoked\n"),
		"cli.admin.backup_done":              plural1("backup: %d byte written to %s\nrestore: stop the server, copy the file to DIR/smsdesk.db, start smsdesk serve --data DIR\n", "backup: %d bytes written to %s\nrestore: stop the server, copy the file to DIR/smsdesk.db, start smsdesk serve --data DIR\n"),
		"cli.admin.export_done":              plural1("export: %d byte written to %s\n", "export: %d bytes written to %s\n"),
		"cli.admin.export_note":              text("note: every user got a fresh token in the file (tokens are stored hashed and cannot be exported); keep the file secret\n"),
		"cli.admin.notif_on_off":             text("want on or off, not %q"),
		"cli.admin.want_args":                text("%s: want %s"),
		"cli.admin.provider_set_args":        text("--account-sid AC… and/or --auth-token-stdin"),
		"cli.admin.bad_owner":                text("owner %q: want user:ID or team:ID"),
		"cli.admin.done":                     text("ok\n"),
		"cli.admin.active":                   text("active"),
		"cli.admin.removed":                  text("removed"),
		"cli.admin.on":                       text("on"),
		"cli.admin.off":                      text("off"),
		"cli.admin.set":                      text("set"),
		"cli.admin.not_set":                  text("not set"),
		"cli.admin.provider":                 text("provider"),
		"cli.admin.inbound_url":              text("inbound URL (A message comes in)"),
		"cli.admin.status_url":               text("status callback URL"),
		"cli.admin.account_sid":              text("Twilio Account SID"),
		"cli.admin.auth_token":               text("Twilio auth token"),
		"cli.admin.col.id":                   text("ID"),
		"cli.admin.col.name":                 text("NAME"),
		"cli.admin.col.roles":                text("ROLES"),
		"cli.admin.col.teams":                text("TEAMS"),
		"cli.admin.col.token":                text("TOKEN"),
		"cli.admin.col.members":              text("MEMBERS"),
		"cli.admin.col.number":               text("NUMBER"),
		"cli.admin.col.type":                 text("TYPE"),
		"cli.admin.col.owner":                text("OWNER"),
		"cli.admin.col.state":                text("STATE"),
		"cli.admin.col.org":                  text("ORG"),
		"cli.admin.col.in_app_notifications": text("IN-APP NOTIFICATIONS"),
		"cli.admin.col.setting":              text("SETTING"),
		"cli.admin.col.value":                text("VALUE"),
		"cli.admin.col.provider_id":          text("PROVIDER ID"),
		"cli.admin.col.status":               text("STATUS"),
		"cli.admin.col.error_code":           text("ERROR CODE"),
		"cli.admin.col.seq":                  text("SEQ"),
		"cli.admin.col.at":                   text("AT"),
		"cli.admin.col.actor":                text("ACTOR"),
		"cli.admin.col.action":               text("ACTION"),
		"cli.admin.col.target":               text("TARGET"),
		"cli.admin.col.before":               text("BEFORE"),
		"cli.admin.col.after":                text("AFTER"),

		// smsdesk tui (CLI)
		"cli.tui.usage":         text("usage: smsdesk tui --server URL --token TOKEN [--cache FILE] [--reset-cache] [--ca-cert FILE] [--lang LANG]"),
		"cli.tui.flag_server":   text("server URL (env SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("access token (env SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("cache file (env SMSDESK_CACHE; default: per server and token in the user cache directory)"),
		"cli.tui.flag_reset":    text("delete the cache and sync it again from the server (env SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_ca_cert":  text("PEM file of a private CA to trust for an https server, besides the system's (env SMSDESK_CA_CERT)"),
		"cli.tui.flag_lang":     text("language: en, fr or gl (env SMSDESK_LANG; default from LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui: --server (or SMSDESK_SERVER) is required"),
		"cli.tui.bad_server":    text("smsdesk tui: --server %q is not a server address: write it as http://host:port or https://host"),
		"cli.tui.need_token":    text("smsdesk tui: --token (or SMSDESK_TOKEN) is required"),
		"cli.tui.bad_flags":     text("smsdesk tui: %s"),
		"cli.tui.cache_path":    text("smsdesk tui: cannot choose a cache file: %s"),
		"cli.tui.cache_locked":  text("smsdesk tui: the cache %s is in use by another smsdesk. Close it, or pass --cache with another file."),
		"cli.tui.cache_corrupt": text("smsdesk tui: the cache %s is damaged. Run again with --reset-cache to rebuild it from the server."),
		"cli.tui.cache_schema":  text("smsdesk tui: the cache %s was written by another version. Run again with --reset-cache to rebuild it."),
		"cli.tui.cache_open":    text("smsdesk tui: cannot open the cache: %s"),
		"cli.tui.ca_cert_read":  text("smsdesk tui: cannot read the CA certificate %s: %s"),
		"cli.tui.ca_cert_none":  text("smsdesk tui: %s holds no PEM certificate to trust"),
		"cli.tui.extra_args":    text("unexpected arguments: %s"),
		"cli.tui.failed":        text("smsdesk tui: %s"),
		"cli.tui.token_refused": text("smsdesk tui: the server at %s refused your token: it is unknown, or it was revoked or replaced.\nAsk your administrator for a new token (smsdesk admin users token ID), then start again with --token (or SMSDESK_TOKEN)."),
		"cli.tui.outbox_kept":   plural1("%d unsent action stays in the cache %s. Start with --cache %s and the new token to send it.", "%d unsent actions stay in the cache %s. Start with --cache %s and the new token to send them."),
	}
}
