package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"smsdesk/cmd/smsdesk/demodata"
)

// The defect 6, as the presenter shows it: in Sofia Rossi's
// conversation (her mobile is unreachable) `t` offers her office line too.
func TestDemoToSelectorInTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("this test drives the demo in tmux, which is not installed: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "smsdesk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, bin: tmux, sock: "smsdesk-demo-selector-" + strconv.Itoa(os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", s.sock, "kill-server").Run() })
	cmd := fmt.Sprintf("%s demo --dir %s --lang en", shellQuote(bin), shellQuote(filepath.Join(dir, "demo")))
	s.run("new-session", "-d", "-s", "demo", "-x", "200", "-y", "50", cmd)

	s.waitScreen("the grid, online", contains("Online"))
	s.keys("/")
	s.text("sofia")
	s.keys("Enter")
	s.keys("Enter")
	s.waitScreen("Sofia's conversation", contains("To "+demodata.UnreachableCustomer))
	s.keys("t")
	s.waitScreen("the to-number selector with both her numbers", func(screen string) bool {
		return strings.Contains(screen, demodata.SofiaOffice+" (business)") && strings.Contains(screen, demodata.UnreachableCustomer+" (mobile)")
	})
	s.keys("Escape")
	s.keys("C-c")
}
