package backend

import (
	"context"
	"testing"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// A snapshot reuses the directory it holds only when the store's directory
// generation says nothing changed: a directory taken before an admin
// change must never stand in for the store after it.
func TestDirectoryGenerationFollowsEveryChange(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	gen := func() uint64 {
		var g uint64
		if err := e.svc.db.View(func(tx *bolt.Tx) error { g = dirGen(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		return g
	}
	if gen() == 0 {
		t.Fatal("an imported dataset left the directory generation at 0")
	}
	steps := []struct {
		method, path string
		body         any
	}{
		{"POST", "/api/v1/admin/teams", map[string]any{"id": "t_north", "name": "North"}},
		{"POST", "/api/v1/admin/users/u_bob/rename", map[string]any{"name": "Robert"}},
		{"POST", "/api/v1/admin/users/u_bob/token", nil},
		{"POST", "/api/v1/admin/numbers", map[string]any{"number": "+1 (415) 555-0177", "name": "North line", "owner": crm.Owner{Kind: crm.OwnerTeam, ID: "t_north"}}},
		{"PUT", "/api/v1/admin/settings/notifications", map[string]any{"enabled": false}},
	}
	for _, s := range steps {
		before, held := gen(), e.svc.dir.Load()
		if st := e.do(s.method, s.path, tokRoot, s.body, nil); st/100 != 2 {
			t.Fatalf("%s %s: %d", s.method, s.path, st)
		}
		if gen() == before {
			t.Errorf("%s %s changed the directory but not its generation", s.method, s.path)
		}
		err := e.svc.db.View(func(tx *bolt.Tx) error {
			d, err := directoryAt(tx, held)
			if d == held {
				t.Errorf("%s %s: the directory from before the change was reused", s.method, s.path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	snap, err := e.svc.Snapshot(context.Background(), "u_alice")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range snap.Users {
		if u.ID == "u_bob" {
			names = append(names, u.Name)
		}
	}
	if len(names) != 1 || names[0] != "Robert" {
		t.Errorf("snapshot after the rename names u_bob %q", names)
	}
	if snap.Org.InAppNotifications {
		t.Error("snapshot still has in-app notifications on")
	}
}
