package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"smsdesk/i18n"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// The TLS setting --ca-cert gives the sync client trusts a server whose
// certificate the private CA signed: a real client syncs against `smsdesk
// serve` over wss:// with it.
func TestCACertLetsTheSyncClientTrustAPrivateCA(t *testing.T) {
	cert, key, _ := selfSigned(t)
	base, _, stop := startServe(t, "--data", t.TempDir(), "--dataset", "../../examples/dataset.json",
		"--tls-cert", cert, "--tls-key", key)
	p, err := i18n.New(language.English)
	if err != nil {
		t.Fatal(err)
	}
	tlsCfg, err := clientTLS(p, cert)
	if err != nil {
		t.Fatal(err)
	}
	db, err := localdb.Open(filepath.Join(t.TempDir(), "cache.db"), localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	syncClient := client.NewClient(client.ClientConfig{ServerURL: base, Token: "alice-token-0123456789", DB: db, TLS: tlsCfg})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- syncClient.Run(ctx) }()
	var st client.Status
	eventually(t, 10*time.Second, "the client online over wss", func() bool {
		select {
		case st = <-syncClient.Status():
		default:
		}
		return st.State == client.StateOnline
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("client run: %v", err)
	}
	if rows, err := db.Conversations(); err != nil || len(rows) == 0 {
		t.Fatalf("cache holds %d conversations (%v)", len(rows), err)
	}
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
}

// A --ca-cert (or SMSDESK_CA_CERT) that cannot be used stops smsdesk tui
// before it starts, saying which file and why, in the seller's language.
func TestCACertErrors(t *testing.T) {
	_, key, _ := selfSigned(t)
	missing := filepath.Join(t.TempDir(), "nope.pem")
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"missing file", nil, []string{"--ca-cert", missing}, "cannot read the CA certificate " + missing},
		{"not a certificate, from env", map[string]string{"SMSDESK_CA_CERT": key}, nil, key + " holds no PEM certificate"},
		{"in French", map[string]string{"SMSDESK_LANG": "fr"}, []string{"--ca-cert", key}, key + " ne contient aucun certificat PEM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out syncBuffer
			args := append([]string{"tui", "--server", "https://127.0.0.1:1", "--token", "x", "--cache", filepath.Join(t.TempDir(), "c.db")}, tc.args...)
			if code := run(t.Context(), testEnv(tc.vars, &out), args); code != 1 || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, output %q; want 1 and %q", code, out.String(), tc.want)
			}
		})
	}
}
