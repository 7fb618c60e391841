package backend

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// get streams an authenticated GET into w and returns the status.
func (e *env) get(path, token string, w io.Writer) int {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode
}

func TestBackupUnderWriteLoadRestoresAcknowledgedMessages(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	var (
		mu     sync.Mutex
		acked  []string
		stop   atomic.Bool
		wg     sync.WaitGroup
		errs   = make(chan error, 8)
		during atomic.Int64 // acknowledged while the backup ran
	)
	var backingUp atomic.Bool
	customers := []string{phoneJane, phoneMarc, phoneLena, "+14155553001", "+14155553002"}
	numbers := []string{numAlice, numWest, numEast}
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				sid := fmt.Sprintf("SMload%d_%06d", g, i)
				err := e.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: sid,
					From: customers[(g+i)%len(customers)], To: numbers[i%len(numbers)], Body: "load " + sid})
				if err != nil {
					errs <- err
					return
				}
				if backingUp.Load() {
					during.Add(1)
				}
				mu.Lock()
				acked = append(acked, sid)
				mu.Unlock()
			}
		}()
	}
	// Let some load build up first.
	eventually(t, "200 messages acknowledged", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 200 })

	mu.Lock()
	before := slices.Clone(acked) // acknowledged before the backup began
	mu.Unlock()
	dir := t.TempDir()
	f, err := os.OpenFile(filepath.Join(dir, DBFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	backingUp.Store(true)
	st := e.get("/api/v1/admin/backup", tokRoot, f)
	backingUp.Store(false)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("inbound under load: %v", err)
	}
	if st != 200 {
		t.Fatalf("backup: %d", st)
	}

	// Restore: the copy is a valid store a server opens with --data dir.
	restored, err := Open(Config{Dir: dir})
	if err != nil {
		t.Fatalf("open the restored backup: %v", err)
	}
	defer restored.Close()
	err = restored.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("bbolt check: %w", err)
		}
		for _, sid := range before {
			if tx.Bucket(bMsgByProvider).Get([]byte(sid)) == nil {
				return fmt.Errorf("message %s, acknowledged before the backup began, is missing", sid)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := restored.Authenticate(tokAlice); err != nil {
		t.Fatalf("restored store: %v", err)
	}
	t.Logf("%d messages acknowledged before the backup, %d while it ran", len(before), during.Load())
	if e.get("/api/v1/admin/backup", tokAlice, io.Discard) != http.StatusForbidden {
		t.Fatal("a seller took a backup")
	}
}

// convDump is a conversation as export/import must preserve it.
type convDump struct {
	Conv     crm.Conversation
	Messages []crm.Message
}

func dumpConversations(t *testing.T, svc *Service) map[string]convDump {
	t.Helper()
	out := map[string]convDump{}
	err := svc.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bConversations).ForEach(func(k, v []byte) error {
			c, err := decodeConversation(v)
			if err != nil {
				return err
			}
			d := convDump{Conv: crm.Conversation{ID: c.ID, Record: c.Record, RecordName: c.RecordName,
				BusinessNumber: c.BusinessNumber, CustomerNumber: c.CustomerNumber, LastMessageAt: c.LastMessageAt}}
			txKV{tx}.scan(bMessages, prefixKey(c.ID), func(_, mv []byte) bool {
				var m crm.Message
				if err := json.Unmarshal(mv, &m); err != nil {
					t.Error(err)
				}
				d.Messages = append(d.Messages, crm.Message{ID: m.ID, ConversationID: m.ConversationID, Direction: m.Direction,
					Body: m.Body, Author: m.Author, From: m.From, To: m.To, CreatedAt: m.CreatedAt, Status: m.Status,
					ErrorCode: m.ErrorCode, FailureReason: m.FailureReason})
				return true
			})
			out[c.ID] = d
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportThenImportGivesTheSameConversations(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	// Traffic and admin changes, so the export is more than the seed.
	e.inbound("SMx1", phoneJane, numAlice, "hi")
	e.inbound("SMx2", phoneMarc, numEast, "bonjour")
	e.inbound("SMx3", "+14155553009", numWest, "who is this?") // a new lead
	e.inbound("SMx4", phoneJane, numAlice, "again")
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/api/v1/admin/teams", map[string]any{"id": "t_north", "name": "North"}},
		{"POST", "/api/v1/admin/users", map[string]any{"id": "u_erin", "name": "Erin", "roles": []string{"seller"}, "teams": []string{"t_north"}}},
		{"PUT", "/api/v1/admin/numbers/" + numWest + "/owner", map[string]any{"owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_north"}}},
		{"PUT", "/api/v1/admin/records/c_jane/owner", map[string]any{"owner": crm.Owner{Kind: crm.OwnerUser, ID: "u_erin"}}},
		{"PUT", "/api/v1/admin/settings/notifications", map[string]any{"enabled": false}},
	} {
		if st := e.do(c.method, c.path, tokRoot, c.body, nil); st/100 != 2 {
			t.Fatalf("%s %s: %d", c.method, c.path, st)
		}
	}
	var buf bytesBuffer
	if st := e.get("/api/v1/admin/export", tokRoot, &buf); st != 200 {
		t.Fatalf("export: %d %s", st, buf.b)
	}
	if !json.Valid(buf.b) {
		t.Fatalf("export is not JSON: %s", buf.b)
	}

	imported, err := Open(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer imported.Close()
	if err := imported.ImportDataset(buf.b); err != nil {
		t.Fatalf("re-import: %v", err)
	}
	want, got := dumpConversations(t, e.svc), dumpConversations(t, imported)
	if len(want) < 4 {
		t.Fatalf("only %d conversations to compare", len(want))
	}
	if !reflect.DeepEqual(want, got) {
		for id := range want {
			if !reflect.DeepEqual(want[id], got[id]) {
				t.Errorf("conversation %s:\n was %+v\n now %+v", id, want[id], got[id])
			}
		}
		t.FailNow()
	}
	// The directory comes back too (tokens aside), and so do owners.
	od, nd := e.svc.dir.Load(), imported.dir.Load()
	if !reflect.DeepEqual(od.userList(), nd.userList()) || !reflect.DeepEqual(od.teamList(), nd.teamList()) ||
		!reflect.DeepEqual(od.numberList(), nd.numberList()) || od.org != nd.org {
		t.Fatalf("directory differs after import:\n%+v\n%+v", od.numberList(), nd.numberList())
	}
	if rec, _ := imported.records.get("c_jane"); rec.Owner != (crm.Owner{Kind: crm.OwnerUser, ID: "u_erin"}) {
		t.Fatalf("record owner not exported: %+v", rec.Owner)
	}
	// Every user got a working token in the file.
	var ds struct {
		Users []struct{ ID, Token string }
	}
	if err := json.Unmarshal(buf.b, &ds); err != nil {
		t.Fatal(err)
	}
	for _, u := range ds.Users {
		if got, err := imported.Authenticate(u.Token); err != nil || got.ID != u.ID {
			t.Fatalf("exported token of %s: %v", u.ID, err)
		}
		if _, err := e.svc.Authenticate(u.Token); err == nil {
			t.Fatalf("exported token of %s works on the original server", u.ID)
		}
	}
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
