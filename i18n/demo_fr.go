package i18n

// frenchDemo holds the command line's messages about versions, the
// language flag and the demo's connection instructions.
func frenchDemo() map[Key]entry {
	return map[Key]entry{
		"cli.version":             text("smsdesk %s (révision %s, compilé avec %s)"),
		"cli.version.devel":       text("version de développement"),
		"cli.version.no_revision": text("inconnue"),
		"cli.version.modified":    text("%s, avec des modifications locales"),
		"cli.lang.unknown":        text("smsdesk : il n’y a pas de langue « %s » ; les langues sont : %s"),
		"cli.demo.from_source":    text("Il n’y a pas de binaire smsdesk dans votre PATH : lancez ces commandes depuis le répertoire des sources de smsdesk (ou installez-le avec `go install ./cmd/smsdesk`)."),
	}
}
