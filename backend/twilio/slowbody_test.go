package twilio_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
)

// loadBalancer is the one address every request comes from in these
// tests, the attacker's and Twilio's alike, as behind a load balancer:
// nothing may tell them apart by peer.
var loadBalancer = net.IPv4(127, 0, 0, 2)

// slowHarness serves the real webhook handler on loopback and counts the
// connections whose request headers the server has read (StateActive).
type slowHarness struct {
	srv    *httptest.Server
	active atomic.Int64
	poster twiliotest.Poster
}

func newSlowHarness(t *testing.T, cfg twilio.WebhookConfig) *slowHarness {
	t.Helper()
	h := &slowHarness{}
	if cfg.AuthToken == nil {
		cfg.AuthToken = func() string { return token }
	}
	if cfg.Receiver == nil {
		cfg.Receiver = &recorder{}
	}
	h.srv = httptest.NewUnstartedServer(twilio.NewWebhookHandler(cfg))
	h.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateActive {
			h.active.Add(1)
		}
	}
	h.srv.Start()
	t.Cleanup(h.srv.Close)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: loadBalancer}}
	h.poster = twiliotest.Poster{AuthToken: token, HTTP: &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{DialContext: d.DialContext},
	}}
	return h
}

func (h *slowHarness) addr() string { return strings.TrimPrefix(h.srv.URL, "http://") }

// waitActive waits until n connections have had their headers read.
func (h *slowHarness) waitActive(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.active.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections active after 10 s, want %d", h.active.Load(), n)
		}
		time.Sleep(time.Millisecond) // polling interval
	}
}

// Issue 13, finding 2: connections that announce a body and trickle it
// took every in-flight slot before their body was read, so a genuinely
// signed webhook got 503. The slot is now taken once the body is read and
// the signature checked; the signed webhooks come from the same address as
// the attackers.
func TestSlowBodiesDoNotShedSignedWebhooks(t *testing.T) {
	const limit, attackers = 4, 40
	rec := &recorder{}
	h := newSlowHarness(t, twilio.WebhookConfig{Receiver: rec, MaxInFlight: limit, BodyTimeout: time.Minute})
	for range attackers {
		s, err := twiliotest.DialSlowBody(loadBalancer, h.addr(), twilio.InboundPath, 1000)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
	}
	h.waitActive(t, attackers)
	for i := range 2 * limit {
		r, err := h.poster.Post(context.Background(), h.srv.URL+twilio.InboundPath, h.srv.URL+twilio.InboundPath,
			inbound(twiliotest.InboundSID(uint64(400+i)), "still there?"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != http.StatusOK {
			t.Fatalf("signed webhook %d beside %d slow bodies: %d %q, want 200", i, attackers, r.Status, r.Body)
		}
	}
	if n := len(rec.inbound()); n != 2*limit {
		t.Errorf("receiver stored %d, want %d", n, 2*limit)
	}
}

// readAnswer reads the status line the server writes on a slow
// connection, then whether it closes the connection, failing after wait
// (the old code never answered).
func readAnswer(t *testing.T, c net.Conn, wait time.Duration) (status string, closed bool) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(wait))
	br := bufio.NewReader(c)
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no answer within %s: %v", wait, err)
	}
	_, err = io.Copy(io.Discard, br) // nil at EOF: the server closed it
	return strings.TrimSpace(line), err == nil
}

// A body that is not complete within BodyTimeout is answered 408 and its
// connection closed: a trickling client cannot hold a connection and its
// goroutine for longer. The old code waited for it forever.
func TestSlowBodyCutAtBodyTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	h := newSlowHarness(t, twilio.WebhookConfig{BodyTimeout: timeout})
	start := time.Now()
	s, err := twiliotest.DialSlowBody(loadBalancer, h.addr(), twilio.InboundPath, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Trickle(); err != nil { // trickling does not extend the deadline
		t.Fatal(err)
	}
	status, closed := readAnswer(t, s.Conn, 5*time.Second)
	if !strings.Contains(status, " 408 ") {
		t.Errorf("answer %q, want 408", status)
	}
	if !closed {
		t.Error("connection still open after the 408")
	}
	if took := time.Since(start); took < timeout {
		t.Errorf("answered after %s, before the %s deadline", took, timeout)
	}
}

// The body deadline ends once the body is read: a Receiver slower than
// BodyTimeout (a store commit under load) still gets its request through,
// rather than a context cancelled by the expired deadline.
func TestBodyTimeoutDoesNotCutTheWorkAfterTheBody(t *testing.T) {
	const timeout = 100 * time.Millisecond
	rec := &recorder{entered: make(chan struct{}), gate: make(chan struct{})}
	h := newSlowHarness(t, twilio.WebhookConfig{Receiver: rec, BodyTimeout: timeout})
	done := make(chan twiliotest.Response, 1)
	go func() {
		r, err := h.poster.Post(context.Background(), h.srv.URL+twilio.InboundPath, h.srv.URL+twilio.InboundPath,
			inbound(twiliotest.InboundSID(500), "slow store"))
		if err != nil {
			r.Body = err.Error()
		}
		done <- r
	}()
	<-rec.entered
	<-time.After(3 * timeout) // the condition is the deadline having passed
	close(rec.gate)
	if r := <-done; r.Status != http.StatusOK {
		t.Fatalf("webhook whose Receiver outlasted BodyTimeout: %d %q, want 200", r.Status, r.Body)
	}
}
