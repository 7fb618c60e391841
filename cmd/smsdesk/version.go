package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"smsdesk/i18n"
)

// runVersion prints the module's version, the commit it was built from
// when Go recorded it, and the Go version: `smsdesk version` and
// `smsdesk --version`.
func runVersion(_ context.Context, env Env, args []string) int {
	t := tuiPrinter(env, args)
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(env.Stdout, versionLine(t, info))
	return 0
}

// versionLine says what build info holds: a "(devel)" main module is a
// development build; the VCS revision is shortened to 12 digits.
func versionLine(t *i18n.Printer, info *debug.BuildInfo) string {
	version, revision, goVersion := t.T("cli.version.devel"), t.T("cli.version.no_revision"), "?"
	if info == nil {
		return t.T("cli.version", version, revision, goVersion)
	}
	goVersion = info.GoVersion
	if v := info.Main.Version; v != "" && v != "(devel)" {
		version = v
	}
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified {
		revision = t.T("cli.version.modified", revision)
	}
	return t.T("cli.version", version, revision, goVersion)
}
