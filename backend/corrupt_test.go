package backend

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// openRecovering opens the store and turns a panic into a test failure
// naming it, so one bad case does not hide the others.
func openRecovering(dir string) (svc *Service, err error, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	svc, err = Open(Config{Dir: dir, OpenTimeout: time.Second})
	return svc, err, nil
}

// TestDamagedStoreIsAClearErrorNotAPanic damages a seeded smsdesk.db the
// ways a disk or a careless copy does and checks that Open refuses it with
// an error naming the file (the recovery, in docs/reliability.md, is to
// restore the file from a backup or move it aside and re-seed), and never
// panics or silently opens an empty store.
func TestDamagedStoreIsAClearErrorNotAPanic(t *testing.T) {
	seeded := t.TempDir()
	e := &env{t: t, dir: seeded, prov: &countingProvider{}, clock: newTestClock()}
	e.open(nil)
	if err := e.svc.ImportDataset(dataset(t, "base.json", nil)); err != nil {
		t.Fatal(err)
	}
	e.inbound("SM1", phoneJane, numAlice, "before the damage")
	e.close()
	orig, err := os.ReadFile(filepath.Join(seeded, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	rng := rand.New(rand.NewPCG(7, 7))
	garbage := func(b []byte, off, n int) {
		for i := off; i < off+n && i < len(b); i++ {
			b[i] = byte(rng.UintN(256))
		}
	}
	cases := []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"truncated to 100 bytes", func(b []byte) []byte { return b[:100] }},
		{"truncated to half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"truncated to two pages", func(b []byte) []byte { return b[:2*page] }},
		{"both meta pages garbage", func(b []byte) []byte { garbage(b, 0, 2*page); return b }},
		{"not a bbolt file", func(b []byte) []byte { return []byte("this is a text file, not a store\n") }},
	}
	// Garbage over each data page in turn, one case per page: every bucket
	// and value page gets its turn.
	for p := 2; p*page < len(orig) && p < 40; p++ {
		cases = append(cases, struct {
			name   string
			damage func([]byte) []byte
		}{fmt.Sprintf("page %d garbage", p), func(b []byte) []byte { garbage(b, p*page, page); return b }})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, DBFile), tc.damage(append([]byte(nil), orig...)), 0o600); err != nil {
				t.Fatal(err)
			}
			svc, err, p := openRecovering(dir)
			if p != nil {
				t.Fatalf("Open panicked: %v", p)
			}
			if err == nil {
				// Open reads the meta pages, the free list and the bucket
				// roots; damage elsewhere is met on first access, which
				// must be a clear error, and admin check must find it.
				defer svc.Close()
				if has, herr := svc.HasData(); herr == nil && !has {
					t.Fatalf("damaged store opened as empty: data silently lost")
				}
				readErr := firstAccess(t, svc)
				// The directory itself may be what is damaged: an admin
				// made here, not looked up.
				root := crm.User{ID: "root", Roles: []crm.Role{crm.RoleAdmin}}
				rep, cerr := checkRecovering(svc, root)
				if cerr != nil {
					t.Fatalf("check: %v", cerr)
				}
				t.Logf("opened; first access: %v; check ok: %v", readErr, rep.OK)
				if readErr != nil && rep.OK {
					t.Errorf("reading failed (%v) but admin check found nothing", readErr)
				}
				if !rep.OK && !contains(rep.File, dir) {
					t.Errorf("check report names %q, not the store in %s", rep.File, dir)
				}
				return
			}
			if want := filepath.Join(dir, DBFile); !contains(err.Error(), want) {
				t.Errorf("error %q does not name the file %s", err, want)
			}
		})
	}
}

// firstAccess reads every key and value of every bucket the way the
// service reads (through its guarded transactions): nil when all is
// readable, else the error, which must be ErrCorruptStore naming the file.
func firstAccess(t *testing.T, svc *Service) (err error) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("reading the damaged store panicked: %v", p)
		}
	}()
	err = svc.db.View(func(tx *bolt.Tx) error {
		var sum byte
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walkBucket(b, &sum) })
	})
	if err == nil {
		return nil
	}
	if !errors.Is(err, ErrCorruptStore) || !contains(err.Error(), svc.db.Path()) {
		t.Fatalf("reading a damaged page: %v, want ErrCorruptStore naming %s", err, svc.db.Path())
	}
	return err
}

func checkRecovering(svc *Service, actor crm.User) (rep CheckReport, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("check panicked: %v", p)
		}
	}()
	return svc.Check(context.Background(), actor)
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// An empty smsdesk.db (created, never written: a crash at the very first
// start) is a new store, as bbolt makes it, not a damaged one.
func TestEmptyStoreFileIsANewStore(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, DBFile), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	svc, err, p := openRecovering(dir)
	if p != nil || err != nil {
		t.Fatalf("open an empty file: %v, panic %v", err, p)
	}
	defer svc.Close()
	if has, err := svc.HasData(); has || err != nil {
		t.Fatalf("has data %v, %v", has, err)
	}
}
