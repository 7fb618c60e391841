package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smsdesk/backend/twilio/twiliotest"
)

func TestGenDatasetIsImportedByServe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ds.json")
	var out syncBuffer
	if code := run(t.Context(), testEnv(nil, &out), []string{"loadtest", "--gen-dataset", path, "--users", "30"}); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	targets, err := loadTargets(path)
	if err != nil || len(targets) != 30 || targets[7].Phone == "" || targets[7].SendRecord == "" {
		t.Fatalf("targets %d %+v %v", len(targets), targets, err)
	}
	// serve seeds from it: the importer validates every number and owner,
	// and serve exits (startServe fails) if it refuses the file.
	_, _, stop := startServe(t, "--data", filepath.Join(dir, "data"), "--dataset", path)
	if code := stop(); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
}

// TestLoadtestSmall runs the load tool for a second against an in-process
// `serve` (Twilio provider, fake Twilio): every webhook is answered 200 and
// lands in the cache of each client of its user, and the report says so.
func TestLoadtestSmall(t *testing.T) {
	dir := t.TempDir()
	ds := filepath.Join(dir, "ds.json")
	raw, err := genDataset{Users: 6, Teams: 2}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ds, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	fake := twiliotest.New(twiliotest.Config{})
	defer fake.Close()
	addr := freeAddr(t)
	base, _, stop := startServe(t, "--addr", addr, "--data", filepath.Join(dir, "data"), "--dataset", ds,
		"--provider", "twilio", "--public-url", "http://"+addr, "--twilio-account-sid", fake.AccountSID(),
		"--twilio-auth-token", fake.AuthToken(), "--twilio-api-base", fake.URL)
	defer stop()
	cfg := loadConfig{Server: base, PublicURL: base, AuthToken: fake.AuthToken(), AccountSID: fake.AccountSID(),
		Dataset: ds, Clients: 8, Rate: 50, SendRate: 5, Duration: time.Second, CacheDir: dir}
	rep, err := loadtest(t.Context(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if rep.errors() != 0 || rep.posted != 50 || rep.delivered != rep.expected || rep.expected < 50 || len(rep.lat) != rep.delivered {
		t.Fatalf("report: %+v", rep)
	}
	var b bytes.Buffer
	rep.print(&b, cfg)
	for _, want := range []string{"webhook -> client cache", "p99.9", "bare websocket echo", "errors: 0 webhook, 0 undelivered"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
