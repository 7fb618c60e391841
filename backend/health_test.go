package backend

import (
	"net/http"
	"testing"
)

// Issue 13, finding 6: /healthz showed activity counts (the event log's
// length, the sends stuck at the provider) to anyone. Without a token it
// now says only that the server is up; the counts need an admin's token.
func TestHealthzCountsForAdminsOnly(t *testing.T) {
	e := newEnv(t, adminDataset(t))

	var anon map[string]any
	if st := e.do("GET", "/healthz", "", nil, &anon); st != http.StatusOK {
		t.Fatalf("healthz without a token: %d", st)
	}
	if len(anon) != 1 || anon["status"] != "ok" {
		t.Errorf("healthz without a token = %v, want only {\"status\": \"ok\"}", anon)
	}

	var admin map[string]any
	if st := e.do("GET", "/healthz", tokRoot, nil, &admin); st != http.StatusOK {
		t.Fatalf("healthz with an admin's token: %d", st)
	}
	for _, key := range []string{"status", "last_seq", "pending_sends"} {
		if _, ok := admin[key]; !ok {
			t.Errorf("healthz for an admin = %v: no %q", admin, key)
		}
	}
	if seq, _ := admin["last_seq"].(float64); uint64(seq) != e.svc.LastSeq() {
		t.Errorf("last_seq %v, want %d", admin["last_seq"], e.svc.LastSeq())
	}

	var refused struct{ Error apiError }
	if st := e.do("GET", "/healthz", tokAlice, nil, &refused); st != http.StatusForbidden || refused.Error.Code != "forbidden" {
		t.Errorf("healthz with a seller's token: %d %+v, want 403 forbidden", st, refused)
	}
	if st := e.do("GET", "/healthz", "no-such-token-0123456789", nil, nil); st != http.StatusUnauthorized {
		t.Errorf("healthz with an unknown token: %d, want 401", st)
	}
}
