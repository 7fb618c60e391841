package i18n

// galicianDemo holds the command line's messages about versions, the
// language flag and the demo's connection instructions.
func galicianDemo() map[Key]entry {
	return map[Key]entry{
		"cli.version":             text("smsdesk %s (revisión %s, compilado con %s)"),
		"cli.version.devel":       text("versión de desenvolvemento"),
		"cli.version.no_revision": text("descoñecida"),
		"cli.version.modified":    text("%s, con cambios locais"),
		"cli.lang.unknown":        text("smsdesk: non hai ningunha lingua «%s»; as linguas son: %s"),
		"cli.demo.from_source":    text("Non hai ningún binario smsdesk no teu PATH: executa estas ordes desde o directorio das fontes de smsdesk (ou instálao con `go install ./cmd/smsdesk`)."),
	}
}
