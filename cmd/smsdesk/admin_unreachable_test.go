package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// A server that cannot be reached is explained (which address, what was
// tried, what to check) in the caller's language, with the dial error
// kept after the explanation rather than printed alone.
func TestAdminExplainsAnUnreachableServer(t *testing.T) {
	base := "http://" + freeAddr(t) // nothing listens there: connection refused
	code, _, errOut := admin(t, base, adminTok, "", "users", "list")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, errOut)
	}
	mustSay(t, errOut,
		"smsdesk admin: could not reach the server at "+base+" (tried GET "+base+"/api/v1/admin/users).",
		"Check that smsdesk serve is running there and that --server (or SMSDESK_SERVER) is its address",
		"cause: dial tcp ", "connection refused")
	mustNotSay(t, errOut, "smsdesk admin: GET", `Get "`)

	// An unknown host name: the same explanation, in French here. A backup
	// leaves no partial file behind.
	dir := t.TempDir()
	code, errOut = runWith(t, french, "admin", "--server", "http://smsdesk-test.invalid/", "--token", adminTok, "backup", filepath.Join(dir, "b.db"))
	if code != 1 {
		t.Fatalf("unknown host: exit %d, want 1:\n%s", code, errOut)
	}
	mustSay(t, errOut,
		"smsdesk admin : impossible de joindre le serveur à l’adresse http://smsdesk-test.invalid (tentative : GET http://smsdesk-test.invalid/api/v1/admin/backup).",
		"Vérifiez que smsdesk serve y est lancé", "cause : ", "smsdesk-test.invalid")
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("the failed backup left %v", left)
	}

	code, errOut = runWith(t, galician, "admin", "--server", base, "--token", adminTok, "teams", "list")
	if code != 1 {
		t.Fatalf("galician: exit %d, want 1:\n%s", code, errOut)
	}
	mustSay(t, errOut, "non se puido contactar co servidor en "+base, "intentouse GET "+base+"/api/v1/admin/teams", "causa: ")
}

// A server that takes the connection and never answers is unreachable too
// once the call's deadline passes; one that answers, even with an error,
// is not.
func TestAdminClientTellsSilenceFromAnAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	accepted := make(chan struct{})
	go func() {
		defer close(accepted)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c) // kept open, never answered
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-accepted
		for _, c := range held {
			c.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = newAdminClient("http://"+ln.Addr().String(), adminTok).do(ctx, http.MethodGet, adminPath("users"), nil, nil)
	var unreachable *unreachableError
	if !errors.As(err, &unreachable) {
		t.Fatalf("silent server: %v (%T), want an unreachableError", err, err)
	}

	base := adminServe(t)
	err = newAdminClient(base, "not-a-token-0123456789").do(context.Background(), http.MethodGet, adminPath("users"), nil, nil)
	var api *apiError
	if !errors.As(err, &api) || api.Status != http.StatusUnauthorized || errors.As(err, &unreachable) {
		t.Fatalf("refused token: %v, want HTTP 401 and not unreachable", err)
	}
}
