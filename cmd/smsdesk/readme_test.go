package main

import (
	"os"
	"regexp"
	"testing"

	"smsdesk/backend"
)

// The README's dataset example is what a new administrator copies first: it
// must import as it stands.
func TestReadmeDatasetExampleImports(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Dataset format\n.*?```json\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no JSON example under \"## Dataset format\"")
	}
	svc, err := backend.Open(backend.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.ImportDataset(m[1]); err != nil {
		t.Fatalf("README dataset example does not import: %v", err)
	}
	has, err := svc.HasData()
	if err != nil || !has {
		t.Fatalf("after import HasData = %v, %v", has, err)
	}
}
