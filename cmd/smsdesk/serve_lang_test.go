package main

import (
	"strings"
	"testing"
)

// --lang on serve wins over the locale variables, as it does for tui and demo.
func TestServeLangFlagChoosesTheLanguage(t *testing.T) {
	path := badDataset(t, editBadPhone)
	code, out := runWith(t, map[string]string{"LANG": "fr_FR.UTF-8"},
		"serve", "--lang", "gl", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--dataset", path)
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "conxunto de datos records[2].phones.mobile") {
		t.Errorf("want the Galician dataset error with its JSON path, got:\n%s", out)
	}
	if strings.Contains(out, "jeu de données") {
		t.Errorf("LANG=fr won over --lang gl:\n%s", out)
	}
}
