package localdb

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

func TestDefaultPathHashesServerAndToken(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", dir)
	t.Setenv("HOME", dir)
	p1, err := DefaultPath("https://crm.example.com", "secret-token-1")
	must(t, err)
	p1again, _ := DefaultPath("https://crm.example.com", "secret-token-1")
	p2, _ := DefaultPath("https://crm.example.com", "secret-token-2")
	p3, _ := DefaultPath("https://other.example.com", "secret-token-1")
	if p1 != p1again {
		t.Errorf("DefaultPath not stable: %s vs %s", p1, p1again)
	}
	if p1 == p2 || p1 == p3 {
		t.Errorf("different users/servers share a cache: %s %s %s", p1, p2, p3)
	}
	if strings.Contains(p1, "secret") {
		t.Errorf("path %s leaks the token", p1)
	}
	if filepath.Base(filepath.Dir(p1)) != "smsdesk" || !strings.HasSuffix(p1, ".db") {
		t.Errorf("path %s not <cache>/smsdesk/<hash>.db", p1)
	}
}

func TestOpenCreatesPrivateFileAndDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "smsdesk", "c.db")
	db, err := Open(path, Options{})
	must(t, err)
	defer db.Close()
	fi, err := os.Stat(path)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	must(t, err)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, want 0700", di.Mode().Perm())
	}
}

func TestOpenLockedFileFailsFast(t *testing.T) {
	clk := newClock()
	_, path := openTest(t, clk) // holds the flock until cleanup
	start := time.Now()
	db2, err := Open(path, Options{})
	elapsed := time.Since(start)
	if err == nil {
		db2.Close()
		t.Fatal("second Open of a locked cache succeeded")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("refusal took %v, want about 1 s", elapsed)
	}
	for _, want := range []string{path, "--cache", "another smsdesk"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestOpenLockedFileRespectsTimeout(t *testing.T) {
	_, path := openTest(t, newClock())
	start := time.Now()
	_, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if e := time.Since(start); e > time.Second {
		t.Errorf("took %v with a 100 ms timeout", e)
	}
}

func TestOpenGarbageFileIsCorrupt(t *testing.T) {
	cases := map[string][]byte{
		"text":   []byte("hello, this is not a database\n"),
		"zeros":  make([]byte, 64*1024),
		"random": bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef, 0x01, 0x7f}, 20000),
		"json":   []byte(`{"conversations": []}`),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.db")
			must(t, os.WriteFile(path, data, 0o600))
			db, err := Open(path, Options{})
			if err == nil {
				db.Close()
				t.Fatal("opened a garbage file")
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			for _, want := range []string{path, "--reset-cache"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			// The refusal released the file: a reset can take it.
			db, err = Open(path, Options{Reset: true})
			must(t, err)
			db.Close()
		})
	}
}

// fillCache writes a realistic cache: a snapshot, many messages, an outbox.
func fillCache(t testing.TB, path string) {
	db, err := Open(path, Options{Now: newClock().Now})
	must(t, err)
	must(t, db.ApplySnapshot(snapshot(10)))
	var msgs []crm.Message
	for i := 0; i < 3000; i++ {
		c := "cv1"
		if i%3 == 0 {
			c = "cv2"
		}
		msgs = append(msgs, inbound(mid(i), c, at(i)))
	}
	must(t, db.ApplyMessages(msgs))
	must(t, db.Enqueue(sendCmd("cmd_1", "cv1", "queued while offline")))
	must(t, db.Close())
}

// exercise reads and writes everything; it may fail but must not panic.
// It returns the first error.
func exercise(db *DB) error {
	var errs []error
	_, err := db.Conversations()
	errs = append(errs, err)
	_, err = db.LastMessages("cv1", 5000)
	errs = append(errs, err)
	_, err = db.LastMessages("cv2", 5000)
	errs = append(errs, err)
	_, err = db.Outbox()
	errs = append(errs, err)
	_, err = db.SearchRecords("ada", 10)
	errs = append(errs, err)
	errs = append(errs, db.ApplyEvents([]crm.Event{msgEvent(11, inbound("late", "cv1", at(9999)))}))
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestOpenTruncatedCacheNeverPanics(t *testing.T) {
	src := filepath.Join(t.TempDir(), "full.db")
	fillCache(t, src)
	full, err := os.ReadFile(src)
	must(t, err)
	corrupt, clean := 0, 0
	for _, size := range []int{0, 100, 4096, 8192, 8192 + 100, 16384, len(full) / 4, len(full) / 2, len(full) - 4096, len(full) - 1} {
		path := filepath.Join(t.TempDir(), "t.db")
		must(t, os.WriteFile(path, full[:size], 0o600))
		db, err := Open(path, Options{})
		switch {
		case err == nil:
			clean++
			if err := exercise(db); err != nil && !errors.Is(err, ErrCorrupt) {
				t.Errorf("size %d: read error %v, want ErrCorrupt", size, err)
			}
			db.Close()
		case errors.Is(err, ErrCorrupt):
			corrupt++
		default:
			t.Errorf("size %d: err = %v, want ErrCorrupt or a clean open", size, err)
		}
	}
	if corrupt == 0 {
		t.Error("no truncation was detected as corrupt")
	}
	t.Logf("%d truncations refused as corrupt, %d opened cleanly", corrupt, clean)
}

func TestOpenDamagedPagesNeverPanics(t *testing.T) {
	src := filepath.Join(t.TempDir(), "full.db")
	fillCache(t, src)
	full, err := os.ReadFile(src)
	must(t, err)
	pages := len(full) / 4096
	refused, readErrs, clean := 0, 0, 0
	for p := 2; p < pages; p += max(1, pages/15) {
		data := bytes.Clone(full)
		for i := p * 4096; i < (p+1)*4096; i++ {
			data[i] = byte(i*7 + p)
		}
		path := filepath.Join(t.TempDir(), "d.db")
		must(t, os.WriteFile(path, data, 0o600))
		db, err := Open(path, Options{})
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("page %d: err = %v, want ErrCorrupt", p, err)
			}
			refused++
			continue
		}
		if err := exercise(db); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("page %d: read error %v, want ErrCorrupt", p, err)
			}
			readErrs++
		} else {
			clean++
		}
		db.Close()
	}
	t.Logf("damaged pages: %d refused at open, %d failed a read with ErrCorrupt, %d unnoticed (free or unread pages)", refused, readErrs, clean)
}

func TestOpenForeignBoltFileIsSchemaError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	b, err := bolt.Open(path, 0o600, nil)
	must(t, err)
	must(t, b.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("someone_elses"))
		return err
	}))
	must(t, b.Close())
	_, err = Open(path, Options{})
	if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "--reset-cache") {
		t.Fatalf("err = %v, want ErrSchema with the reset hint", err)
	}
}

func TestOpenNewerSchemaIsSchemaError(t *testing.T) {
	_, path := openTest(t, newClock())
	path2 := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(path2, Options{})
	must(t, err)
	must(t, db.Close())
	b, err := bolt.Open(path2, 0o600, nil)
	must(t, err)
	must(t, b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(kVersion, u64(schemaVersion+1))
	}))
	must(t, b.Close())
	_, err = Open(path2, Options{})
	if !errors.Is(err, ErrSchema) {
		t.Fatalf("err = %v, want ErrSchema", err)
	}
	// --reset-cache rebuilds it.
	db, err = Open(path2, Options{Reset: true})
	must(t, err)
	defer db.Close()
	if seq, _ := db.Cursor(); seq != 0 {
		t.Errorf("reset cache has cursor %d", seq)
	}
	_ = path
}

func TestResetKeepsALockedFile(t *testing.T) {
	db, path := openTest(t, newClock())
	must(t, db.ApplySnapshot(snapshot(7)))
	_, err := Open(path, Options{Reset: true, Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if seq, _ := db.Cursor(); seq != 7 {
		t.Errorf("cursor %d after a refused reset, want 7", seq)
	}
}

func TestResetEmptiesTheCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	fillCache(t, path)
	db, err := Open(path, Options{Reset: true})
	must(t, err)
	defer db.Close()
	rows, _ := db.Conversations()
	n, _ := db.OutboxLen()
	if seq, _ := db.Cursor(); seq != 0 || len(rows) != 0 || n != 0 {
		t.Errorf("after reset: cursor %d, %d conversations, %d queued", seq, len(rows), n)
	}
}
