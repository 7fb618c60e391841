package twilio_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// The public URL Twilio is configured with; the server itself listens on
// loopback, as behind a tunnel.
const e2ePublic = "https://sms.example.com"

// e2e is the real backend (bbolt in a temp dir) serving the real webhook
// handler over loopback, with a fake Twilio for outbound.
type e2e struct {
	dir    string
	svc    *backend.Service
	srv    *httptest.Server
	fake   *twiliotest.Server
	poster twiliotest.Poster
}

func startE2E(tb testing.TB) *e2e {
	tb.Helper()
	e := &e2e{dir: tb.TempDir()}
	e.fake = twiliotest.New(twiliotest.Config{
		AuthToken:      token,
		CallbackTarget: func(u string) string { return e.srv.URL + strings.TrimPrefix(u, e2ePublic) },
	})
	tb.Cleanup(e.fake.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 128 // keep-alive for every concurrent sender
	tb.Cleanup(tr.CloseIdleConnections)
	e.poster = twiliotest.Poster{AuthToken: token, HTTP: &http.Client{Transport: tr, Timeout: 15 * time.Second}}
	e.open(tb)
	if err := e.svc.ImportDatasetFile("testdata/e2e.json"); err != nil {
		tb.Fatalf("import dataset: %v", err)
	}
	return e
}

// open starts the service on e.dir and the HTTP server in front of it.
func (e *e2e) open(tb testing.TB) {
	tb.Helper()
	svc, err := backend.Open(backend.Config{Dir: e.dir})
	if err != nil {
		tb.Fatalf("open backend: %v", err)
	}
	tb.Cleanup(func() { _ = svc.Close() })
	e.svc = svc
	svc.SetProvider(twilio.NewClient(twilio.ClientConfig{
		BaseURL: e.fake.URL, AccountSID: e.fake.AccountSID(), AuthToken: e.fake.AuthToken,
		StatusCallback: e2ePublic + twilio.StatusPath,
	}))
	hooks := twilio.NewWebhookHandler(twilio.WebhookConfig{
		AuthToken: func() string { return token }, PublicURL: e2ePublic, Receiver: svc,
	})
	e.srv = httptest.NewServer(backend.NewServer(svc, backend.ServerConfig{Webhooks: hooks}))
	tb.Cleanup(e.srv.Close)
}

// restart stops the server and the service and opens them again on the
// same data directory.
func (e *e2e) restart(tb testing.TB) {
	tb.Helper()
	e.srv.Close()
	if err := e.svc.Close(); err != nil {
		tb.Fatalf("close backend: %v", err)
	}
	e.open(tb)
}

// The client is what the backend's sender uses to avoid a second SMS after
// a crash.
var _ backend.SendLookup = (*twilio.Client)(nil)

func (e *e2e) inbound(tb testing.TB, sid, from, body string) twiliotest.Response {
	tb.Helper()
	resp, err := e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, e.srv.URL+twilio.InboundPath,
		twiliotest.InboundParams(account, sid, from, biz, body))
	if err != nil {
		tb.Fatalf("post inbound %s: %v", sid, err)
	}
	return resp
}

func (e *e2e) conversations(t *testing.T) []crm.Conversation {
	t.Helper()
	snap, err := e.svc.Snapshot(context.Background(), "u_alice")
	if err != nil {
		t.Fatal(err)
	}
	return snap.Conversations
}

func (e *e2e) messages(t *testing.T, convID string) []crm.Message {
	t.Helper()
	msgs, err := e.svc.ConversationMessages(context.Background(), "u_alice", convID, "", 10000)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond) // polling interval, not a wait for an event
	}
}

func TestE2EInboundStoredOnceAndAnsweredOnDuplicate(t *testing.T) {
	e := startE2E(t)
	sid := twiliotest.InboundSID(1)
	for i := range 2 { // Twilio's retry carries the same MessageSid
		r := e.inbound(t, sid, cust, "Hi Alice, is the quote ready?")
		if r.Status != http.StatusOK || r.Body != "<Response></Response>" {
			t.Fatalf("delivery %d: %d %q", i+1, r.Status, r.Body)
		}
	}
	convs := e.conversations(t)
	if len(convs) != 1 || convs[0].Record.ID != "c_jane" {
		t.Fatalf("conversations = %+v, want one on c_jane", convs)
	}
	msgs := e.messages(t, convs[0].ID)
	if len(msgs) != 1 || msgs[0].ProviderID != sid || msgs[0].Body != "Hi Alice, is the quote ready?" ||
		msgs[0].Direction != crm.Inbound {
		t.Errorf("messages = %+v, want the one inbound message", msgs)
	}
}

func TestE2EUnsignedWebhookStoresNothing(t *testing.T) {
	e := startE2E(t)
	params := twiliotest.InboundParams(account, twiliotest.InboundSID(2), cust, biz, "forged")
	for _, sig := range []string{"", twiliotest.Signature(token, e.srv.URL+twilio.InboundPath, params)} {
		r, err := e.poster.PostWithSignature(context.Background(), e.srv.URL+twilio.InboundPath, params, sig)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != http.StatusForbidden {
			t.Errorf("signature %q: %d, want 403", sig, r.Status)
		}
	}
	if convs := e.conversations(t); len(convs) != 0 {
		t.Errorf("a refused webhook created %d conversations", len(convs))
	}
}

// A number we do not own can never be stored: 4xx, so it is not taken for
// a server fault (webhook_unknown_test.go checks the log line too).
func TestE2EUnknownBusinessNumberIsNotAcknowledged(t *testing.T) {
	e := startE2E(t)
	r, err := e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, e.srv.URL+twilio.InboundPath,
		twiliotest.InboundParams(account, twiliotest.InboundSID(3), cust, "+14155550777", "wrong number"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("inbound to a number we do not own: %d, want 422", r.Status)
	}
}

// Outbound through the real sender and client to the fake Twilio, then its
// signed status callbacks, out of order, back through the handler.
func TestE2ESendThenOutOfOrderCallbacks(t *testing.T) {
	e := startE2E(t)
	if r := e.inbound(t, twiliotest.InboundSID(4), cust, "Hello?"); r.Status != http.StatusOK {
		t.Fatalf("inbound: %d", r.Status)
	}
	conv := e.conversations(t)[0]
	send := func(id string, conv crm.Conversation, to string) crm.Message {
		t.Helper()
		res := e.svc.Apply(context.Background(), "u_alice", crm.Command{ID: id, Kind: crm.CmdSendMessage,
			Send: &crm.SendMessage{ConversationID: conv.ID, Record: conv.Record, From: biz, To: to, Body: "Yes, attached."}})
		if !res.OK {
			t.Fatalf("apply %s: %v", id, res.Error)
		}
		var got crm.Message
		waitFor(t, id+" answered by Twilio", func() bool {
			for _, m := range e.messages(t, conv.ID) {
				if m.ID == id && (m.ProviderID != "" || m.Status == crm.StatusFailed) {
					got = m
					return true
				}
			}
			return false
		})
		return got
	}

	m := send("cmd_e2e_1", conv, cust)
	sends := e.fake.Sends()
	if len(sends) != 1 || sends[0].SID != m.ProviderID || sends[0].StatusCallback != e2ePublic+twilio.StatusPath+"?mid=cmd_e2e_1" {
		t.Fatalf("fake sends = %+v, message %+v", sends, m)
	}
	for _, st := range []string{"delivered", "sent"} { // out of order
		r, err := e.fake.SendStatus(context.Background(), m.ProviderID, st, "")
		if err != nil || r.Status != http.StatusOK {
			t.Fatalf("callback %s: %v %d %q", st, err, r.Status, r.Body)
		}
	}
	for _, got := range e.messages(t, conv.ID) {
		if got.ID == "cmd_e2e_1" && got.Status != crm.StatusDelivered {
			t.Errorf("after delivered then sent: status %s, want delivered", got.Status)
		}
	}

	// Twilio refuses the number: failed at once, with the seller's reason.
	const refused = "+14155550188"
	e.fake.SetInvalid(refused)
	// A new thread, on a contact whose number Twilio will not take.
	omar := crm.Conversation{ID: "cv_e2e_omar", Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_omar"}}
	m = send("cmd_e2e_2", omar, refused)
	if m.Status != crm.StatusFailed || m.ErrorCode != "21211" || m.FailureReason != crm.ReasonInvalidSendingParameters {
		t.Errorf("refused send: %+v", m)
	}
	if n := e.fake.SendCount(); n != 1 {
		t.Errorf("fake accepted %d sends, want 1", n)
	}
}

// The server stops while Twilio holds its answer to a send (the message
// accepted, the answer never read). At the next start the backend asks
// Twilio, finds the message and records it: one SMS, not two.
func TestE2ESendInterruptedByRestartIsNotSentTwice(t *testing.T) {
	e := startE2E(t)
	if r := e.inbound(t, twiliotest.InboundSID(5), cust, "Can you call me?"); r.Status != http.StatusOK {
		t.Fatalf("inbound: %d", r.Status)
	}
	conv := e.conversations(t)[0]
	release := e.fake.HoldNextAnswers(1)
	defer release()
	res := e.svc.Apply(context.Background(), "u_alice", crm.Command{ID: "cmd_e2e_crash", Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: conv.ID, Record: conv.Record, From: biz, To: cust, Body: "Calling you at 4."}})
	if !res.OK {
		t.Fatalf("apply: %v", res.Error)
	}
	waitFor(t, "Twilio to accept the send", func() bool { return e.fake.SendCount() == 1 })

	e.restart(t) // the held call is cancelled by the shutdown

	var got crm.Message
	waitFor(t, "the interrupted send to be resolved", func() bool {
		for _, m := range e.messages(t, conv.ID) {
			if m.ID == "cmd_e2e_crash" && (m.ProviderID != "" || m.Status == crm.StatusFailed) {
				got = m
				return true
			}
		}
		return false
	})
	sends := e.fake.Sends()
	if len(sends) != 1 || got.ProviderID != sends[0].SID || got.Status == crm.StatusFailed {
		t.Errorf("message %+v, Twilio sends %+v: want the one accepted send recorded", got, sends)
	}
	if n := e.fake.Requests(); n != 1 {
		t.Errorf("Twilio got %d send requests, want 1", n)
	}
}

// 64 senders at once, each with its own customers: every message is stored
// exactly once and every request answered 200.
func TestE2EConcurrentInboundAllStored(t *testing.T) {
	e := startE2E(t)
	const senders, each = 64, 5
	var wg sync.WaitGroup
	errs := make(chan error, senders*each)
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				sid := twiliotest.InboundSID(uint64(g*each + i + 1000))
				r, err := e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, e.srv.URL+twilio.InboundPath,
					twiliotest.InboundParams(account, sid, benchCustomer(g, i%4), biz, fmt.Sprintf("message %d", i)))
				if err == nil && r.Status != http.StatusOK {
					err = fmt.Errorf("%s: HTTP %d %q", sid, r.Status, r.Body)
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for _, c := range e.conversations(t) {
		total += len(e.messages(t, c.ID))
	}
	if total != senders*each {
		t.Errorf("stored %d messages, want %d", total, senders*each)
	}
}

// benchCustomer is a valid US number per sender g and slot i.
func benchCustomer(g, i int) string { return fmt.Sprintf("+1415%03d%04d", 200+g, 1000+i) }
