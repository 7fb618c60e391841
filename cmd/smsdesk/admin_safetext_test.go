package main

import (
	"strings"
	"testing"
)

// TestAdminListingsShowOutsideTextNotObeyed: names an administrator (or a
// dataset) gave users and teams come back in listings; escape sequences,
// control characters and bidi overrides in them are printed as visible
// placeholders, never sent raw to the terminal, and the columns hold.
func TestAdminListingsShowOutsideTextNotObeyed(t *testing.T) {
	base := adminServe(t)
	evil := "Eve\x1b[31mRED\x1b]0;pwned\x07\x1b[2J\bOVER\u009b1m\u202Elive\u2066x\u2069\ttab"
	mustAdmin(t, base, "teams", "add", "t_evil", evil)
	mustAdmin(t, base, "users", "add", "u_evil", "--name", evil, "--teams", "t_evil")
	for _, args := range [][]string{{"users", "list"}, {"teams", "list"}, {"teams", "members", "t_evil"}} {
		out := mustAdmin(t, base, args...)
		if strings.ContainsAny(out, "\x1b\b\x07\u009b\u202E\u2066\u2069") || strings.Contains(out, "\ttab") {
			t.Errorf("admin %v prints a control or bidi character:\n%q", args, out)
		}
		if !strings.Contains(out, "Eve␛[31mRED␛]0;pwned␇␛[2J␈OVER␛[1m⇄live⇄x⇄ tab") {
			t.Errorf("admin %v does not show the name with placeholders:\n%s", args, out)
		}
	}
}
