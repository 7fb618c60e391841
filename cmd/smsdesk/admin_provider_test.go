package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// TestAdminProviderSettingsTakeEffect: credentials set with `smsdesk admin
// provider set` replace the flags' at once, for the webhook's signature
// check and for the client's sends, without a restart.
func TestAdminProviderSettingsTakeEffect(t *testing.T) {
	const (
		flagSID   = "AC0000000000000000000000000000000a"
		flagToken = "flag-token-0123456789abcdef"
		newSID    = "AC0123456789abcdef0123456789abcdef"
		newToken  = "f00dfeedf00dfeedf00dfeedf00dc0de"
		publicURL = "https://sms.example.com"
	)
	fake := twiliotest.New(twiliotest.Config{AccountSID: newSID, AuthToken: newToken})
	defer fake.Close()

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
	base, _, stop := startServe(t, "--data", t.TempDir(), "--dataset", ds, "--provider", "twilio", "--public-url", publicURL,
		"--twilio-account-sid", flagSID, "--twilio-auth-token", flagToken, "--twilio-api-base", fake.URL)
	defer stop()

	post := func(token string, n uint64) int {
		t.Helper()
		params := twiliotest.InboundParams(newSID, twiliotest.InboundSID(n), "+14155552671", "+14155550100", "hi")
		resp, err := twiliotest.Poster{AuthToken: token}.Post(context.Background(), publicURL+twilio.InboundPath, base+twilio.InboundPath, params)
		if err != nil {
			t.Fatal(err)
		}
		return resp.Status
	}
	if st := post(flagToken, 1); st != 200 {
		t.Fatalf("webhook signed with the flag's token: %d", st)
	}
	if code, _, _ := admin(t, base, adminTok, "", "provider", "test", "--from", "+14155550101", "--to", "+14155552671"); code != 1 {
		t.Fatalf("a test send with the flag's (wrong) account succeeded: exit %d", code)
	}

	out2 := mustAdminIn(t, base, newToken+"\n", "provider", "set", "--account-sid", newSID, "--auth-token-stdin")
	if !strings.Contains(out2, newSID) || strings.Contains(out2, newToken) {
		t.Fatalf("provider set:\n%s", out2)
	}
	if st := post(flagToken, 2); st == 200 {
		t.Fatal("the old token still signs webhooks")
	}
	if st := post(newToken, 3); st != 200 {
		t.Fatalf("webhook signed with the new token: %d", st)
	}
	if code, o, e := admin(t, base, adminTok, "", "provider", "test", "--from", "+14155550101", "--to", "+14155552671"); code != 0 || fake.SendCount() != 1 {
		t.Fatalf("test send with the new account: exit %d %q %q, %d sends", code, o, e, fake.SendCount())
	}
	if s := fake.Sends()[0]; s.From != "+14155550101" || s.To != "+14155552671" || !strings.HasPrefix(s.StatusCallback, publicURL+twilio.StatusPath) {
		t.Fatalf("test send: %+v", s)
	}
}

func mustAdminIn(t *testing.T, base, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := admin(t, base, adminTok, stdin, args...)
	if code != 0 {
		t.Fatalf("admin %v: exit %d: %s", args, code, errOut)
	}
	return out
}
