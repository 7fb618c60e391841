package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"smsdesk/i18n"
)

// `--lang de` (or SMSDESK_LANG=de) names a language smsdesk does not
// speak: every command refuses it and lists the languages there are,
// rather than run silently in English.
func TestUnknownLanguageIsRefusedByEveryCommand(t *testing.T) {
	for _, args := range [][]string{
		{"tui", "--lang", "de"},
		{"demo", "--lang=de", "--addr", "8080"},
		{"serve", "--lang", "de", "--addr", "nonsense"},
		{"admin", "--lang", "de", "users", "list"},
		{"admin", "users", "list", "--lang", "de"},
	} {
		code, out := runWith(t, nil, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, out)
		}
		mustSay(t, out, `“de”`, "en, fr, gl")
	}
	code, out := runWith(t, map[string]string{"SMSDESK_LANG": "de", "LANG": "fr_FR.UTF-8"}, "tui")
	if code != 2 {
		t.Errorf("SMSDESK_LANG=de: exit %d", code)
	}
	mustSay(t, out, "il n’y a pas de langue « de »", "en, fr, gl")
	// A language only the locale names is no mistake: English, as before.
	code, out = runWith(t, map[string]string{"LANG": "de_DE.UTF-8"}, "tui")
	if code != 2 || strings.Contains(out, "en, fr, gl") || !strings.Contains(out, "--server") {
		t.Errorf("LANG=de_DE: exit %d: %s", code, out)
	}
}

func TestVersionFlagAndVerb(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
			Getenv: func(string) string { return "" }}, []string{arg})
		if code != 0 || !strings.HasPrefix(stdout.String(), "smsdesk ") || !strings.Contains(stdout.String(), "go1.") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, stdout.String(), stderr.String())
		}
	}
	tr, err := i18n.New(language.English)
	if err != nil {
		t.Fatal(err)
	}
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "smsdesk", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(tr, info), "smsdesk v1.4.0 (revision 0123456789ab, with local changes, built with go1.26.0)"; got != want {
		t.Errorf("versionLine = %q, want %q", got, want)
	}
	info = &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "smsdesk", Version: "(devel)"}}
	if got, want := versionLine(tr, info), "smsdesk development build (revision unknown, built with go1.26.0)"; got != want {
		t.Errorf("versionLine = %q, want %q", got, want)
	}
}

// `smsdesk admin users list --token X` works: the global flags may follow
// the verb.
func TestAdminGlobalFlagsAfterTheVerb(t *testing.T) {
	base := adminServe(t)
	var stdout, stderr bytes.Buffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	code := run(context.Background(), env, []string{"admin", "users", "list", "--token", adminTok, "--server=" + base})
	if code != 0 || !strings.Contains(stdout.String(), "u_alice") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	for _, tc := range []struct{ in, want []string }{
		{[]string{"users", "list", "--token", "X"}, []string{"--token", "X", "users", "list"}},
		{[]string{"users", "add", "u_e", "--name", "E", "-server=http://h", "--teams", "t"}, []string{"-server=http://h", "users", "add", "u_e", "--name", "E", "--teams", "t"}},
		{[]string{"users", "rename", "u_e", "--", "--token"}, []string{"users", "rename", "u_e", "--", "--token"}},
	} {
		if got := hoistFlags(tc.in, "server", "token", "lang"); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("hoistFlags(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// `demo --serve-only` prints a command that works for whoever reads it:
// `go run ./cmd/smsdesk tui …` from a go-run (or go-test) build, which has
// no name on the PATH, "smsdesk" when that is this binary, else its path.
func TestServeOnlyPrintsACommandThatRuns(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "smsdesk")
	if err := os.WriteFile(bin, []byte("binary"), 0o700); err != nil {
		t.Fatal(err)
	}
	exe := func(p string) func() (string, error) { return func() (string, error) { return p, nil } }
	notFound := func(string) (string, error) { return "", errors.New("not found") }
	onPath := func(string) (string, error) { return bin, nil }
	for _, tc := range []struct {
		exe  func() (string, error)
		look func(string) (string, error)
		want string
	}{
		{exe("/tmp/go-build123456/b001/exe/smsdesk"), notFound, "go run ./cmd/smsdesk"},
		{exe(bin), onPath, "smsdesk"},
		{exe(bin), notFound, bin},
	} {
		if got := selfCommand(tc.exe, tc.look); got != tc.want {
			t.Errorf("selfCommand = %q, want %q", got, tc.want)
		}
	}
}
