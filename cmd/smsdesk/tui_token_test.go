package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// tokenTerm runs `smsdesk tui` in windows of a private tmux server, each
// followed by its exit code, so a test can read what stays on the
// terminal once the TUI is gone.
type tokenTerm struct {
	t          *testing.T
	tmux, sock string
	bin, base  string
}

// start opens window name on `smsdesk tui --server base args…`; the shell
// prints exit=CODE after it and keeps the window open.
func (r *tokenTerm) start(name string, args ...string) {
	r.t.Helper()
	cmd := []string{"env", "TERM=xterm-256color", shellQuote(r.bin), "tui", "--server", shellQuote(r.base)}
	for _, a := range args {
		cmd = append(cmd, shellQuote(a))
	}
	line := strings.Join(cmd, " ") + `; echo "exit=$?"; exec cat`
	if out, err := exec.Command(r.tmux, "-L", r.sock, "new-session", "-d", "-s", name, "-x", "120", "-y", "32", line).CombinedOutput(); err != nil {
		r.t.Fatalf("tmux new-session: %v: %s", err, out)
	}
}

func (r *tokenTerm) screen(name string) string {
	out, err := exec.Command(r.tmux, "-L", r.sock, "capture-pane", "-p", "-J", "-t", name).CombinedOutput()
	if err != nil {
		return err.Error() + ": " + string(out)
	}
	return string(out)
}

// wait returns window name's screen once it shows every one of wants.
func (r *tokenTerm) wait(name, what string, wants ...string) string {
	r.t.Helper()
	var screen string
	waitFor(r.t, 20*time.Second, what, func() (bool, string) {
		screen = r.screen(name)
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				return false, screen
			}
		}
		return true, ""
	})
	return screen
}

// A token the server refuses ends `smsdesk tui` with a message in the
// seller's language on the restored terminal and exit status 1, instead
// of an empty grid: on a first start, when the token is replaced while the
// TUI runs, and on a restart over a cache that holds earlier data.
func TestTUIExitsWhenTheServerRefusesTheToken(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("this test drives smsdesk tui in tmux, which is not installed: %v", err)
	}
	dir := t.TempDir()
	r := &tokenTerm{t: t, tmux: tmux, sock: "smsdesk-token-test-" + strconv.Itoa(os.Getpid()),
		bin: buildBinary(t, dir), base: adminServe(t)}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", r.sock, "kill-server").Run() })

	r.start("never", "--token", "not-a-token-0123456789", "--cache", filepath.Join(dir, "never.db"), "--lang", "en")
	screen := r.wait("never", "the TUI to exit on an unknown token", "exit=")
	mustSay(t, screen,
		"smsdesk tui: the server at "+r.base+" refused your token: it is unknown, or it was revoked or replaced.",
		"Ask your administrator for a new token (smsdesk admin users token ID), then start again with --token (or SMSDESK_TOKEN).",
		"exit=1")
	mustNotSay(t, screen, "My text messages", "No conversations yet", "unsent")

	cache := filepath.Join(dir, "alice.db")
	r.start("alice", "--token", "alice-token-0123456789", "--cache", cache, "--lang", "fr")
	r.wait("alice", "Alice's grid, synced", "● En ligne", "Jane Cooper")
	mustAdmin(t, r.base, "users", "token", "u_alice")
	screen = r.wait("alice", "the TUI to exit once Alice's token is replaced", "exit=")
	mustSay(t, screen, "smsdesk tui : le serveur "+r.base+" a refusé votre jeton", "Demandez un nouveau jeton à votre administrateur", "exit=1")
	mustNotSay(t, screen, "Jane Cooper")

	db, err := localdb.Open(cache, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	convs, err := db.Conversations()
	if err != nil || len(convs) == 0 {
		db.Close()
		t.Fatalf("the cache kept %d conversations (%v), want Alice's", len(convs), err)
	}
	// Something Alice did offline and never sent: the refusal must say
	// where it waits, since a new token opens another default cache.
	err = db.Enqueue(crm.Command{ID: "cmd_offline_read", Kind: crm.CmdMarkRead, ConversationID: convs[0].ID})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r.start("again", "--token", "alice-token-0123456789", "--cache", cache, "--lang", "gl")
	screen = r.wait("again", "the TUI to exit over a full cache", "exit=")
	mustSay(t, screen, "smsdesk tui: o servidor "+r.base+" rexeitou o teu token", "Pídelle un token novo ao teu administrador", "exit=1",
		"1 acción sen enviar queda na caché "+cache+". Volve iniciar con --cache "+cache+" e o token novo para enviala.")
	mustNotSay(t, screen, "Jane Cooper")
}
