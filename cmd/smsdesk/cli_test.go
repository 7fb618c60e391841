package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"smsdesk/backend"
	"smsdesk/i18n"
	"smsdesk/localdb"
)

// runWith runs the smsdesk command line in-process with env as the
// environment and returns its exit code and standard error.
func runWith(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	code := run(context.Background(), Env{
		Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	}, args)
	return code, stderr.String()
}

func mustSay(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}

func mustNotSay(t *testing.T, out string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(out, n) {
			t.Fatalf("output says %q:\n%s", n, out)
		}
	}
}

var (
	french   = map[string]string{"LANG": "fr_FR.UTF-8"}
	galician = map[string]string{"LANG": "gl_ES.UTF-8"}
)

func TestUsageAndUnknownCommandInTheSellersLanguage(t *testing.T) {
	code, out := runWith(t, french)
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	mustSay(t, out, "usage : smsdesk <commande>", "lancer le client en terminal")
	code, out = runWith(t, galician, "bogus")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	mustSay(t, out, "smsdesk: orde descoñecida «bogus»", "executar o cliente de terminal")
	_, out = runWith(t, nil, "help")
	mustSay(t, out, "usage: smsdesk <command>")
	// --lang wins over the locale variables.
	_, out = runWith(t, french, "--lang", "gl", "bogus")
	mustSay(t, out, "orde descoñecida")
}

// TestBadFlagsAreExplainedInTheSellersLanguage also pins the flag
// package's wording that flagError recognises: if Go rewords an error,
// the English leaks and this test fails.
func TestBadFlagsAreExplainedInTheSellersLanguage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"tui", "--bogus"}, "smsdesk tui : option inconnue -bogus"},
		{[]string{"tui", "--server"}, "smsdesk tui : l’option -server attend une valeur"},
		{[]string{"tui", "--reset-cache=maybe"}, "smsdesk tui : valeur \"maybe\" invalide pour l’option -reset-cache : non comprise"},
		{[]string{"tui", "---x"}, "smsdesk tui : syntaxe d’option incorrecte : ---x"},
	}
	for _, c := range cases {
		code, out := runWith(t, french, c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d", c.args, code)
		}
		mustSay(t, out, c.want, "usage : smsdesk tui", "-server texte", "URL du serveur")
		mustNotSay(t, out, "flag provided", "needs an argument", "invalid value", "invalid boolean", "parse error", "bad flag", "Usage of")
	}
	code, out := runWith(t, map[string]string{"LANG": "gl_ES.UTF-8", "SMSDESK_SERVER": "http://x"}, "tui", "-h")
	if code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	mustSay(t, out, "uso: smsdesk tui", "-server texto", "(por defecto http://x)", "-reset-cache\n")
	mustNotSay(t, out, "default")
}

func TestMissingServerAndExtraArguments(t *testing.T) {
	_, out := runWith(t, galician, "tui")
	mustSay(t, out, "smsdesk tui: --server (ou SMSDESK_SERVER) é obrigatorio")
	_, out = runWith(t, french, "tui", "--server", "http://x", "--token", "t", "extra")
	mustSay(t, out, "arguments inattendus : extra")
}

// The cache's sentinel errors become the catalog's sentences, with the
// way out.
func TestCacheErrorsInTheSellersLanguage(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked.db")
	db, err := localdb.Open(locked, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code, out := runWith(t, french, "tui", "--server", "http://127.0.0.1:1", "--token", "t", "--cache", locked)
	if code != 1 {
		t.Fatalf("locked: exit %d", code)
	}
	mustSay(t, out, "le cache "+locked+" est utilisé par un autre smsdesk")

	corrupt := filepath.Join(dir, "corrupt.db")
	if err := os.WriteFile(corrupt, bytes.Repeat([]byte("not a bbolt file "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out = runWith(t, galician, "tui", "--server", "http://127.0.0.1:1", "--token", "t", "--cache", corrupt)
	mustSay(t, out, "a caché "+corrupt+" está danada", "--reset-cache")
}

func TestDatasetErrorsKeepTheirPathInATranslatedFrame(t *testing.T) {
	err := fmt.Errorf("import dataset: %w", &backend.DatasetError{Path: "records[3].phones.mobile", Msg: "\"12\" is not a valid E.164 number"})
	got, ok := datasetMessage(tuiPrinter(Env{Getenv: func(k string) string { return french[k] }}, nil), err)
	if want := "jeu de données records[3].phones.mobile : \"12\" is not a valid E.164 number"; !ok || got != want {
		t.Fatalf("got %q, %v; want %q", got, ok, want)
	}
	if _, ok := datasetMessage(tuiPrinter(Env{Getenv: func(string) string { return "" }}, nil), errors.New("disk full")); ok {
		t.Fatal("a disk error read as a dataset problem")
	}
}

func TestDemoSpeaksTheSellersLanguageOnTheCommandLine(t *testing.T) {
	_, out := runWith(t, french, "demo", "--dir", t.TempDir(), "--bogus")
	mustSay(t, out, "smsdesk demo : option inconnue -bogus", "usage : smsdesk demo", "(par défaut u_maya)")
	mustNotSay(t, out, "flag provided", "default")
	_, out = runWith(t, galician, "demo", "--dir", t.TempDir(), "--addr", "8080")
	mustSay(t, out, `--addr "8080": agardábase host:porto`)
	var b bytes.Buffer
	printDemoCommands(&b, tuiPrinter(Env{Getenv: func(k string) string { return french[k] }}, nil), "http://x", "/d", nil, "go run ./cmd/smsdesk")
	mustSay(t, b.String(), "serveur de démo smsdesk sur http://x", "Connectez un terminal", "lancez ces commandes depuis le répertoire des sources")
	if got := roleName(tuiPrinter(Env{Getenv: func(k string) string { return galician[k] }}, nil), "manager"); got != "xestor" {
		t.Fatalf("manager in Galician: %q", got)
	}
}

func TestServeSpeaksTheSellersLanguageOnTheCommandLine(t *testing.T) {
	code, out := runWith(t, galician, "serve", "--provider", "pigeon")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	mustSay(t, out, `smsdesk serve: --provider "pigeon": agardábase sim ou twilio`)
	_, out = runWith(t, french, "serve", "--bogus")
	mustSay(t, out, "smsdesk serve : option inconnue -bogus", "usage : smsdesk serve", "-provider texte", "(par défaut sim)")
	mustNotSay(t, out, "flag provided", "default")

	// A dataset problem: the frame is French, its JSON path and detail as the importer wrote them.
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"users": [{"id": "u1", "name": "A", "token": "tok-0123456789abcdef"}], "numbers": [{"number": "12", "name": "x", "owner": "user:u1"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out = runWith(t, french, "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--dataset", bad)
	if code != 1 {
		t.Fatalf("bad dataset: exit %d: %s", code, out)
	}
	mustSay(t, out, "smsdesk serve : jeu de données numbers[0].owner : ")
}

// TestEveryCatalogKeyTheCommandsUseExists: a key passed to T (or to the
// demo's say) that no language defines would print the key itself.
func TestEveryCatalogKeyTheCommandsUseExists(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			arg := call.Args[0]
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if fn.Sel.Name != "T" {
					return true
				}
			case *ast.Ident:
				if fn.Name != "say" || len(call.Args) < 2 {
					return true
				}
				arg = call.Args[1]
			default:
				return true
			}
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			found++
			for _, tag := range i18n.Supported() {
				if !slices.Contains(i18n.Keys(tag), i18n.Key(key)) {
					t.Errorf("%s: key %q is not in the %s catalog", fset.Position(lit.Pos()), key, tag)
				}
			}
			return true
		})
	}
	if found < 20 {
		t.Fatalf("found only %d catalog keys in cmd/smsdesk: the test is not seeing T's arguments", found)
	}
}

func TestAdminSpeaksTheCallersLanguage(t *testing.T) {
	code, out := runWith(t, french, "admin")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	mustSay(t, out, "usage : smsdesk admin", "émettre un nouveau jeton")
	_, out = runWith(t, galician, "admin", "--server", "http://127.0.0.1:1", "--token", "x", "bogus")
	mustSay(t, out, `smsdesk admin: orde descoñecida "bogus"`)
	_, out = runWith(t, french, "admin", "--bogus")
	mustSay(t, out, "smsdesk admin : option inconnue -bogus")
	mustNotSay(t, out, "flag provided")
	_, out = runWith(t, french, "admin", "--server", "http://127.0.0.1:1", "users", "list")
	mustSay(t, out, "un jeton est obligatoire")
	// Table headers and words come from the catalog too.
	l := newAdminLabels(tuiPrinter(Env{Getenv: func(k string) string { return galician[k] }}, nil))
	if got := strings.Join(l.NumbersHeader, " "); got != "NÚMERO NOME TIPO PROPIETARIO ESTADO" {
		t.Fatalf("numbers header in Galician: %q", got)
	}
}
