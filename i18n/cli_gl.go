package i18n

// galicianCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func galicianCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk (sen orde, axuda, orde descoñecida)
		"cli.usage": text(`uso: smsdesk <orde> [opcións]

ordes:
  demo      executar xuntos o servidor e a interface, sen conexión, con datos de demostración
  serve     executar o servidor (webhooks, REST, sincronización websocket)
  tui       executar o cliente de terminal contra un servidor
  admin     xestionar usuarios, equipos, números e axustes dun servidor en marcha
  loadtest  medir un servidor con moitos clientes conectados
  version   mostrar a versión de smsdesk

Executa «smsdesk <orde> -h» para ver as opcións dunha orde.
`),
		"cli.unknown_command": text("smsdesk: orde descoñecida «%s»"),

		// Opcións de todas as ordes (os erros do paquete flag, ditos de novo)
		"cli.flag.undefined":     text("opción descoñecida %s"),
		"cli.flag.needs_value":   text("a opción %s precisa un valor"),
		"cli.flag.invalid_value": text("valor %s non válido para a opción %s: %s"),
		"cli.flag.bad_syntax":    text("sintaxe de opción incorrecta: %s"),
		"cli.flag.parse_error":   text("non se entende"),
		"cli.flag.out_of_range":  text("fóra de rango"),
		"cli.flag.default":       text("%s (por defecto %s)"),
		"cli.flag.kind_string":   text("texto"),
		"cli.flag.kind_int":      text("número"),
		"cli.flag.kind_float":    text("número"),
		"cli.flag.kind_duration": text("duración"),
		"cli.flag.kind_value":    text("valor"),

		// Conxuntos de datos: o marco tradúcese; o problema en si (Msg) queda
		// no inglés do importador.
		"cli.dataset_error": text("conxunto de datos %s: %s"),

		// Roles, as the demo lists its users
		"cli.role.seller":  text("vendedor"),
		"cli.role.manager": text("xestor"),
		"cli.role.admin":   text("administrador"),

		// smsdesk demo
		"cli.demo.usage":           text("uso: smsdesk demo [--fresh] [--lang LINGUA] [--user ID] [--dir DIRECTORIO] [--serve-only [--addr HOST:PORTO]]"),
		"cli.demo.bad_addr":        text("--addr %q: agardábase host:porto (%s)"),
		"cli.demo.bad_flags":       text("smsdesk demo: %s"),
		"cli.demo.failed":          text("smsdesk demo: %s"),
		"cli.demo.flag_addr":       text("enderezo de escoita para --serve-only"),
		"cli.demo.flag_dir":        text("directorio dos datos da demostración (por defecto: smsdesk/demo no directorio de datos do usuario)"),
		"cli.demo.flag_fresh":      text("comezar de novo desde o conxunto de datos de demostración (borra os datos e a caché da demostración)"),
		"cli.demo.flag_lang":       text("lingua: en, fr ou gl (variable SMSDESK_LANG; por defecto segundo LC_ALL, LC_MESSAGES, LANG)"),
		"cli.demo.flag_serve_only": text("executar só o servidor de demostración e mostrar a orde smsdesk tui de cada usuario de demostración"),
		"cli.demo.flag_user":       text("usuario de demostración co que abrir a interface"),
		"cli.demo.locked":          text("smsdesk demo: a demostración de %s xa está en marcha. Péchaa primeiro ou pasa --dir para executar outra."),
		"cli.demo.no_dir":          text("smsdesk demo: non se pode escoller un directorio para os datos da demostración: %s (pasa --dir)"),
		"cli.demo.serving":         text("servidor de demostración de smsdesk en %s (datos en %s). Preme Ctrl+C para detelo."),
		"cli.demo.connect":         text("Conecta un terminal como cada usuario de demostración:"),
		"cli.demo.unknown_user":    text("smsdesk demo: non hai ningún usuario de demostración %q (un destes: %s)"),

		// smsdesk serve
		"cli.serve.usage":              text("uso: smsdesk serve [opcións]\n\nCada opción pode vir tamén de SMSDESK_<OPCIÓN> (por exemplo SMSDESK_TWILIO_AUTH_TOKEN).\n\nopcións:"),
		"cli.serve.flag_addr":          text("enderezo de escoita host:porto"),
		"cli.serve.flag_data":          text("directorio dos datos (contén smsdesk.db)"),
		"cli.serve.flag_dataset":       text("conxunto de datos JSON para encher un directorio de datos baleiro (ignórase se xa ten datos)"),
		"cli.serve.flag_provider":      text("provedor de SMS: sim ou twilio"),
		"cli.serve.flag_public_url":    text("URL na que o provedor chega a este servidor (twilio: obrigatoria; os webhooks asínanse con ela)"),
		"cli.serve.flag_twilio_sid":    text("Account SID de Twilio (AC…)"),
		"cli.serve.flag_twilio_token":  text("token de autenticación de Twilio"),
		"cli.serve.flag_twilio_api":    text("URL base da API REST de Twilio"),
		"cli.serve.flag_tls_cert":      text("ficheiro de certificado PEM: servir por HTTPS (e sincronizar por wss://); precisa --tls-key"),
		"cli.serve.flag_tls_key":       text("ficheiro de chave privada PEM para --tls-cert"),
		"cli.serve.flag_pprof_addr":    text("serve o perfilador de Go (net/http/pprof) neste enderezo local, p. ex. 127.0.0.1:6060; desactivado se está baleiro"),
		"cli.serve.pprof_not_loopback": text("--pprof-addr %s: o perfilador só escoita en local (127.0.0.1 ou [::1])"),
		"cli.serve.extra_arg":          text("argumento inesperado %q"),
		"cli.serve.bad_addr":           text("--addr %q: agardábase host:porto (por exemplo 127.0.0.1:8080): %s"),
		"cli.serve.need_data":          text("--data: o directorio de datos é obrigatorio"),
		"cli.serve.tls_pair":           text("--tls-cert e --tls-key van xuntos: dá os dous ficheiros ou ningún"),
		"cli.serve.bad_url":            text("%s %q: agardábase unha URL http(s) absoluta, sen usuario, consulta nin fragmento"),
		"cli.serve.twilio_needs_url":   text("--provider twilio precisa --public-url: Twilio asina os seus webhooks coa URL á que chama"),
		"cli.serve.bad_sid":            text("--twilio-account-sid %q: agardábase o Account SID de 34 caracteres que comeza por AC"),
		"cli.serve.twilio_needs_token": text("--provider twilio precisa --twilio-auth-token"),
		"cli.serve.bad_provider":       text("--provider %q: agardábase sim ou twilio"),
		"cli.serve.failed":             text("smsdesk serve: %s"),
		"cli.serve.listening":          text("smsdesk serve: escoitando en %s"),

		// smsdesk admin (administrators)
		"cli.admin.usage": text(`uso: smsdesk admin [--server URL] [--token TOKEN] <grupo> <verbo> [argumentos]

  --server  URL do servidor (variable SMSDESK_SERVER, por defecto http://127.0.0.1:8080)
  --token   o token dun administrador (ou, para numbers list/owner, dun xestor) (variable SMSDESK_TOKEN)

  users list
  users add ID --name NOME [--first-name N] [--last-name A] [--roles seller,manager,admin] [--teams t1,t2] [--language en]
  users rename ID NOME
  users roles ID seller,manager|none
  users teams ID t1,t2|none
  users token ID                 emitir un token novo (móstrase unha vez; o anterior deixa de funcionar)
  users revoke ID                revogar o token do usuario (REST 401, websocket pechado)
  teams list
  teams add ID NOME
  teams rename ID NOME
  teams members ID
  numbers list
  numbers add NÚMERO --name NOME --owner user:ID|team:ID [--type geo|toll_free]
  numbers rename NÚMERO NOME
  numbers type NÚMERO geo|toll_free
  numbers owner NÚMERO user:ID|team:ID
  numbers remove NÚMERO          as conversas seguen lexibles; o envío rexéitase
  records owner ID_REXISTRO user:ID|team:ID
  settings show
  settings notifications on|off
  provider show                  URL de retorno para pegar en Twilio, credenciais (token oculto)
  provider set [--account-sid AC…] [--auth-token-stdin]
  provider test --from NÚMERO --to NÚMERO [--body TEXTO]
  check                          verifica todo o ficheiro do almacén (administradores; bloquea as escrituras mentres tanto)
  backup FICHEIRO                copia coherente do smsdesk.db do servidor (escrita en 0600)
  export FICHEIRO                todo, como conxunto de datos para serve --dataset (escrito en 0600)
  audit [--limit N]              cambios administrativos, os máis recentes primeiro
`),
		"cli.admin.no_token":                 text("o token é obrigatorio: --token ou SMSDESK_TOKEN"),
		"cli.admin.unknown_group":            text("orde descoñecida %q (users, teams, numbers, records, settings, provider, check, backup, export, audit)"),
		"cli.admin.unknown_verb":             text("verbo descoñecido %q para %s"),
		"cli.admin.failed":                   text("smsdesk admin: %v\n"),
		"cli.admin.unreachable":              text("smsdesk admin: non se puido contactar co servidor en %s (intentouse %s %s).\nComproba que smsdesk serve está en marcha alí e que --server (ou SMSDESK_SERVER) é o seu enderezo, porto incluído.\ncausa: %v\n"),
		"cli.admin.token_once":               text("token de %s (móstrase unha soa vez, gárdao agora): %s\n"),
		"cli.admin.revoked":                  text("token de %s revogado\n"),
		"cli.admin.backup_done":              plural1("copia de seguridade: %d byte escrito en %s\nrestauración: detén o servidor, copia o ficheiro a DIR/smsdesk.db, executa smsdesk serve --data DIR\n", "copia de seguridade: %d bytes escritos en %s\nrestauración: detén o servidor, copia o ficheiro a DIR/smsdesk.db, executa smsdesk serve --data DIR\n"),
		"cli.admin.export_done":              plural1("exportación: %d byte escrito en %s\n", "exportación: %d bytes escritos en %s\n"),
		"cli.admin.export_note":              text("nota: cada usuario recibiu un token novo no ficheiro (os tokens gárdanse cifrados cun hash e non se poden exportar); garda o ficheiro en segredo\n"),
		"cli.admin.notif_on_off":             text("agardábase on ou off, non %q"),
		"cli.admin.want_args":                text("%s: agardábase %s"),
		"cli.admin.provider_set_args":        text("--account-sid AC… e/ou --auth-token-stdin"),
		"cli.admin.bad_owner":                text("propietario %q: agardábase user:ID ou team:ID"),
		"cli.admin.done":                     text("ok\n"),
		"cli.admin.active":                   text("activo"),
		"cli.admin.removed":                  text("retirado"),
		"cli.admin.on":                       text("activadas"),
		"cli.admin.off":                      text("desactivadas"),
		"cli.admin.set":                      text("definido"),
		"cli.admin.not_set":                  text("sen definir"),
		"cli.admin.provider":                 text("provedor"),
		"cli.admin.inbound_url":              text("URL de entrada («A message comes in»)"),
		"cli.admin.status_url":               text("URL de retorno do estado"),
		"cli.admin.account_sid":              text("Account SID de Twilio"),
		"cli.admin.auth_token":               text("token de autenticación de Twilio"),
		"cli.admin.col.id":                   text("ID"),
		"cli.admin.col.name":                 text("NOME"),
		"cli.admin.col.roles":                text("ROLES"),
		"cli.admin.col.teams":                text("EQUIPOS"),
		"cli.admin.col.token":                text("TOKEN"),
		"cli.admin.col.members":              text("MEMBROS"),
		"cli.admin.col.number":               text("NÚMERO"),
		"cli.admin.col.type":                 text("TIPO"),
		"cli.admin.col.owner":                text("PROPIETARIO"),
		"cli.admin.col.state":                text("ESTADO"),
		"cli.admin.col.org":                  text("ORGANIZACIÓN"),
		"cli.admin.col.in_app_notifications": text("NOTIFICACIÓNS NA APP"),
		"cli.admin.col.setting":              text("AXUSTE"),
		"cli.admin.col.value":                text("VALOR"),
		"cli.admin.col.provider_id":          text("ID DO PROVEDOR"),
		"cli.admin.col.status":               text("ESTADO"),
		"cli.admin.col.error_code":           text("CÓDIGO DE ERRO"),
		"cli.admin.col.seq":                  text("SEC"),
		"cli.admin.col.at":                   text("DATA"),
		"cli.admin.col.actor":                text("AUTOR"),
		"cli.admin.col.action":               text("ACCIÓN"),
		"cli.admin.col.target":               text("OBXECTIVO"),
		"cli.admin.col.before":               text("ANTES"),
		"cli.admin.col.after":                text("DESPOIS"),

		// smsdesk tui (liña de ordes)
		"cli.tui.usage":         text("uso: smsdesk tui --server URL --token TOKEN [--cache FICHEIRO] [--reset-cache] [--ca-cert FICHEIRO] [--lang LINGUA]"),
		"cli.tui.flag_server":   text("URL do servidor (variable SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("token de acceso (variable SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("ficheiro de caché (variable SMSDESK_CACHE; por defecto: un por servidor e token no directorio de caché do usuario)"),
		"cli.tui.flag_reset":    text("borrar a caché e sincronizala de novo desde o servidor (variable SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_ca_cert":  text("ficheiro PEM dunha autoridade de certificación privada na que confiar para un servidor https, ademais das do sistema (variable SMSDESK_CA_CERT)"),
		"cli.tui.flag_lang":     text("lingua: en, fr ou gl (variable SMSDESK_LANG; por defecto segundo LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui: --server (ou SMSDESK_SERVER) é obrigatorio"),
		"cli.tui.bad_server":    text("smsdesk tui: --server %q non é un enderezo de servidor: escríbeo como http://servidor:porto ou https://servidor"),
		"cli.tui.need_token":    text("smsdesk tui: --token (ou SMSDESK_TOKEN) é obrigatorio"),
		"cli.tui.bad_flags":     text("smsdesk tui: %s"),
		"cli.tui.cache_path":    text("smsdesk tui: non se pode escoller un ficheiro de caché: %s"),
		"cli.tui.cache_locked":  text("smsdesk tui: a caché %s está en uso por outro smsdesk. Péchao ou pasa --cache con outro ficheiro."),
		"cli.tui.cache_corrupt": text("smsdesk tui: a caché %s está danada. Executa de novo con --reset-cache para reconstruíla desde o servidor."),
		"cli.tui.cache_schema":  text("smsdesk tui: a caché %s foi escrita por outra versión. Executa de novo con --reset-cache para reconstruíla."),
		"cli.tui.cache_open":    text("smsdesk tui: non se pode abrir a caché: %s"),
		"cli.tui.ca_cert_read":  text("smsdesk tui: non se pode ler o certificado de autoridade %s: %s"),
		"cli.tui.ca_cert_none":  text("smsdesk tui: %s non contén ningún certificado PEM"),
		"cli.tui.extra_args":    text("argumentos inesperados: %s"),
		"cli.tui.failed":        text("smsdesk tui: %s"),
		"cli.tui.token_refused": text("smsdesk tui: o servidor %s rexeitou o teu token: é descoñecido, ou foi revogado ou substituído.\nPídelle un token novo ao teu administrador (smsdesk admin users token ID) e volve iniciar con --token (ou SMSDESK_TOKEN)."),
		"cli.tui.outbox_kept":   plural1("%d acción sen enviar queda na caché %s. Volve iniciar con --cache %s e o token novo para enviala.", "%d accións sen enviar quedan na caché %s. Volve iniciar con --cache %s e o token novo para envialas."),
	}
}
