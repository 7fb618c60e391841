package main

import (
	"strings"
	"testing"
)

// TestAdminCheckCLI: `smsdesk admin check` against a real server says the
// store is intact and names its file; a seller's token is refused.
func TestAdminCheckCLI(t *testing.T) {
	base := adminServe(t)
	out := mustAdmin(t, base, "check")
	if !strings.Contains(out, "intact") || !strings.Contains(out, "smsdesk.db") {
		t.Fatalf("check on a healthy store:\n%s", out)
	}
	if code, _, errOut := admin(t, base, "alice-token-0123456789", "", "check"); code == 0 {
		t.Fatalf("a seller ran check: %s", errOut)
	}
}
