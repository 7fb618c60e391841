package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// selfSigned writes a certificate for 127.0.0.1 and its key as PEM files
// and returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "smsdesk test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
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
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, pool
}

// dialSync opens the sync websocket as token, says hello and returns the
// welcome frame.
func dialSync(t *testing.T, d *websocket.Dialer, wsURL, token string) (*websocket.Conn, wire.Frame) {
	t.Helper()
	ws, resp, err := d.Dial(wsURL, http.Header{"Authorization": {"Bearer " + token}})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		t.Fatalf("dial %s: %v", wsURL, err)
	}
	if err := ws.WriteJSON(wire.Frame{V: wire.Version, Type: wire.TypeHello, ClientID: "cl_test"}); err != nil {
		t.Fatal(err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	var f wire.Frame
	if err := ws.ReadJSON(&f); err != nil {
		t.Fatalf("read welcome: %v", err)
	}
	return ws, f
}

// `smsdesk serve --tls-cert --tls-key` serves REST over HTTPS and the sync
// websocket over wss://, and refuses plain HTTP.
func TestServeTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	base, _, stop := startServe(t, "--data", t.TempDir(), "--dataset", "../../examples/dataset.json",
		"--tls-cert", cert, "--tls-key", key)
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("listening on %s, want https://", base)
	}
	tlsCfg := &tls.Config{RootCAs: pool}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsCfg}, Timeout: 10 * time.Second}
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/conversations", nil)
	req.Header.Set("Authorization", "Bearer alice-token-0123456789")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Conversations []json.RawMessage `json:"conversations"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || len(list.Conversations) != 2 {
		t.Fatalf("GET conversations over https: %d %v %d", resp.StatusCode, err, len(list.Conversations))
	}
	// Plain HTTP to the TLS port is refused.
	plain := &http.Client{Timeout: 5 * time.Second}
	if resp, err := plain.Get("http://" + strings.TrimPrefix(base, "https://") + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Fatal("plain HTTP answered 200 on the TLS port")
		}
	}
	// The sync websocket over wss://, trusting only the test certificate.
	d := &websocket.Dialer{TLSClientConfig: tlsCfg, HandshakeTimeout: 5 * time.Second}
	ws, welcome := dialSync(t, d, "wss://"+strings.TrimPrefix(base, "https://")+"/ws", "alice-token-0123456789")
	ws.Close()
	if welcome.Type != wire.TypeWelcome || welcome.User == nil || welcome.User.ID != "u_alice" {
		t.Fatalf("first frame over wss: %+v", welcome)
	}
	// An untrusted certificate is refused by a client with the system roots.
	if ws, _, err := (&websocket.Dialer{HandshakeTimeout: 5 * time.Second}).Dial("wss://"+strings.TrimPrefix(base, "https://")+"/ws", nil); err == nil {
		ws.Close()
		t.Fatal("a self-signed certificate was accepted without being trusted")
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestServeTLSFlagErrors(t *testing.T) {
	cert, key, _ := selfSigned(t)
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"cert without key", nil, []string{"--tls-cert", cert}, 2, "--tls-cert and --tls-key go together"},
		{"key without cert from env", map[string]string{"SMSDESK_TLS_KEY": key}, nil, 2, "--tls-cert and --tls-key go together"},
		{"missing file", nil, []string{"--tls-cert", cert, "--tls-key", filepath.Join(t.TempDir(), "nope.pem")}, 2, "--tls-key"},
		{"key is not a key", nil, []string{"--tls-cert", cert, "--tls-key", cert}, 1, "--tls-cert " + cert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out syncBuffer
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}, tc.args...)
			if code := run(t.Context(), testEnv(tc.vars, &out), args); code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Fatalf("exit %d, output %q; want %d and %q", code, out.String(), tc.code, tc.want)
			}
		})
	}
}

// The shared stack closes the websockets of a user whose token an admin
// revoked, and Close releases the store.
func TestStackRevokedTokenClosesWebsocket(t *testing.T) {
	raw, err := os.ReadFile("../../examples/dataset.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := startStack(stackConfig{Dir: dir, Dataset: raw, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ws, welcome := dialSync(t, websocket.DefaultDialer, "ws://"+strings.TrimPrefix(st.URL, "http://")+"/ws", "alice-token-0123456789")
	defer ws.Close()
	if welcome.Type != wire.TypeWelcome {
		t.Fatalf("first frame %+v", welcome)
	}
	eventually(t, 5*time.Second, "alice connected", func() bool { return st.hub.Connections("u_alice") == 1 })
	admin := crm.User{ID: "u_root", Name: "Root", Roles: []crm.Role{crm.RoleAdmin}}
	if err := st.svc.RevokeToken(context.Background(), admin, "u_alice"); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "alice's websocket closed after revocation", func() bool { return st.hub.Connections("u_alice") == 0 })
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			break // closed by the server
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	svc, err := backend.Open(backend.Config{Dir: dir, OpenTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store still locked after Close: %v", err)
	}
	_ = svc.Close()
}
