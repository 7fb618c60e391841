package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/cmd/smsdesk/demodata"
	"smsdesk/crm"
)

// demoBuffer is an io.Writer safe to read while the demo writes to it.
type demoBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *demoBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *demoBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", within, what)
		}
		<-tick.C
	}
}

var demoURLRE = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`)

func TestDemoServeOnly(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := t.TempDir()
	var out demoBuffer
	env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- run(ctx, env, []string{"demo", "--serve-only", "--addr", "127.0.0.1:0", "--dir", dir}) }()

	eventually(t, 10*time.Second, "no address printed: "+out.String(), func() bool { return demoURLRE.MatchString(out.String()) })
	url := demoURLRE.FindString(out.String())
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := client.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %s", resp.Status)
	}
	users, err := demodata.Users()
	if err != nil {
		t.Fatal(err)
	}
	// The address comes first; the per-user lines follow it. This test runs
	// from a binary `go test` built in a temporary directory, with no name
	// to call it by: the commands printed say `go run ./cmd/smsdesk`.
	last := fmt.Sprintf("go run ./cmd/smsdesk tui --server %s --token %s", url, users[len(users)-1].Token)
	eventually(t, 10*time.Second, "the last user's line never printed: "+out.String(), func() bool { return strings.Contains(out.String(), last) })
	for _, u := range users {
		want := fmt.Sprintf("go run ./cmd/smsdesk tui --server %s --token %s", url, u.Token)
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
		// The printed token works.
		req, _ := http.NewRequest(http.MethodGet, url+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+u.Token)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s's token: %s", u.ID, resp.Status)
		}
	}

	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit code %d: %s", c, out.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("demo --serve-only did not stop on cancel")
	}
	// The store is closed (a second open gets the lock at once) and every
	// goroutine the demo started has ended.
	svc, err := backend.Open(backend.Config{Dir: filepath.Join(dir, "server"), OpenTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("store still locked after shutdown: %v", err)
	}
	_ = svc.Close()
	eventually(t, 5*time.Second, "goroutines left after shutdown", func() bool { return runtime.NumGoroutine() <= before })
}

func TestDemoFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--user", "u_nobody"}, `no demo user "u_nobody"`},
		{[]string{"--addr", "8080"}, `--addr "8080"`},
		{[]string{"extra"}, "unexpected arguments: extra"},
	} {
		var out demoBuffer
		env := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		if c := run(t.Context(), env, append([]string{"demo", "--dir", t.TempDir()}, tc.args...)); c != 2 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: exit %d, output %q, want 2 and %q", tc.args, c, out.String(), tc.want)
		}
	}
	got, err := defaultDemoDir(func(k string) string { return map[string]string{"XDG_DATA_HOME": "/data"}[k] })
	if err != nil || got != filepath.Join("/data", "smsdesk", "demo") {
		t.Errorf("default dir %q, %v", got, err)
	}
}

// startTestDemo starts the demo backend in a temporary directory.
func startTestDemo(t *testing.T, simCfg sim.Config, timeline []demodata.Scheduled) *demoServer {
	t.Helper()
	d, err := startDemoServer(demoServerConfig{Dir: t.TempDir(), Addr: "127.0.0.1:0", Sim: simCfg, Timeline: timeline, NoChatter: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Error(err)
		}
	})
	return d
}

// watchMessages collects every message event the backend commits.
func watchMessages(t *testing.T, svc *backend.Service) func(match func(crm.Message) bool) crm.Message {
	var mu sync.Mutex
	var seen []crm.Message
	cancel := svc.Subscribe(func(evs []crm.Event) {
		mu.Lock()
		defer mu.Unlock()
		for _, ev := range evs {
			if ev.Kind == crm.EventMessage && ev.Message != nil {
				seen = append(seen, *ev.Message)
			}
		}
	})
	t.Cleanup(cancel)
	return func(match func(crm.Message) bool) crm.Message {
		t.Helper()
		var got crm.Message
		eventually(t, 10*time.Second, "the expected message event never came", func() bool {
			mu.Lock()
			defer mu.Unlock()
			for _, m := range seen {
				if match(m) {
					got = m
					return true
				}
			}
			return false
		})
		return got
	}
}

// demoConversation is the demo seller's conversation with customer.
func demoConversation(t *testing.T, svc *backend.Service, customer string) crm.Conversation {
	t.Helper()
	snap, err := svc.Snapshot(context.Background(), demodata.SellerID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range snap.Conversations {
		if c.CustomerNumber == customer {
			return c
		}
	}
	t.Fatalf("the demo seller has no conversation with %s", customer)
	return crm.Conversation{}
}

// frenchCustomer is a French-speaking customer in the demo seller's grid.
func frenchCustomer(t *testing.T) (customer, recordName string) {
	t.Helper()
	f, err := demodata.Parse(demodata.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range f.Messages {
		if strings.HasPrefix(m.CustomerNumber, "+33") && slices.Contains([]string{demodata.NumberMaya, demodata.NumberWestDesk, demodata.NumberWestFree}, m.BusinessNumber) {
			for _, r := range f.Records {
				if r.ID == m.Record {
					return m.CustomerNumber, r.Name
				}
			}
		}
	}
	t.Fatal("no French-speaking customer in the demo seller's conversations")
	return "", ""
}

func send(t *testing.T, svc *backend.Service, conv crm.Conversation, body string) string {
	t.Helper()
	id := crm.NewID("cmd", rand.Reader)
	res := svc.Apply(context.Background(), demodata.SellerID, crm.Command{ID: id, Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: conv.ID, Record: conv.Record, From: conv.BusinessNumber, To: conv.CustomerNumber, Body: body}})
	if !res.OK {
		t.Fatalf("send refused: %+v", res.Error)
	}
	return id
}

// A send through the real backend and the demo's simulator is delivered
// and answered, in the customer's language; the scripted failing numbers
// fail with the reasons the seller must see.
func TestDemoSimulatorAnswersAndFails(t *testing.T) {
	fast := sim.Config{SentDelay: time.Millisecond, DeliveredDelay: time.Millisecond, ReplyDelay: time.Millisecond}
	d := startTestDemo(t, fast, nil)
	waitMsg := watchMessages(t, d.svc)

	customer, _ := frenchCustomer(t)
	conv := demoConversation(t, d.svc, customer)
	body := "Pouvons-nous faire un appel demain ?"
	id := send(t, d.svc, conv, body)
	waitMsg(func(m crm.Message) bool { return m.ID == id && m.Status == crm.StatusDelivered })
	reply := waitMsg(func(m crm.Message) bool {
		return m.Direction == crm.Inbound && m.ConversationID == conv.ID && m.CreatedAt.After(conv.LastMessageAt)
	})
	if choices := demodata.ReplyChoices(customer, body); !slices.Contains(choices, reply.Body) {
		t.Errorf("reply %q is not one of the French answers %q", reply.Body, choices)
	}

	for _, tc := range []struct {
		customer string
		reason   crm.FailureReason
	}{
		{demodata.InvalidCustomer, crm.ReasonInvalidSendingParameters},
		{demodata.UnreachableCustomer, crm.ReasonUnreachable},
	} {
		id := send(t, d.svc, demoConversation(t, d.svc, tc.customer), "Hello again")
		m := waitMsg(func(m crm.Message) bool { return m.ID == id && m.FailureReason != "" })
		if m.FailureReason != tc.reason || m.Status != crm.StatusFailed {
			t.Errorf("to %s: %s %s, want failed %s", tc.customer, m.Status, m.FailureReason, tc.reason)
		}
	}
}

// The timeline, on a manual clock: at 20 s a stranger becomes a new lead,
// at 35 s the West desk's inbound tells the manager he lacks the seller
// privilege, at 50 s a customer opts out.
func TestDemoTimeline(t *testing.T) {
	clock := sim.NewManualClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	d := startTestDemo(t, sim.Config{After: clock.After}, demodata.Timeline())
	waitMsg := watchMessages(t, d.svc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clock.WaitForWaiters(ctx, len(demodata.Timeline())); err != nil {
		t.Fatal(err)
	}
	from := func(n string) func(crm.Message) bool {
		return func(m crm.Message) bool { return m.Direction == crm.Inbound && m.From == n }
	}

	clock.Advance(19 * time.Second)
	clock.Advance(time.Second)
	lead := waitMsg(from(demodata.UnknownCustomer))
	if lead.Routing == nil || !lead.Routing.NewLead {
		t.Errorf("stranger's message routed %+v, want a new lead", lead.Routing)
	}

	clock.Advance(15 * time.Second)
	rc := demodata.RoutingCases()[2]
	m := waitMsg(from(rc.Customer))
	if m.Routing == nil || m.Routing.Rule != crm.RuleTeamSeller || m.Routing.Record.ID != rc.Want {
		t.Errorf("West desk message routed %+v", m.Routing)
	}
	notes, err := d.svc.Notifications(ctx, demodata.ManagerID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(notes, func(n crm.Notification) bool { return n.Kind == crm.NotifyInsufficientPrivilege }) {
		t.Errorf("manager's notifications %+v, want insufficient_privilege", notes)
	}

	clock.Advance(15 * time.Second)
	waitMsg(from(demodata.StopCustomer))
	if c := demoConversation(t, d.svc, demodata.StopCustomer); !c.OptedOut {
		t.Error("the customer who texted STOP is not opted out")
	}
}

// tmuxSession drives one program in a private tmux server.
type tmuxSession struct {
	t    *testing.T
	bin  string
	sock string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command(s.bin, append([]string{"-L", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", "demo"}, keys...)...)
}
func (s *tmuxSession) text(text string) { s.run("send-keys", "-t", "demo", "-l", text) }
func (s *tmuxSession) screen() string   { return s.run("capture-pane", "-p", "-t", "demo") }

// waitScreen polls the screen until cond accepts it.
func (s *tmuxSession) waitScreen(what string, cond func(screen string) bool) {
	s.t.Helper()
	var last string
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		last = s.screen()
		if cond(last) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; screen:\n%s", what, last)
		}
		<-tick.C
	}
}

func contains(sub string) func(string) bool {
	return func(screen string) bool { return strings.Contains(screen, sub) }
}

// demoInTmux builds smsdesk and starts `smsdesk demo --dir DIR --lang en`
// in a private tmux server (named after name) of cols×rows; with
// exitCode, the shell writes the demo's exit status to the file exit-code
// after it. It returns the session and the test's temporary directory,
// which holds the binary, the demo's data (DIR is its "demo") and
// exit-code.
func demoInTmux(t *testing.T, name string, cols, rows int, exitCode bool) (*tmuxSession, string) {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Fatalf("this test drives the demo in tmux, which is not installed: %v", err)
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	s := &tmuxSession{t: t, bin: tmux, sock: "smsdesk-" + name + "-" + strconv.Itoa(os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", s.sock, "kill-server").Run() })
	cmd := fmt.Sprintf("%s demo --dir %s --lang en", shellQuote(bin), shellQuote(filepath.Join(dir, "demo")))
	if exitCode {
		cmd += "; echo $? > " + shellQuote(filepath.Join(dir, "exit-code"))
	}
	s.run("new-session", "-d", "-s", "demo", "-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows), cmd)
	return s, dir
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// The end-to-end check, as a presenter would do it: `smsdesk demo`
// in a terminal, send a message and see the customer's answer, cut the
// connection, send again (queued), restore it and see the queued message
// delivered, then quit cleanly.
func TestDemoInTmux(t *testing.T) {
	s, dir := demoInTmux(t, "demo-test", 200, 50, true)
	exitFile := filepath.Join(dir, "exit-code")

	customer, _ := frenchCustomer(t)
	s.waitScreen("the grid, online", contains("Online"))
	s.keys("/")
	s.text(customer)
	s.keys("Enter")
	s.keys("Enter")
	s.waitScreen("the conversation pane", contains("To "+customer))

	first := "Can we schedule a call tomorrow?"
	s.keys("i")
	s.text(first)
	s.keys("Enter")
	replies := demodata.ReplyChoices(customer, first)
	s.waitScreen("the customer's answer", func(screen string) bool {
		return slices.ContainsFunc(replies, func(r string) bool { return strings.Contains(screen, firstWords(r)) })
	})

	// Leave the compose box before the next key: an Escape followed at once
	// by ctrl+o would reach the TUI as alt+ctrl+o.
	leaveCompose := func() {
		s.keys("Escape")
		s.waitScreen("the pane's keys in the help bar", func(screen string) bool { return !strings.Contains(screen, "esc stop writing") })
	}
	leaveCompose()
	s.keys("C-o")
	s.waitScreen("the offline header", contains("Offline"))
	second := "Sent while the link was cut"
	s.keys("i")
	s.text(second)
	s.keys("Enter")
	s.waitScreen("the queued message", func(screen string) bool {
		return strings.Contains(screen, "1 queued") && strings.Contains(screen, second)
	})

	leaveCompose()
	s.keys("C-o")
	s.waitScreen("the queued message delivered", func(screen string) bool {
		lines := strings.Split(screen, "\n")
		for i, l := range lines {
			if strings.Contains(l, second) && i+1 < len(lines) && strings.Contains(lines[i+1], "Delivered") {
				return strings.Contains(lines[0], "Online")
			}
		}
		return false
	})

	s.keys("C-c")
	eventually(t, 15*time.Second, "the demo did not exit after ctrl+c", func() bool {
		b, err := os.ReadFile(exitFile)
		return err == nil && strings.TrimSpace(string(b)) != ""
	})
	if b, _ := os.ReadFile(exitFile); strings.TrimSpace(string(b)) != "0" {
		t.Fatalf("demo exit code %s; log:\n%s", b, readFile(filepath.Join(dir, "demo", "demo.log")))
	}
}

// firstWords is the start of a line as the pane shows it: a long answer
// wraps, so only its first 30 characters are sure to sit on one row.
func firstWords(line string) string {
	r := []rune(line)
	return string(r[:min(len(r), 30)])
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// The demo keeps its data between runs; --fresh deletes only what the demo
// wrote, so the next run imports the dataset again.
func TestDemoKeepsDataUntilFresh(t *testing.T) {
	dir := t.TempDir()
	serverDir := filepath.Join(dir, "server")
	fast := sim.Config{SentDelay: time.Millisecond, DeliveredDelay: time.Millisecond, ReplyDelay: time.Millisecond}
	d, err := startDemoServer(demoServerConfig{Dir: serverDir, Addr: "127.0.0.1:0", Sim: fast})
	if err != nil {
		t.Fatal(err)
	}
	id := send(t, d.svc, demoConversation(t, d.svc, demodata.StopCustomer), "Still interested?")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d, err = startDemoServer(demoServerConfig{Dir: serverDir, Addr: "127.0.0.1:0", Sim: fast})
	if err != nil {
		t.Fatal(err)
	}
	if c := demoConversation(t, d.svc, demodata.StopCustomer); c.LastMessage == nil || c.LastMessage.ID != id {
		t.Errorf("second run lost the first run's message: last %+v", c.LastMessage)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("not the demo's"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := resetDemoDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(serverDir); !os.IsNotExist(err) {
		t.Errorf("--fresh kept the store: %v", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("--fresh deleted a file that is not the demo's: %v", err)
	}
}
