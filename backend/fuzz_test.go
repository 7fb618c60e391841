package backend

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fuzzStore is one Service on a temporary directory, reused across fuzz
// inputs while they fail (a refused import must leave it empty) and replaced
// after a successful one. Opening a store per input would make the fuzzer
// spend its time creating files.
type fuzzStore struct {
	root string
	n    int
	dir  string
	svc  *Service
}

var fuzzNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func (fs *fuzzStore) open(t *testing.T, dir string) *Service {
	t.Helper()
	svc, err := Open(Config{Dir: dir, Now: func() time.Time { return fuzzNow }})
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	return svc
}

func (fs *fuzzStore) fresh(t *testing.T) {
	if fs.svc != nil {
		_ = fs.svc.Close()
		_ = os.RemoveAll(fs.dir)
	}
	fs.n++
	fs.dir = filepath.Join(fs.root, fmt.Sprint(fs.n))
	fs.svc = fs.open(t, fs.dir)
}

// view is everything a store shows its users: every user's snapshot and
// every visible conversation's messages, as JSON so two reads compare byte
// for byte.
func (fs *fuzzStore) view(t *testing.T, svc *Service) []byte {
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
	fs := &fuzzStore{root: f.TempDir()}
	f.Cleanup(func() {
		if fs.svc != nil {
			_ = fs.svc.Close()
		}
	})
	f.Fuzz(func(t *testing.T, raw []byte) {
		if fs.svc == nil {
			fs.fresh(t)
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
		reopened := fs.open(t, fs.dir)
		after := fs.view(t, reopened)
		_ = reopened.Close()
		fs.svc = nil
		_ = os.RemoveAll(fs.dir)
		if !bytes.Equal(before, after) {
			t.Fatalf("store reads differently after reopening:\nbefore %s\nafter  %s", before, after)
		}
	})
}
