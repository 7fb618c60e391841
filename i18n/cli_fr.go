package i18n

// frenchCLI holds the messages of the command line: usage, flags and errors
// a seller reads from smsdesk's subcommands.
func frenchCLI() map[Key]entry {
	return map[Key]entry{
		// smsdesk (sans commande, aide, commande inconnue)
		"cli.usage": text(`usage : smsdesk <commande> [options]

commandes :
  demo      lancer ensemble le serveur et l’interface, hors ligne, avec des données de démonstration
  serve     lancer le serveur (webhooks, REST, synchronisation websocket)
  tui       lancer le client en terminal sur un serveur
  admin     gérer les utilisateurs, équipes, numéros et réglages d’un serveur en marche
  loadtest  mesurer un serveur sous de nombreux clients connectés
  version   afficher la version de smsdesk

Lancez « smsdesk <commande> -h » pour les options d’une commande.
`),
		"cli.unknown_command": text("smsdesk : commande inconnue « %s »"),

		// Options de toutes les commandes (les erreurs du paquet flag, redites)
		"cli.flag.undefined":     text("option inconnue %s"),
		"cli.flag.needs_value":   text("l’option %s attend une valeur"),
		"cli.flag.invalid_value": text("valeur %s invalide pour l’option %s : %s"),
		"cli.flag.bad_syntax":    text("syntaxe d’option incorrecte : %s"),
		"cli.flag.parse_error":   text("non comprise"),
		"cli.flag.out_of_range":  text("hors limites"),
		"cli.flag.default":       text("%s (par défaut %s)"),
		"cli.flag.kind_string":   text("texte"),
		"cli.flag.kind_int":      text("nombre"),
		"cli.flag.kind_float":    text("nombre"),
		"cli.flag.kind_duration": text("durée"),
		"cli.flag.kind_value":    text("valeur"),

		// Jeux de données : le cadre est traduit ; le problème lui-même (Msg)
		// reste l’anglais de l’importateur.
		"cli.dataset_error": text("jeu de données %s : %s"),

		// Roles, as the demo lists its users
		"cli.role.seller":  text("vendeur"),
		"cli.role.manager": text("responsable"),
		"cli.role.admin":   text("administrateur"),

		// smsdesk demo
		"cli.demo.usage":           text("usage : smsdesk demo [--fresh] [--lang LANGUE] [--user ID] [--dir RÉPERTOIRE] [--serve-only [--addr HÔTE:PORT]]"),
		"cli.demo.bad_addr":        text("--addr %q : hôte:port attendu (%s)"),
		"cli.demo.bad_flags":       text("smsdesk demo : %s"),
		"cli.demo.failed":          text("smsdesk demo : %s"),
		"cli.demo.flag_addr":       text("adresse d’écoute pour --serve-only"),
		"cli.demo.flag_dir":        text("répertoire des données de la démo (par défaut : smsdesk/demo dans le répertoire de données de l’utilisateur)"),
		"cli.demo.flag_fresh":      text("repartir du jeu de données de démonstration (supprime les données et le cache de la démo)"),
		"cli.demo.flag_lang":       text("langue : en, fr ou gl (variable SMSDESK_LANG ; par défaut selon LC_ALL, LC_MESSAGES, LANG)"),
		"cli.demo.flag_serve_only": text("lancer seulement le serveur de démo et afficher la commande smsdesk tui de chaque utilisateur de démo"),
		"cli.demo.flag_user":       text("utilisateur de démo sous lequel ouvrir l’interface"),
		"cli.demo.locked":          text("smsdesk demo : la démo de %s est déjà lancée. Quittez-la d’abord, ou passez --dir pour en lancer une autre."),
		"cli.demo.no_dir":          text("smsdesk demo : impossible de choisir un répertoire pour les données de la démo : %s (passez --dir)"),
		"cli.demo.serving":         text("serveur de démo smsdesk sur %s (données dans %s). Ctrl+C l’arrête."),
		"cli.demo.connect":         text("Connectez un terminal pour chaque utilisateur de démo :"),
		"cli.demo.unknown_user":    text("smsdesk demo : aucun utilisateur de démo %q (au choix : %s)"),

		// smsdesk serve
		"cli.serve.usage":              text("usage : smsdesk serve [options]\n\nChaque option peut aussi venir de SMSDESK_<OPTION> (par exemple SMSDESK_TWILIO_AUTH_TOKEN).\n\noptions :"),
		"cli.serve.flag_addr":          text("adresse d’écoute hôte:port"),
		"cli.serve.flag_data":          text("répertoire des données (contient smsdesk.db)"),
		"cli.serve.flag_dataset":       text("jeu de données JSON pour remplir un répertoire de données vide (ignoré s’il contient déjà des données)"),
		"cli.serve.flag_provider":      text("fournisseur SMS : sim ou twilio"),
		"cli.serve.flag_public_url":    text("URL à laquelle le fournisseur joint ce serveur (twilio : obligatoire ; les webhooks sont signés avec elle)"),
		"cli.serve.flag_twilio_sid":    text("Account SID Twilio (AC…)"),
		"cli.serve.flag_twilio_token":  text("jeton d’authentification Twilio"),
		"cli.serve.flag_twilio_api":    text("URL de base de l’API REST de Twilio"),
		"cli.serve.flag_tls_cert":      text("fichier de certificat PEM : servir en HTTPS (et synchroniser en wss://) ; demande --tls-key"),
		"cli.serve.flag_tls_key":       text("fichier de clé privée PEM pour --tls-cert"),
		"cli.serve.flag_pprof_addr":    text("sert le profileur de Go (net/http/pprof) sur cette adresse locale, par ex. 127.0.0.1:6060 ; désactivé si vide"),
		"cli.serve.pprof_not_loopback": text("--pprof-addr %s : le profileur n'écoute qu'en local (127.0.0.1 ou [::1])"),
		"cli.serve.extra_arg":          text("argument inattendu %q"),
		"cli.serve.bad_addr":           text("--addr %q : hôte:port attendu (par exemple 127.0.0.1:8080) : %s"),
		"cli.serve.need_data":          text("--data : un répertoire de données est obligatoire"),
		"cli.serve.tls_pair":           text("--tls-cert et --tls-key vont ensemble : donnez les deux fichiers ou aucun"),
		"cli.serve.bad_url":            text("%s %q : une URL http(s) absolue est attendue, sans utilisateur, requête ni fragment"),
		"cli.serve.twilio_needs_url":   text("--provider twilio demande --public-url : Twilio signe ses webhooks avec l’URL qu’il appelle"),
		"cli.serve.bad_sid":            text("--twilio-account-sid %q : l’Account SID de 34 caractères commençant par AC est attendu"),
		"cli.serve.twilio_needs_token": text("--provider twilio demande --twilio-auth-token"),
		"cli.serve.bad_provider":       text("--provider %q : sim ou twilio attendu"),
		"cli.serve.failed":             text("smsdesk serve : %s"),
		"cli.serve.listening":          text("smsdesk serve : à l’écoute sur %s"),

		// smsdesk admin (administrators)
		"cli.admin.usage": text(`usage : smsdesk admin [--server URL] [--token JETON] <groupe> <verbe> [arguments]

  --server  URL du serveur (variable SMSDESK_SERVER, par défaut http://127.0.0.1:8080)
  --token   le jeton d’un administrateur (ou, pour numbers list/owner, d’un responsable) (variable SMSDESK_TOKEN)

  users list
  users add ID --name NOM [--first-name P] [--last-name N] [--roles seller,manager,admin] [--teams t1,t2] [--language en]
  users rename ID NOM
  users roles ID seller,manager|none
  users teams ID t1,t2|none
  users token ID                 émettre un nouveau jeton (affiché une fois ; l’ancien cesse de fonctionner)
  users revoke ID                révoquer le jeton de l’utilisateur (REST 401, websocket fermé)
  teams list
  teams add ID NOM
  teams rename ID NOM
  teams members ID
  numbers list
  numbers add NUMÉRO --name NOM --owner user:ID|team:ID [--type geo|toll_free]
  numbers rename NUMÉRO NOM
  numbers type NUMÉRO geo|toll_free
  numbers owner NUMÉRO user:ID|team:ID
  numbers remove NUMÉRO          les conversations restent lisibles ; l’envoi est refusé
  records owner ID_ENREGISTREMENT user:ID|team:ID
  settings show
  settings notifications on|off
  provider show                  URL de rappel à coller dans Twilio, identifiants (jeton masqué)
  provider set [--account-sid AC…] [--auth-token-stdin]
  provider test --from NUMÉRO --to NUMÉRO [--body TEXTE]
  check                          vérifie tout le fichier du magasin (administrateurs ; bloque les écritures pendant ce temps)
  backup FICHIER                 copie cohérente du smsdesk.db du serveur (écrite en 0600)
  export FICHIER                 tout, en jeu de données pour serve --dataset (écrit en 0600)
  audit [--limit N]              modifications administratives, les plus récentes d’abord
`),
		"cli.admin.no_token":                 text("un jeton est obligatoire : --token ou SMSDESK_TOKEN"),
		"cli.admin.unknown_group":            text("commande inconnue %q (users, teams, numbers, records, settings, provider, check, backup, export, audit)"),
		"cli.admin.unknown_verb":             text("verbe inconnu %q pour %s"),
		"cli.admin.failed":                   text("smsdesk admin : %v\n"),
		"cli.admin.unreachable":              text("smsdesk admin : impossible de joindre le serveur à l’adresse %s (tentative : %s %s).\nVérifiez que smsdesk serve y est lancé et que --server (ou SMSDESK_SERVER) indique bien son adresse, port compris.\ncause : %v\n"),
		"cli.admin.token_once":               text("jeton de %s (affiché une seule fois, conservez-le maintenant) : %s\n"),
		"cli.admin.revoked":                  text("jeton de %s révoqué\n"),
		"cli.admin.backup_done":              plural1("sauvegarde : %d octet écrit dans %s\nrestauration : arrêtez le serveur, copiez le fichier vers RÉP/smsdesk.db, lancez smsdesk serve --data RÉP\n", "sauvegarde : %d octets écrits dans %s\nrestauration : arrêtez le serveur, copiez le fichier vers RÉP/smsdesk.db, lancez smsdesk serve --data RÉP\n"),
		"cli.admin.export_done":              plural1("export : %d octet écrit dans %s\n", "export : %d octets écrits dans %s\n"),
		"cli.admin.export_note":              text("note : chaque utilisateur a reçu un nouveau jeton dans le fichier (les jetons sont stockés hachés et ne peuvent pas être exportés) ; gardez le fichier secret\n"),
		"cli.admin.notif_on_off":             text("on ou off attendu, pas %q"),
		"cli.admin.want_args":                text("%s : attendu %s"),
		"cli.admin.provider_set_args":        text("--account-sid AC… et/ou --auth-token-stdin"),
		"cli.admin.bad_owner":                text("propriétaire %q : user:ID ou team:ID attendu"),
		"cli.admin.done":                     text("ok\n"),
		"cli.admin.active":                   text("actif"),
		"cli.admin.removed":                  text("retiré"),
		"cli.admin.on":                       text("activées"),
		"cli.admin.off":                      text("désactivées"),
		"cli.admin.set":                      text("défini"),
		"cli.admin.not_set":                  text("non défini"),
		"cli.admin.provider":                 text("fournisseur"),
		"cli.admin.inbound_url":              text("URL entrante (« A message comes in »)"),
		"cli.admin.status_url":               text("URL de rappel d’état"),
		"cli.admin.account_sid":              text("Account SID Twilio"),
		"cli.admin.auth_token":               text("jeton d’authentification Twilio"),
		"cli.admin.col.id":                   text("ID"),
		"cli.admin.col.name":                 text("NOM"),
		"cli.admin.col.roles":                text("RÔLES"),
		"cli.admin.col.teams":                text("ÉQUIPES"),
		"cli.admin.col.token":                text("JETON"),
		"cli.admin.col.members":              text("MEMBRES"),
		"cli.admin.col.number":               text("NUMÉRO"),
		"cli.admin.col.type":                 text("TYPE"),
		"cli.admin.col.owner":                text("PROPRIÉTAIRE"),
		"cli.admin.col.state":                text("ÉTAT"),
		"cli.admin.col.org":                  text("ORGANISATION"),
		"cli.admin.col.in_app_notifications": text("NOTIFICATIONS DANS L’APPLI"),
		"cli.admin.col.setting":              text("RÉGLAGE"),
		"cli.admin.col.value":                text("VALEUR"),
		"cli.admin.col.provider_id":          text("ID FOURNISSEUR"),
		"cli.admin.col.status":               text("STATUT"),
		"cli.admin.col.error_code":           text("CODE D’ERREUR"),
		"cli.admin.col.seq":                  text("SÉQ"),
		"cli.admin.col.at":                   text("DATE"),
		"cli.admin.col.actor":                text("AUTEUR"),
		"cli.admin.col.action":               text("ACTION"),
		"cli.admin.col.target":               text("CIBLE"),
		"cli.admin.col.before":               text("AVANT"),
		"cli.admin.col.after":                text("APRÈS"),

		// smsdesk tui (ligne de commande)
		"cli.tui.usage":         text("usage : smsdesk tui --server URL --token JETON [--cache FICHIER] [--reset-cache] [--ca-cert FICHIER] [--lang LANGUE]"),
		"cli.tui.flag_server":   text("URL du serveur (variable SMSDESK_SERVER)"),
		"cli.tui.flag_token":    text("jeton d’accès (variable SMSDESK_TOKEN)"),
		"cli.tui.flag_cache":    text("fichier de cache (variable SMSDESK_CACHE ; par défaut : un par serveur et jeton dans le répertoire de cache de l’utilisateur)"),
		"cli.tui.flag_reset":    text("supprimer le cache et le resynchroniser depuis le serveur (variable SMSDESK_RESET_CACHE)"),
		"cli.tui.flag_ca_cert":  text("fichier PEM d’une autorité de certification privée à accepter pour un serveur https, en plus de celles du système (variable SMSDESK_CA_CERT)"),
		"cli.tui.flag_lang":     text("langue : en, fr ou gl (variable SMSDESK_LANG ; par défaut selon LC_ALL, LC_MESSAGES, LANG)"),
		"cli.tui.need_server":   text("smsdesk tui : --server (ou SMSDESK_SERVER) est obligatoire"),
		"cli.tui.bad_server":    text("smsdesk tui : --server %q n’est pas une adresse de serveur : écrivez-la http://hôte:port ou https://hôte"),
		"cli.tui.need_token":    text("smsdesk tui : --token (ou SMSDESK_TOKEN) est obligatoire"),
		"cli.tui.bad_flags":     text("smsdesk tui : %s"),
		"cli.tui.cache_path":    text("smsdesk tui : impossible de choisir un fichier de cache : %s"),
		"cli.tui.cache_locked":  text("smsdesk tui : le cache %s est utilisé par un autre smsdesk. Fermez-le ou passez --cache avec un autre fichier."),
		"cli.tui.cache_corrupt": text("smsdesk tui : le cache %s est endommagé. Relancez avec --reset-cache pour le reconstruire depuis le serveur."),
		"cli.tui.cache_schema":  text("smsdesk tui : le cache %s a été écrit par une autre version. Relancez avec --reset-cache pour le reconstruire."),
		"cli.tui.cache_open":    text("smsdesk tui : impossible d’ouvrir le cache : %s"),
		"cli.tui.ca_cert_read":  text("smsdesk tui : impossible de lire le certificat d’autorité %s : %s"),
		"cli.tui.ca_cert_none":  text("smsdesk tui : %s ne contient aucun certificat PEM"),
		"cli.tui.extra_args":    text("arguments inattendus : %s"),
		"cli.tui.failed":        text("smsdesk tui : %s"),
		"cli.tui.token_refused": text("smsdesk tui : le serveur %s a refusé votre jeton : il est inconnu, ou il a été révoqué ou remplacé.\nDemandez un nouveau jeton à votre administrateur (smsdesk admin users token ID), puis relancez avec --token (ou SMSDESK_TOKEN)."),
		"cli.tui.outbox_kept":   plural1("%d action non envoyée reste dans le cache %s. Relancez avec --cache %s et le nouveau jeton pour l'envoyer.", "%d actions non envoyées restent dans le cache %s. Relancez avec --cache %s et le nouveau jeton pour les envoyer."),
	}
}
