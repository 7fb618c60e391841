package main

import "testing"

// A server address without its scheme is refused before the TUI starts,
// with the form it should take, instead of a URL parser's error inside it.
func TestTUIRefusesAServerWithoutScheme(t *testing.T) {
	for _, server := range []string{"127.0.0.1:8080", "sms.example.com", "ftp://sms.example.com", "http://"} {
		code, out := runWith(t, map[string]string{"SMSDESK_CACHE": t.TempDir() + "/c.db"}, "tui", "--server", server, "--token", "alice-token-0123456789")
		if code != 2 {
			t.Errorf("--server %q: exit %d, want 2:\n%s", server, code, out)
		}
		mustSay(t, out, server, "http://host:port")
	}
	code, out := runWith(t, map[string]string{"LANG": "gl_ES.UTF-8"}, "tui", "--server", "127.0.0.1:8080", "--token", "x")
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	mustSay(t, out, "non é un enderezo de servidor")
}
