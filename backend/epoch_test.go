package backend

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// A restart keeps the event log's epoch; a store restored from a backup
// starts a new one (the backup's mark, not the random source, decides:
// without it the restored store would read the original's epoch back).
func TestEpochSurvivesRestartAndChangesOnEachRestore(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	first := e.svc.Epoch()
	if first == "" {
		t.Fatal("a new store has no epoch")
	}
	e.close()
	e.open(nil)
	if got := e.svc.Epoch(); got != first {
		t.Fatalf("a restart changed the epoch: %q, then %q", first, got)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if st := e.get("/api/v1/admin/backup", tokRoot, f); st != 200 {
		t.Fatalf("backup: %d", st)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if e.svc.Epoch() != first {
		t.Fatal("taking a backup changed the live store's epoch")
	}
	seen := map[string]bool{first: true}
	for seed := range byte(2) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, DBFile), raw, 0o600); err != nil {
			t.Fatal(err)
		}
		open := func() *Service {
			svc, err := Open(Config{Dir: dir, Rand: rand.NewChaCha8([32]byte{100 + seed})})
			if err != nil {
				t.Fatalf("open restore %d: %v", seed, err)
			}
			return svc
		}
		svc := open()
		got := svc.Epoch()
		if seen[got] {
			t.Errorf("restore %d has an epoch already used: %q", seed, got)
		}
		seen[got] = true
		if err := svc.Close(); err != nil {
			t.Fatal(err)
		}
		again := open()
		if again.Epoch() != got {
			t.Errorf("restore %d: its restart changed the epoch again (%q, then %q)", seed, got, again.Epoch())
		}
		if err := again.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
