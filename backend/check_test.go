package backend

import (
	"net/http"
	"testing"
)

// TestAdminCheckOverREST: an admin checks the whole store file over the
// admin API (a healthy store is OK, naming its file); a seller may not.
// Damage found by the check is covered page by page in
// TestDamagedStoreIsAClearErrorNotAPanic.
func TestAdminCheckOverREST(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	e.inbound("SM1", phoneJane, numAlice, "checked")
	var rep CheckReport
	if st := e.do("GET", "/api/v1/admin/check", tokRoot, nil, &rep); st != http.StatusOK {
		t.Fatalf("check: status %d", st)
	}
	if !rep.OK || len(rep.Problems) != 0 || rep.File != e.svc.db.Path() {
		t.Fatalf("healthy store: %+v", rep)
	}
	if st := e.do("GET", "/api/v1/admin/check", tokAlice, nil, nil); st != http.StatusForbidden {
		t.Fatalf("a seller checked the store: status %d", st)
	}
}
