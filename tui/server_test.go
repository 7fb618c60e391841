package tui

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"smsdesk/backend"
	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
	"smsdesk/sync/hub"
)

// Users, numbers and phones of testdata/server.json (the backend's base
// dataset).
const (
	tokAlice    = "alice-token-0123456789"
	srvAlice    = "+14155550100" // Alice direct
	srvWest     = "+14155550101" // West desk, Alice's team
	srvJane     = "+14155552671" // c_jane's mobile
	srvStranger = "+14155550777" // nobody's number
)

// recordingProvider is the fake SMS provider (Twilio itself is the only
// thing faked): it records every send so the test can answer with a
// delivery receipt through the backend's Receiver, as Twilio would.
type recordingProvider struct {
	mu    sync.Mutex
	sends []crm.OutboundSMS
	ids   map[string]string // message id → provider id
	// answer, when set, is the provider's answer to a send instead of
	// sent (a failure code, a queued send).
	answer func(crm.OutboundSMS) crm.SendResult
}

func (p *recordingProvider) Send(ctx context.Context, m crm.OutboundSMS) (crm.SendResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ids == nil {
		p.ids = map[string]string{}
	}
	p.sends = append(p.sends, m)
	sid := fmt.Sprintf("SM%032d", len(p.sends))
	p.ids[m.MessageID] = sid
	if p.answer != nil {
		res := p.answer(m)
		res.ProviderID = sid
		return res, nil
	}
	return crm.SendResult{ProviderID: sid, Status: crm.StatusSent, Segments: 1}, nil
}

// sendsOf counts the sends whose body is body.
func (p *recordingProvider) sendsOf(body string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, s := range p.sends {
		if s.Body == body {
			n++
		}
	}
	return n
}

// sendOf returns the provider's record of the send whose body is body.
func (p *recordingProvider) sendOf(body string) (crm.OutboundSMS, string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.sends {
		if s.Body == body {
			return s, p.ids[s.MessageID], true
		}
	}
	return crm.OutboundSMS{}, "", false
}

// serverClock advances a millisecond per reading, from the TUI's "now".
type serverClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *serverClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// stack is the real backend and hub on loopback, a real cache, the real
// sync client, and the TUI running in a teatest program.
type stack struct {
	t      *testing.T
	svc    *backend.Service
	prov   *recordingProvider
	db     *localdb.DB
	client *client.Client
	tm     *teatest.TestModel
	screen *screenRecorder
	url    string // the server, for a second client
}

// screenRecorder wraps the model and keeps the plain text of the last frame
// the program drew, so a test can wait for what the seller would see.
type screenRecorder struct {
	m    *Model
	last atomic.Pointer[string]
}

func (r *screenRecorder) Init() tea.Cmd { return r.m.Init() }

func (r *screenRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.m.Update(msg)
	return r, cmd
}

func (r *screenRecorder) View() tea.View {
	v := r.m.View()
	s := ansi.Strip(v.Content)
	r.last.Store(&s)
	return v
}

func (r *screenRecorder) text() string {
	if p := r.last.Load(); p != nil {
		return *p
	}
	return ""
}

// now is the TUI's clock in these tests: the dataset's week.
var serverNow = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func startStack(t *testing.T, w, h int) *stack {
	t.Helper()
	prov := &recordingProvider{}
	clk := &serverClock{t: serverNow}
	svc, err := backend.Open(backend.Config{
		Dir: t.TempDir(), Provider: prov, Now: clk.Now, Rand: rand.NewChaCha8([32]byte{4, 2}),
	})
	if err != nil {
		t.Fatalf("open backend: %v", err)
	}
	if err := svc.ImportDatasetFile(filepath.Join("testdata", "server.json")); err != nil {
		t.Fatalf("import dataset: %v", err)
	}
	wsHub := hub.NewHub(svc, hub.HubConfig{})
	mux := http.NewServeMux()
	mux.Handle("GET /ws", wsHub)
	srv := httptest.NewServer(mux)

	t.Cleanup(func() {
		srv.Close()
		_ = wsHub.Close()
		_ = svc.Close()
	})
	c := startClient(t, srv.URL, tokAlice, clientSetup{cache: "cache.db", now: clk.Now, syncSeed: [2]uint64{1, 2}, modelSeed: 7}, w, h)
	db, syncClient, tm, rec := c.db, c.client, c.tm, c.screen
	s := &stack{t: t, svc: svc, prov: prov, db: db, client: syncClient, tm: tm, screen: rec, url: srv.URL}
	s.waitScreen("the first sync", "Online", "Jane Cooper")
	return s
}

// clientSetup is what differs between the clients a test starts.
type clientSetup struct {
	cache     string           // cache file name in a temporary directory
	dir       string           // the cache's directory; "" for a new temporary one
	now       func() time.Time // the cache's and sync client's clock; nil: real time
	syncSeed  [2]uint64        // the sync client's backoff jitter
	modelSeed uint64           // the model's random source
}

// startedClient is a sync client with its own cache, and the TUI on it
// under teatest.
type startedClient struct {
	db     *localdb.DB
	client *client.Client
	tm     *teatest.TestModel
	screen *screenRecorder
	// stop ends the session as quitting would (program, model, client,
	// cache); cleanup calls it too, and it runs once.
	stop func()
}

// startClient runs a sync client for token against url with its own cache
// and the real model on it; cleanup stops them in order: the program, the
// model, the client, the cache.
func startClient(t *testing.T, url, token string, cs clientSetup, w, h int) startedClient {
	t.Helper()
	dir := cs.dir
	if dir == "" {
		dir = t.TempDir()
	}
	db, err := localdb.Open(filepath.Join(dir, cs.cache), localdb.Options{Now: cs.now})
	if err != nil {
		t.Fatalf("open cache %s: %v", cs.cache, err)
	}
	syncClient := client.NewClient(client.ClientConfig{
		ServerURL: url, Token: token, DB: db, Now: cs.now,
		Rand: rand.New(rand.NewPCG(cs.syncSeed[0], cs.syncSeed[1])),
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = syncClient.Run(ctx)
	}()
	m, err := New(Options{
		DB: db, Link: syncClient, Server: url, Printer: printer(t, languageEnglish), Now: func() time.Time { return serverNow },
		Location: time.UTC, Rand: seedRand(cs.modelSeed), Dark: true, Getenv: func(string) string { return "" },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	rec := &screenRecorder{m: m}
	tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(w, h))
	stop := sync.OnceFunc(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		m.Close()
		cancel()
		<-done
		_ = db.Close()
	})
	t.Cleanup(stop)
	return startedClient{db: db, client: syncClient, tm: tm, screen: rec, stop: stop}
}

// waitScreen polls the last frame until it shows every want, with a
// deadline.
func (s *stack) waitScreen(what string, wants ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		screen := s.screen.text()
		ok := true
		for _, w := range wants {
			if !strings.Contains(screen, w) {
				ok = false
				break
			}
		}
		if ok {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s (%q); last screen:\n%s", what, wants, screen)
		}
		<-tick.C
	}
}

// waitFor polls cond with a deadline.
func (s *stack) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; last screen:\n%s", what, s.screen.text())
		}
		<-tick.C
	}
}

// reportUnder returns the line below the (one-line) body on the screen:
// an outbound message's delivery report.
func reportUnder(screen, body string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, body) && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

// waitReport waits until the delivery report under body shows want.
func (s *stack) waitReport(body, want string) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("%q under %q", want, body), func() bool {
		return strings.Contains(reportUnder(s.screen.text(), body), want)
	})
}

func (s *stack) keys(keys ...string) {
	for _, k := range keys {
		s.tm.Send(keyMsg(k))
	}
}

// openJane selects Jane Cooper's row by filtering and opens it.
func (s *stack) openJane() {
	s.t.Helper()
	s.keys("/")
	s.tm.Type("jane")
	s.keys("enter", "enter")
	s.waitScreen("Jane's pane", "☺ Jane Cooper  Contact", "Thursday 10am works.")
}

// sendText writes body in the compose box and sends it.
func (s *stack) sendText(body string) {
	s.keys("i")
	s.tm.Type(body)
	s.keys("enter")
}

// deliver answers the provider's send of body with a receipt.
func (s *stack) receipt(body string, st crm.DeliveryStatus, code string) {
	s.t.Helper()
	var sid string
	s.waitFor("the provider to get "+body, func() bool {
		_, id, ok := s.prov.sendOf(body)
		sid = id
		return ok
	})
	if err := s.svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: sid, Status: st, ErrorCode: code}); err != nil {
		s.t.Fatalf("receipt: %v", err)
	}
}

func TestServerOpenFromGridSendAndSeeDelivered(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.sendText("Price list sent, see you Thursday")
	s.waitScreen("the local echo", "Price list sent, see you Thursday")
	s.receipt("Price list sent, see you Thursday", crm.StatusDelivered, "")
	s.waitReport("Price list sent, see you Thursday", "✓✓ Delivered")
	mustContain(t, s.screen.text(), "You: Price")
	if sms, _, _ := s.prov.sendOf("Price list sent, see you Thursday"); sms.From != srvAlice || sms.To != srvJane {
		t.Fatalf("sent from %s to %s", sms.From, sms.To)
	}
}

func TestServerFailedSendShowsReason(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.sendText("Are you there?")
	s.receipt("Are you there?", crm.StatusFailed, "21211")
	s.waitReport("Are you there?", "✗ Failed")
	s.waitScreen("the failure's reason", "InvalidSendingParameters", "provider code 21211",
		"The provider would not send to +14155552671", "R sends it again")
	// R sends the failed message again: a new send, which the provider
	// receives once.
	s.keys("esc") // leave the compose box
	s.keys("R")
	s.waitScreen("the retry said", "Sent again to +14155552671.")
	s.waitFor("the provider to receive the retry", func() bool { return s.prov.sendsOf("Are you there?") == 2 })
	s.keys("G") // the retry is the newest message
	s.waitScreen("the retry delivered", "✓ Sent")
	if n := s.prov.sendsOf("Are you there?"); n != 2 {
		t.Fatalf("provider received %d sends of the text, want the first and the retry", n)
	}
	// The failure also rings the bell.
	s.keys("esc") // close the pane
	s.keys("n")
	s.waitScreen("the failure notification", "Message to Jane Cooper failed: InvalidSendingParameters")
}

func TestServerInboundArrivesLiveAndNotificationOpensIt(t *testing.T) {
	s := startStack(t, 120, 32)
	// The bell counts the New column: Jane's one unread reply.
	s.waitScreen("the grid", "Jane Cooper", "🔔 1 unread")
	err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{
		ProviderID: "SMinbound0001", From: srvStranger, To: srvAlice, Body: "Hi, I saw your ad", Segments: 1,
	})
	if err != nil {
		t.Fatalf("inbound: %v", err)
	}
	// The renderer wrote the new row to the terminal, too.
	teatest.WaitFor(t, s.tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Hi, I saw your ad") },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	screen := s.waitScreen("the live inbound", "Hi, I saw your ad", "+14155550777")
	mustContain(t, screen, "🔔 2 unread") // Jane's reply + the new lead's message
	s.keys("n")
	s.waitScreen("the notification center", "New lead from unknown number +14155550777")
	s.keys("enter")
	s.waitScreen("the new lead's conversation", "Hi, I saw your ad", "Lead")
	s.waitScreen("the bell after reading the lead's message", "🔔 1 unread")
}

func TestServerChoosingFromNumberSendsFromIt(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.keys("f")
	s.waitScreen("the from-number selector", "Send from:", "West desk")
	s.keys("j", "enter")
	s.waitScreen("the new thread", "From +14155550101  →", "New conversation")
	s.sendText("Hello from the West desk")
	s.waitFor("the provider to send from West desk", func() bool {
		sms, _, ok := s.prov.sendOf("Hello from the West desk")
		return ok && sms.From == srvWest && sms.To == srvJane
	})
	s.receipt("Hello from the West desk", crm.StatusDelivered, "")
	s.waitReport("Hello from the West desk", "✓✓ Delivered")
}

func TestServerOfflineSendIsPendingUntilReconnect(t *testing.T) {
	s := startStack(t, 120, 32)
	s.openJane()
	s.keys("ctrl+o")
	s.waitScreen("the offline header", "Offline")
	s.sendText("Sent while offline")
	s.waitReport("Sent while offline", "◌ Pending")
	s.waitScreen("the queued count", "Offline · ", " queued")
	// Still in the compose box: ctrl+o must work while typing.
	s.keys("ctrl+o")
	s.waitScreen("the reconnection", "● Online")
	s.waitReport("Sent while offline", "✓ Sent")
	if _, _, ok := s.prov.sendOf("Sent while offline"); !ok {
		t.Fatal("the provider never got the message sent offline")
	}
}
