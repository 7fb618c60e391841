package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smsdesk/backend"
)

const adminTok = "root-token-0123456789"

// adminServe starts `smsdesk serve` in-process on the example dataset plus
// an admin, with the simulator as provider.
func adminServe(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../../examples/dataset.json")
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	tree["users"] = append(tree["users"].([]any), map[string]any{"id": "u_root", "name": "Root", "token": adminTok, "roles": []any{"admin"}})
	ds := filepath.Join(t.TempDir(), "dataset.json")
	out, _ := json.Marshal(tree)
	if err := os.WriteFile(ds, out, 0o600); err != nil {
		t.Fatal(err)
	}
	base, _, stop := startServe(t, "--data", t.TempDir(), "--dataset", ds, "--public-url", "https://sms.example.com/")
	t.Cleanup(func() {
		if code := stop(); code != 0 {
			t.Errorf("serve exited %d", code)
		}
	})
	return base
}

// admin runs `smsdesk admin` in-process with SMSDESK_SERVER and
// SMSDESK_TOKEN set, and returns its exit code, stdout and stderr.
func admin(t *testing.T, base, token, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string {
			return map[string]string{"SMSDESK_SERVER": base, "SMSDESK_TOKEN": token}[k]
		}}
	code := run(context.Background(), env, append([]string{"admin"}, args...))
	return code, stdout.String(), stderr.String()
}

// mustAdmin runs a command that must succeed and returns its stdout.
func mustAdmin(t *testing.T, base string, args ...string) string {
	t.Helper()
	code, out, errOut := admin(t, base, adminTok, "", args...)
	if code != 0 {
		t.Fatalf("admin %v: exit %d: %s", args, code, errOut)
	}
	return out
}

func TestAdminCLIAgainstRealServer(t *testing.T) {
	base := adminServe(t)

	out := mustAdmin(t, base, "users", "list")
	if !strings.HasPrefix(out, "ID") || !strings.Contains(out, "u_alice") || !strings.Contains(out, "seller") {
		t.Fatalf("users list:\n%s", out)
	}
	mustAdmin(t, base, "teams", "add", "t_north", "North")
	out = mustAdmin(t, base, "users", "add", "u_erin", "--name", "Erin Doe", "--teams", "t_north")
	_, erinTok, ok := strings.Cut(strings.TrimSpace(out), "store it now): ")
	if !ok || len(erinTok) < 16 {
		t.Fatalf("users add printed no token:\n%s", out)
	}
	if out := mustAdmin(t, base, "teams", "members", "t_north"); !strings.Contains(out, "u_erin") {
		t.Fatalf("members:\n%s", out)
	}
	out = mustAdmin(t, base, "numbers", "add", "+1 415 555 0177", "--name", "North line", "--owner", "team:t_north")
	if !strings.Contains(out, "+14155550177") || !strings.Contains(out, "team:t_north") {
		t.Fatalf("numbers add:\n%s", out)
	}
	mustAdmin(t, base, "numbers", "rename", "+14155550177", "North main")
	mustAdmin(t, base, "numbers", "type", "+14155550177", "toll_free")
	mustAdmin(t, base, "numbers", "owner", "+14155550177", "user:u_erin")
	mustAdmin(t, base, "records", "owner", "c_jane", "team:t_west")
	mustAdmin(t, base, "users", "roles", "u_erin", "seller,manager")
	mustAdmin(t, base, "users", "rename", "u_erin", "Erin Doe-Ray")
	out = mustAdmin(t, base, "numbers", "list")
	if !strings.Contains(out, "North main") || !strings.Contains(out, "toll_free") || !strings.Contains(out, "user:u_erin") {
		t.Fatalf("numbers list:\n%s", out)
	}
	if out := mustAdmin(t, base, "numbers", "remove", "+14155550177"); !strings.Contains(out, "removed") {
		t.Fatalf("numbers remove:\n%s", out)
	}

	// Bad input: a clear message naming the field, exit status 1.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"numbers", "add", "+1555", "--name", "X", "--owner", "user:u_bob"}, "number: \"+1555\" is not a valid E.164 number"},
		{[]string{"numbers", "owner", "+14155550101", "user:u_nobody"}, "owner: unknown user \"u_nobody\""},
		{[]string{"users", "teams", "u_bob", "t_west,t_nowhere"}, "teams[1]: unknown team \"t_nowhere\""},
		{[]string{"teams", "add", "t_other", "west"}, "name: team \"t_west\" is already named"},
		{[]string{"users", "add", "u_bob", "--name", "Bob"}, "id: user \"u_bob\" already exists"},
	} {
		code, _, errOut := admin(t, base, adminTok, "", c.args...)
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("admin %v: exit %d %q, want 1 and %q", c.args, code, errOut, c.want)
		}
	}
	// Command-line mistakes: exit status 2.
	for _, args := range [][]string{{"numbers"}, {"numbers", "fly"}, {"planes", "list"}, {"numbers", "owner", "+14155550101", "bob"}, {"settings", "notifications", "maybe"}} {
		if code, _, _ := admin(t, base, adminTok, "", args...); code != 2 {
			t.Errorf("admin %v: exit %d, want 2", args, code)
		}
	}
	if code, _, errOut := admin(t, base, "", "", "users", "list"); code != 2 || !strings.Contains(errOut, "token is required") {
		t.Errorf("no token: %d %q", code, errOut)
	}
	// A seller (erin is seller+manager now: use alice) is refused.
	if code, _, errOut := admin(t, base, "alice-token-0123456789", "", "users", "list"); code != 1 || !strings.Contains(errOut, "HTTP 403") {
		t.Errorf("seller: %d %q", code, errOut)
	}
	// The manager sees the numbers.
	if code, out, errOut := admin(t, base, erinTok, "", "numbers", "list"); code != 0 || !strings.Contains(out, "+14155550100") {
		t.Errorf("manager numbers list: %d %q %q", code, out, errOut)
	}

	// Settings and provider.
	if out := mustAdmin(t, base, "settings", "notifications", "off"); !strings.Contains(out, "off") {
		t.Fatalf("notifications off:\n%s", out)
	}
	out = mustAdmin(t, base, "provider", "show")
	if !strings.Contains(out, "sim") || !strings.Contains(out, "needs no callback URLs") || !strings.Contains(out, "not set") {
		t.Fatalf("provider show:\n%s", out)
	}
	const authToken = "f00dfeedf00dfeedf00dfeedf00dc0de"
	code, out, errOut := admin(t, base, adminTok, authToken+"\n", "provider", "set", "--account-sid", "AC0123456789abcdef0123456789abcdef", "--auth-token-stdin")
	if code != 0 || !strings.Contains(out, "set (…c0de)") || strings.Contains(out, authToken) {
		t.Fatalf("provider set: %d %q %q", code, out, errOut)
	}
	out = mustAdmin(t, base, "provider", "test", "--from", "+14155550101", "--to", "+14155552671")
	if !strings.Contains(out, "PROVIDER ID") {
		t.Fatalf("provider test:\n%s", out)
	}

	// Tokens: a new one works, a revoked one is refused.
	out = mustAdmin(t, base, "users", "token", "u_erin")
	_, newTok, _ := strings.Cut(strings.TrimSpace(out), "store it now): ")
	if code, _, _ := admin(t, base, erinTok, "", "numbers", "list"); code != 1 {
		t.Error("the replaced token still works")
	}
	if code, _, _ := admin(t, base, newTok, "", "numbers", "list"); code != 0 {
		t.Error("the new token does not work")
	}
	mustAdmin(t, base, "users", "revoke", "u_erin")
	if code, _, errOut := admin(t, base, newTok, "", "numbers", "list"); code != 1 || !strings.Contains(errOut, "HTTP 401") {
		t.Errorf("revoked token: %d %q", code, errOut)
	}

	// Backup and export files are private and usable.
	dir := t.TempDir()
	restoreDir := filepath.Join(dir, "restore")
	if err := os.Mkdir(restoreDir, 0o700); err != nil {
		t.Fatal(err)
	}
	backupFile := filepath.Join(restoreDir, backend.DBFile)
	if out := mustAdmin(t, base, "backup", backupFile); !strings.Contains(out, "restore:") {
		t.Fatalf("backup:\n%s", out)
	}
	exportFile := filepath.Join(dir, "export.json")
	mustAdmin(t, base, "export", exportFile)
	for _, f := range []string{backupFile, exportFile} {
		st, err := os.Stat(f)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", f, st.Mode(), err)
		}
	}
	// smsdesk serve --data accepts the restored copy as it is.
	restoredURL, _, stopRestored := startServe(t, "--data", restoreDir)
	if out := mustAdmin(t, restoredURL, "numbers", "list"); !strings.Contains(out, "North main") || !strings.Contains(out, "removed") {
		t.Errorf("restored server's numbers:\n%s", out)
	}
	if code := stopRestored(); code != 0 {
		t.Errorf("restored server exited %d", code)
	}
	reimported, err := backend.Open(backend.Config{Dir: filepath.Join(dir, "reimport")})
	if err != nil {
		t.Fatal(err)
	}
	if err := reimported.ImportDatasetFile(exportFile); err != nil {
		t.Errorf("re-import the export: %v", err)
	}
	reimported.Close()

	// The audit log lists every change, newest first.
	out = mustAdmin(t, base, "audit", "--limit", "3")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[1], "export") || !strings.Contains(lines[2], "backup") || !strings.Contains(lines[3], "users.revoke") {
		t.Fatalf("audit:\n%s", out)
	}
	if strings.Contains(mustAdmin(t, base, "audit", "--limit", "1000"), authToken) {
		t.Fatal("the audit log shows the Twilio auth token")
	}
}
