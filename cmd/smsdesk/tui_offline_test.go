package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// smsdesk tui against a server that is not running: the screen names the
// address and what to check (not an empty inbox), and quitting with
// actions in the outbox says how many will leave at the next start.
func TestTUIAgainstAStoppedServerSaysSoAndCountsTheQueueOnQuit(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("this test drives smsdesk tui in tmux, which is not installed: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := &tokenTerm{t: t, tmux: tmux, sock: "smsdesk-offline-test-" + strconv.Itoa(os.Getpid()),
		bin: buildBinary(t, dir), base: dead}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", r.sock, "kill-server").Run() })

	empty := filepath.Join(dir, "empty.db")
	r.start("empty", "--token", "alice-token-0123456789", "--cache", empty, "--lang", "en")
	screen := r.wait("empty", "the unreachable server named", "Cannot reach the server at "+dead+".")
	mustSay(t, screen, "Check that smsdesk serve is running there", "connection refused")
	mustNotSay(t, screen, "No conversations yet")

	// A cache holding two sends written while offline.
	queued := filepath.Join(dir, "queued.db")
	db, err := localdb.Open(queued, localdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"first", "second"} {
		cmd := crm.Command{ID: "cmd_offline" + strconv.Itoa(i), Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
			ConversationID: "cv_offline", Record: crm.RecordRef{ID: "rc_x", Type: crm.RecordContact},
			From: "+14155550100", To: "+14155552671", Body: body}}
		if err := db.Enqueue(cmd); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r.start("queued", "--token", "alice-token-0123456789", "--cache", queued, "--lang", "en")
	r.wait("queued", "the TUI up", "Offline")
	if out, err := exec.Command(tmux, "-L", r.sock, "send-keys", "-t", "queued", "q").CombinedOutput(); err != nil {
		t.Fatalf("send q: %v %s", err, out)
	}
	screen = r.wait("queued", "the TUI to quit", "exit=")
	mustSay(t, screen, "2 actions are still queued, safe in this device's cache: they leave the next time smsdesk tui starts", "exit=0")
}
