package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"smsdesk/backend"
	"smsdesk/i18n"
)

// badDataset writes the example dataset, changed by edit, to a file and
// returns its path.
func badDataset(t *testing.T, edit func(ds map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile("../../examples/dataset.json")
	if err != nil {
		t.Fatal(err)
	}
	var ds map[string]any
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	edit(ds)
	if raw, err = json.Marshal(ds); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func exampleRecord(ds map[string]any, i int) map[string]any {
	return ds["records"].([]any)[i].(map[string]any)
}

var (
	editBadPhone = func(ds map[string]any) { exampleRecord(ds, 2)["phones"].(map[string]any)["mobile"] = "12" }
	editNickname = func(ds map[string]any) { exampleRecord(ds, 3)["nickname"] = "M" }
	// A placeholder the category lacks: the Galician and French messages
	// put the template's arguments in another order than English.
	editLeadPlaceholder = func(ds map[string]any) {
		ds["templates"].([]any)[0].(map[string]any)["body"] = "Hi {{LeadCompany}}"
	}
)

// serveBad runs smsdesk serve on a fresh data directory seeded with the
// dataset at path; it must refuse it with exit code 1.
func serveBad(t *testing.T, env map[string]string, path string) string {
	t.Helper()
	code, out := runWith(t, env, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--dataset", path)
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	return out
}

func TestBadDatasetInFrench(t *testing.T) {
	fr := map[string]string{"SMSDESK_LANG": "fr"}
	out := serveBad(t, fr, badDataset(t, editBadPhone))
	mustSay(t, out, `smsdesk serve : jeu de données records[2].phones.mobile : "12" n’est pas un numéro E.164 valide (InvalidSendingParameters)`)
	mustNotSay(t, out, "is not a valid")

	out = serveBad(t, french, badDataset(t, editNickname))
	mustSay(t, out, "smsdesk serve : jeu de données records[3].nickname : champ inconnu")
	mustNotSay(t, out, "unknown field")

	out = serveBad(t, fr, badDataset(t, editLeadPlaceholder))
	mustSay(t, out, `jeu de données templates[0].body : modèle (body) : l’espace réservé "LeadCompany" n’est pas un champ des modèles contact`)
}

func TestBadDatasetInGalician(t *testing.T) {
	out := serveBad(t, galician, badDataset(t, editBadPhone))
	mustSay(t, out, `smsdesk serve: conxunto de datos records[2].phones.mobile: "12" non é un número E.164 válido (InvalidSendingParameters)`)
	mustNotSay(t, out, "is not a valid")

	out = serveBad(t, map[string]string{"SMSDESK_LANG": "gl"}, badDataset(t, editNickname))
	mustSay(t, out, "smsdesk serve: conxunto de datos records[3].nickname: campo descoñecido")

	out = serveBad(t, galician, badDataset(t, editLeadPlaceholder))
	mustSay(t, out, `conxunto de datos templates[0].body: modelo (body): o marcador "LeadCompany" non é un campo dos modelos de contact`)
}

// English reads as the importer's own message, as before the catalog
// rendered it.
func TestBadDatasetInEnglish(t *testing.T) {
	out := serveBad(t, nil, badDataset(t, editBadPhone))
	mustSay(t, out, `smsdesk serve: dataset records[2].phones.mobile: "12" is not a valid E.164 number (InvalidSendingParameters)`)
	out = serveBad(t, nil, badDataset(t, editLeadPlaceholder))
	mustSay(t, out, `smsdesk serve: dataset templates[0].body: template body: placeholder "LeadCompany": not a field of contact templates`)
}

// A code the catalog does not know (a newer backend) falls back to the
// importer's English inside the translated frame.
func TestUnknownDatasetCodeFallsBackToEnglish(t *testing.T) {
	err := &backend.DatasetError{Path: "records[0].x", Code: "dataset.from_the_future", Args: []any{"x"}, Msg: "something new about \"x\""}
	got, ok := datasetMessage(tuiPrinter(langEnv(french), nil), err)
	if want := `jeu de données records[0].x : something new about "x"`; !ok || got != want {
		t.Fatalf("got %q, %v; want %q", got, ok, want)
	}
}

func TestEveryDatasetCodeIsInEveryLanguage(t *testing.T) {
	codes := backend.DatasetCodes()
	if len(codes) < 30 {
		t.Fatalf("only %d dataset codes", len(codes))
	}
	for _, tag := range i18n.Supported() {
		keys := i18n.Keys(tag)
		for _, c := range codes {
			if !slices.Contains(keys, i18n.Key(c)) {
				t.Errorf("%s: dataset code %q is not in the catalog", tag, c)
			}
		}
	}
}

func langEnv(vars map[string]string) Env {
	return Env{Getenv: func(k string) string { return vars[k] }}
}
