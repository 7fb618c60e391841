package tui

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndInTmux builds the binary, runs `smsdesk serve` with the
// example dataset on a free loopback port and `smsdesk tui` inside a 120×32
// tmux session, types a message with send-keys and reads the screen back
// with capture-pane until the message shows as sent, then moves the
// conversation to another record with the keyboard and reads that record's
// screen.
func TestEndToEndInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatalf("tmux is required for the end-to-end test: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "smsdesk")
	build := exec.Command("go", "build", "-o", bin, "smsdesk/cmd/smsdesk")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	serve := exec.CommandContext(ctx, bin, "serve", "--addr", addr, "--data", filepath.Join(dir, "data"),
		"--dataset", filepath.Join("..", "examples", "dataset.json"))
	serveLog, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	serve.Stdout, serve.Stderr = serveLog, serveLog
	if err := serve.Start(); err != nil {
		t.Fatalf("start serve: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		_ = serve.Wait()
		_ = serveLog.Close()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "serve.log"))
			t.Logf("serve log:\n%s", log)
		}
	})
	poll(t, "serve to listen on "+addr, 20*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	})

	// A tmux server of our own (-L): other tests on this machine may start
	// or kill theirs at any moment.
	session := "smsdesk-e2e"
	socket := "smsdesk-e2e-" + filepath.Base(filepath.Dir(dir)) // TempDir parents are unique per run
	tuiCmd := strings.Join([]string{
		bin, "tui", "--server", "http://" + addr, "--token", "alice-token-0123456789",
		"--cache", filepath.Join(dir, "cache.db"), "--lang", "en",
	}, " ")
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "32", "env TERM=xterm-256color "+tuiCmd)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-server").Run() })
	screen := func() string {
		out, _ := exec.Command("tmux", "-L", socket, "capture-pane", "-p", "-t", session).CombinedOutput()
		return string(out)
	}
	waitFor := func(what string, wants ...string) {
		t.Helper()
		poll(t, what, 20*time.Second, func() bool {
			s := screen()
			for _, w := range wants {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		}, screen)
	}

	waitFor("the grid after the first sync", "● Online", "Jane Cooper", "Conversation > My text messages")
	tmux("send-keys", "-t", session, "/")
	tmux("send-keys", "-t", session, "-l", "jane")
	tmux("send-keys", "-t", session, "Enter")
	tmux("send-keys", "-t", session, "Enter")
	waitFor("Jane's conversation", "☺ Jane Cooper  Contact", "Thursday 10am works.")
	tmux("send-keys", "-t", session, "i")
	tmux("send-keys", "-t", session, "-l", "Price list attached, talk Thursday")
	waitFor("the typed message", "34 characters · 1 SMS · GSM-7")
	tmux("send-keys", "-t", session, "Enter")
	waitFor("the message in the history", "Price list attached, talk Thursday", "You: Price")
	poll(t, "the message's delivery report", 20*time.Second, func() bool {
		report := reportUnder(screen(), "Price list attached, talk Thursday")
		return strings.Contains(report, "Sent") || strings.Contains(report, "Delivered")
	}, screen)

	// Move the conversation to Jane's account with the keyboard, then read
	// the account's record screen.
	tmux("send-keys", "-t", session, "Escape")
	// Wait for the pane's keys: an escape followed at once by c reads as alt+c.
	waitFor("the pane's keys", "T templates")
	tmux("send-keys", "-t", session, "c")
	waitFor("the Change lookup", "Move 1 conversation to:")
	tmux("send-keys", "-t", session, "-l", "fabrikam")
	waitFor("the account in the lookup", "▣ Fabrikam", "Account")
	tmux("send-keys", "-t", session, "Enter")
	waitFor("the move's confirmation", "Move 1 conversation to ▣ Fabrikam (Account)?")
	tmux("send-keys", "-t", session, "Enter")
	waitFor("the moved conversation", "Moved 1 conversation to Fabrikam", "│ ▣ Fabrikam  Account")
	tmux("send-keys", "-t", session, "r")
	waitFor("the account's record screen", "▣ Fabrikam  Account · Active", "Owner: Alice Martin", "Activity (1)")
	tmux("send-keys", "-t", session, "Tab")
	waitFor("the account's activity", "[Activity (1)]", "+14155550100 → +14155552671", "You: Price list attached")
	poll(t, "the move to reach the server", 20*time.Second, func() bool {
		return strings.Contains(screen(), "● Online") && !strings.Contains(screen(), "queued")
	}, screen)

	tmux("send-keys", "-t", session, "C-c")
	poll(t, "the TUI to quit", 10*time.Second, func() bool {
		return !strings.Contains(screen(), "Conversation > My text messages")
	}, screen)
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// poll checks cond until it holds or the deadline passes; show, when given,
// prints what was on screen on failure.
func poll(t *testing.T, what string, timeout time.Duration, cond func() bool, show ...func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			last := ""
			if len(show) > 0 {
				last = show[0]()
			}
			t.Fatalf("timed out after %v waiting for %s\n%s", timeout, what, last)
		}
		<-tick.C
	}
}
