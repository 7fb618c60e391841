package i18n

// englishDemo holds the command line's messages about versions, the
// language flag and the demo's connection instructions.
func englishDemo() map[Key]entry {
	return map[Key]entry{
		"cli.version":             text("smsdesk %s (revision %s, built with %s)"),
		"cli.version.devel":       text("development build"),
		"cli.version.no_revision": text("unknown"),
		"cli.version.modified":    text("%s, with local changes"),
		"cli.lang.unknown":        text("smsdesk: there is no language “%s”; the languages are: %s"),
		"cli.demo.from_source":    text("There is no smsdesk binary on your PATH: run these from smsdesk's source directory (or install it with `go install ./cmd/smsdesk`)."),
	}
}
