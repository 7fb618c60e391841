package backend

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fuzzStore is one Service on one bbolt file per fuzz worker, reused
// across inputs: kept as it is after a refused import (which must leave it
// empty), emptied after an accepted one (every bucket deleted, then opened
// again as a new store). Each execution still imports into a real bbolt
// store, but without fsync (Config.scratch) and without creating or
// deleting a file: a new file per accepted input cost about 80 ms, most of
// it waiting for fsyncs and, on a disk mounted with discard, for the
// deleted file's blocks to be discarded. The fuzzer spent its time there,
// and minimising one interesting input took longer than a 30 s run.
type fuzzStore struct {
	dir string
	svc *Service
}

var fuzzNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func (fs *fuzzStore) open(t testing.TB) *Service {
	t.Helper()
	svc, err := Open(Config{Dir: fs.dir, Now: func() time.Time { return fuzzNow }, scratch: true})
	if err != nil {
		t.Fatalf("open %s: %v", fs.dir, err)
	}
	return svc
}

// empty deletes every bucket of svc's store, so the next Open makes a new
// store of the same file.
func (fs *fuzzStore) empty(t testing.TB, svc *Service) {
	t.Helper()
	err := svc.db.Update(func(tx *bolt.Tx) error {
		var names [][]byte
		if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, bytes.Clone(name))
			return nil
		}); err != nil {
			return err
		}
		for _, name := range names {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("delete bucket %s: %w", name, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("empty the store: %v", err)
	}
}

// view is everything a store shows its users: every user's snapshot and
// every visible conversation's messages, as JSON so two reads compare byte
// for byte.
func (fs *fuzzStore) view(t testing.TB, svc *Service) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, u := range svc.dir.Load().userList() {
		snap, err := svc.Snapshot(t.Context(), u.ID)
		if err != nil {
			t.Fatalf("snapshot %s: %v", u.ID, err)
		}
		b, _ := json.Marshal(snap)
		out.Write(b)
		for _, c := range snap.Conversations {
			msgs, err := svc.ConversationMessages(t.Context(), u.ID, c.ID, "", 10_000)
			if err != nil {
				t.Fatalf("messages %s %s: %v", u.ID, c.ID, err)
			}
			b, _ := json.Marshal(msgs)
			out.Write(b)
		}
	}
	return out.Bytes()
}

// FuzzDatasetImport: arbitrary bytes into the importer never panic; a
// refused import writes nothing; an accepted one reads back the same after
// the store is closed and reopened.
func FuzzDatasetImport(f *testing.F) {
	for _, p := range []string{"testdata/base.json", "../examples/dataset.json"} {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"org":{"name":"x"}}`))
	f.Add([]byte(`{"org":{"name":"x"},"users":[{"id":"u_a","name":"A","token":"tok-0123456789abcdef","roles":["seller"]}]}`))
	f.Add([]byte(`{"org":{"name":"x"},"teams":[{"id":"t","name":"T"}],"numbers":[{"number":"+14155550100","name":"n","owner":{"kind":"team","id":"t"},"type":"geo"}]}`))
	f.Add([]byte(`{"records":[{"id":"c_1","type":"contact","name":"\xff","owner":{"kind":"user","id":"nobody"}}]}`))
	f.Add([]byte(`{"messages":[{"record":"c_1","direction":"sideways"}]}`))
	f.Add([]byte(`{"users":[{"id":"u_a","name":"A","token":"tok-0123456789abcdef","roles":["seller"]}],` +
		`"numbers":[{"number":"+14155550100","name":"n","owner":{"kind":"user","id":"u_a"}}],` +
		`"records":[{"id":"c_1","type":"contact","name":"C","owner":{"kind":"user","id":"u_a"},"phones":{"mobile":"+14155552671"}}],` +
		`"messages":[{"conversation":"cv_1","record":"c_1","business_number":"+14155550100","customer_number":"+14155552671","direction":"inbound","body":"STOP","at":"2026-11-20T08:00:00Z"}],` +
		`"opt_outs":[{"customer":"+1 415 555 2671","keyword":"STOP","at":"2026-11-20T08:00:00Z"}],` +
		`"read_marks":[{"user":"u_a","conversation":"cv_1","at":"2026-11-20T08:30:00Z"}]}`))
	// A send refused for its mistyped number, as the export writes it: the
	// one place a customer number that does not normalise is accepted.
	f.Add([]byte(`{"users":[{"id":"u_a","name":"A","token":"tok-0123456789abcdef","roles":["seller"]}],` +
		`"numbers":[{"number":"+14155550100","name":"n","owner":{"kind":"user","id":"u_a"}}],` +
		`"records":[{"id":"c_1","type":"contact","name":"C","owner":{"kind":"user","id":"u_a"}}],` +
		`"messages":[{"conversation":"cv_typo","record":"c_1","business_number":"+14155550100","customer_number":"+1555","direction":"outbound","author":"u_a","status":"failed","body":"hi","at":"2026-11-20T08:00:00Z"}],` +
		`"read_marks":[{"user":"u_a","conversation":"cv_typo","at":"2026-11-20T08:30:00Z"}]}`))
	f.Add([]byte(`{"opt_outs":[{"customer":"+1555","keyword":"START","at":"soon"}],"read_marks":[{"user":"nobody","conversation":"cv_x"}]}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"org":null,"users":null}`))
	fs := &fuzzStore{dir: f.TempDir()}
	f.Cleanup(func() {
		if fs.svc != nil {
			_ = fs.svc.Close()
		}
	})
	f.Fuzz(func(t *testing.T, raw []byte) { fs.importOnce(t, raw) })
}

// importOnce is one execution of FuzzDatasetImport: raw into the importer
// of a fresh store, checked as the fuzz target's comment says.
func (fs *fuzzStore) importOnce(t testing.TB, raw []byte) {
	if fs.svc == nil {
		fs.svc = fs.open(t)
	}
	err := fs.svc.ImportDataset(raw)
	if err != nil {
		var empty bool
		if verr := fs.svc.db.View(func(tx *bolt.Tx) error { empty = storeEmpty(tx); return nil }); verr != nil {
			t.Fatal(verr)
		}
		if has, herr := fs.svc.HasData(); !empty || has || herr != nil || fs.svc.LastSeq() != 0 {
			t.Fatalf("refused import (%v) left data behind: empty %v has %v %v seq %d", err, empty, has, herr, fs.svc.LastSeq())
		}
		return
	}
	before := fs.view(t, fs.svc)
	if err := fs.svc.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	fs.svc = nil
	reopened := fs.open(t)
	after := fs.view(t, reopened)
	fs.empty(t, reopened)
	if err := reopened.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if !bytes.Equal(before, after) {
		t.Fatalf("store reads differently after reopening:\nbefore %s\nafter  %s", before, after)
	}
}

// BenchmarkDatasetImportExecution is one FuzzDatasetImport execution of an
// accepted dataset (the expensive kind), for profiling the fuzz target.
func BenchmarkDatasetImportExecution(b *testing.B) {
	raw, err := os.ReadFile("testdata/base.json")
	if err != nil {
		b.Fatal(err)
	}
	fs := &fuzzStore{dir: b.TempDir()}
	b.Cleanup(func() {
		if fs.svc != nil {
			_ = fs.svc.Close()
		}
	})
	for b.Loop() {
		fs.importOnce(b, raw)
	}
}

// The fuzz target's executions stay cheap: accepted imports one after
// another reuse one scratch file (same inode, nothing else created or
// left in the directory) and never fsync; each still reads back the same
// after a reopen (importOnce checks that).
func TestFuzzImportExecutionsReuseOneScratchFile(t *testing.T) {
	raw, err := os.ReadFile("testdata/base.json")
	if err != nil {
		t.Fatal(err)
	}
	fs := &fuzzStore{dir: t.TempDir()}
	t.Cleanup(func() {
		if fs.svc != nil {
			_ = fs.svc.Close()
		}
	})
	var inode uint64
	for i := range 3 {
		fs.importOnce(t, raw)
		entries, err := os.ReadDir(fs.dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Name() != DBFile {
			t.Fatalf("execution %d left %v in the store directory, want only %s", i, entries, DBFile)
		}
		info, err := entries[0].Info()
		if err != nil {
			t.Fatal(err)
		}
		ino := info.Sys().(*syscall.Stat_t).Ino
		if i > 0 && ino != inode {
			t.Fatalf("execution %d made a new store file", i)
		}
		inode = ino
	}
	svc := fs.open(t)
	defer svc.Close()
	if !svc.db.NoSync || !svc.db.NoGrowSync {
		t.Fatal("the fuzz store fsyncs")
	}
	if has, err := svc.HasData(); has || err != nil {
		t.Fatalf("the store is not empty after an accepted execution: %v %v", has, err)
	}
}
