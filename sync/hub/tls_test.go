package hub

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

// selfSignedTLS makes a certificate for 127.0.0.1 that signs itself: the
// server presents it, and a client trusts it only with pool.
func selfSignedTLS(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smsdesk sync test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool
}

// runClient runs a client on a fresh cache until the test ends.
// runClient runs a client on a fresh cache until the test ends; it returns
// the cache too, so the test can read what was synced.
func runClient(t *testing.T, cfg client.ClientConfig) (*client.Client, *localdb.DB) {
	t.Helper()
	cfg.DB = openCache(t, filepath.Join(t.TempDir(), "cache.db"))
	t.Cleanup(func() { _ = cfg.DB.Close() })
	cfg.Rand = testRand(3)
	c := client.NewClient(cfg)
	c.SetBackoff(10*time.Millisecond, 100*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("client run: %v", err)
		}
	})
	return c, cfg.DB
}

// The real backend handler and hub behind TLS on loopback, with a
// certificate no system trusts: the client syncs over wss:// once given
// the CA, and without it says why it cannot connect.
func TestClientSyncsOverTLS(t *testing.T) {
	svc, err := backend.Open(backend.Config{Dir: t.TempDir(), Provider: newCountingProvider(), Now: newTestClock().Now, Rand: mrand.NewChaCha8([32]byte{4})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	if err := svc.ImportDatasetFile(filepath.Join("testdata", "base.json")); err != nil {
		t.Fatal(err)
	}
	hub := NewHub(svc, HubConfig{})
	t.Cleanup(func() { _ = hub.Close() })
	mux := http.NewServeMux()
	mux.Handle("/", backend.NewServer(svc, backend.ServerConfig{}))
	mux.Handle("GET /ws", hub)
	srv := httptest.NewUnstartedServer(mux)
	cert, pool := selfSignedTLS(t)
	// The refused handshakes are the point of the second half: not news.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	if !strings.HasPrefix(srv.URL, "https://") {
		t.Fatalf("server at %s, want https", srv.URL)
	}

	snap, err := svc.Snapshot(context.Background(), "u_alice")
	if err != nil || len(snap.Conversations) == 0 {
		t.Fatalf("alice's snapshot: %d conversations, %v", len(snap.Conversations), err)
	}
	trusted, trustedDB := runClient(t, client.ClientConfig{ServerURL: srv.URL, Token: tokAlice, TLS: &tls.Config{RootCAs: pool}})
	var st client.Status
	waitFor(t, "the client online over wss", 10*time.Second, func() bool {
		st = latestStatus(trusted, st)
		return st.State == client.StateOnline
	})
	rows, err := trustedDB.Conversations()
	if err != nil || len(rows) != len(snap.Conversations) {
		t.Fatalf("cache holds %d conversations (%v), alice sees %d", len(rows), err, len(snap.Conversations))
	}

	untrusted, trustedDB := runClient(t, client.ClientConfig{ServerURL: srv.URL, Token: tokAlice})
	st = client.Status{}
	waitFor(t, "a certificate error in the status", 10*time.Second, func() bool {
		st = latestStatus(untrusted, st)
		return st.LastError != ""
	})
	if st.State == client.StateOnline || !strings.Contains(st.LastError, "certificate") || !strings.Contains(st.LastError, "wss://") {
		t.Fatalf("without the CA: state %v, error %q; want offline and a certificate error naming the wss address", st.State, st.LastError)
	}
	t.Logf("without the CA: %s", st.LastError)
}
