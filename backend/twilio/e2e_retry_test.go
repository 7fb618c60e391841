package twilio_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// retryEnv is the real backend (bbolt in a temp dir) sending through the
// real Twilio client to the fake Twilio, with the sender's retry waits
// recorded and, while released, fired at once.
type retryEnv struct {
	e2e
	mu      sync.Mutex
	waits   []time.Duration
	release chan struct{} // closed: retries fire at once
	netFail atomic.Int32  // transport errors to inject before any request leaves
}

func startRetryEnv(t *testing.T, policy backend.RetryPolicy) *retryEnv {
	t.Helper()
	r := &retryEnv{release: make(chan struct{})}
	close(r.release)
	r.dir = t.TempDir()
	r.fake = twiliotest.New(twiliotest.Config{
		AuthToken:      token,
		CallbackTarget: func(u string) string { return r.srv.URL + strings.TrimPrefix(u, e2ePublic) },
	})
	t.Cleanup(r.fake.Close)
	r.poster = twiliotest.Poster{AuthToken: token, HTTP: &http.Client{Timeout: 15 * time.Second}}
	r.openWith(t, policy)
	if err := r.svc.ImportDatasetFile("testdata/e2e.json"); err != nil {
		t.Fatalf("import dataset: %v", err)
	}
	return r
}

// failingTransport fails the first requests the way a dropped network
// does, before anything reaches the fake.
type failingTransport struct{ r *retryEnv }

func (f failingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if f.r.netFail.Add(-1) >= 0 {
		return nil, errors.New("dial tcp: connection refused (injected)")
	}
	return http.DefaultTransport.RoundTrip(req)
}

func (r *retryEnv) openWith(t *testing.T, policy backend.RetryPolicy) {
	t.Helper()
	policy.After = func(d time.Duration) <-chan time.Time {
		r.mu.Lock()
		r.waits = append(r.waits, d)
		rel := r.release
		r.mu.Unlock()
		ch := make(chan time.Time, 1)
		go func() {
			<-rel
			ch <- time.Now()
		}()
		return ch
	}
	svc, err := backend.Open(backend.Config{Dir: r.dir, SendRetry: policy})
	if err != nil {
		t.Fatalf("open backend: %v", err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	r.svc = svc
	svc.SetProvider(twilio.NewClient(twilio.ClientConfig{
		BaseURL: r.fake.URL, AccountSID: r.fake.AccountSID(), AuthToken: r.fake.AuthToken,
		StatusCallback: e2ePublic + twilio.StatusPath,
		HTTP:           &http.Client{Transport: failingTransport{r}, Timeout: 10 * time.Second},
	}))
	hooks := twilio.NewWebhookHandler(twilio.WebhookConfig{
		AuthToken: func() string { return token }, PublicURL: e2ePublic, Receiver: svc,
	})
	r.srv = httptest.NewServer(backend.NewServer(svc, backend.ServerConfig{Webhooks: hooks}))
	t.Cleanup(r.srv.Close)
}

func (r *retryEnv) recordedWaits() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.waits...)
}

// send queues an outbound message to to on the first conversation and
// waits until the sender is done with it (answered, or failed).
func (r *retryEnv) send(t *testing.T, id, to string) crm.Message {
	t.Helper()
	if resp := r.inbound(t, twiliotest.InboundSID(77), cust, "Hi there"); resp.Status != http.StatusOK {
		t.Fatalf("inbound: %d", resp.Status)
	}
	conv := r.conversations(t)[0]
	if to != cust {
		conv = crm.Conversation{ID: "cv_retry_" + id, Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_omar"}}
	}
	res := r.svc.Apply(context.Background(), "u_alice", crm.Command{ID: id, Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: conv.ID, Record: conv.Record, From: biz, To: to, Body: "Retry me " + id}})
	if !res.OK {
		t.Fatalf("apply %s: %v", id, res.Error)
	}
	var got crm.Message
	waitFor(t, id+" settled", func() bool {
		if r.svc.PendingSends() != 0 {
			return false
		}
		for _, m := range r.messages(t, res.Message.ConversationID) {
			if m.ID == id {
				got = m
				return m.ProviderID != "" || m.Status == crm.StatusFailed
			}
		}
		return false
	})
	return got
}

// A 503 is a passing failure: the send is tried again (after asking Twilio
// whether the first call got through) and reaches the customer once.
func TestSendRetriedAfter503IsSentOnce(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{Base: time.Second, Max: time.Minute})
	r.fake.FailNext(http.StatusServiceUnavailable)
	m := r.send(t, "cmd_r503", cust)
	if m.Status == crm.StatusFailed || m.ProviderID == "" {
		t.Fatalf("after a 503 then success: %+v", m)
	}
	if n := r.fake.SendCount(); n != 1 {
		t.Fatalf("Twilio accepted %d sends, want 1", n)
	}
	if n := r.fake.Requests(); n != 2 {
		t.Fatalf("Twilio got %d send requests, want 2 (the 503, the retry)", n)
	}
	if w := r.recordedWaits(); len(w) != 1 || w[0] < 500*time.Millisecond || w[0] > time.Second {
		t.Fatalf("retry waits %v, want one in [Base/2, Base]", w)
	}
	if resp, err := r.fake.SendStatus(context.Background(), m.ProviderID, "delivered", ""); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("delivery receipt: %v %+v", err, resp)
	}
	for _, got := range r.messages(t, m.ConversationID) {
		if got.ID == m.ID && got.Status != crm.StatusDelivered {
			t.Fatalf("after the receipt: %s, want delivered", got.Status)
		}
	}
}

// A network error before the request left: retried, sent once.
func TestSendRetriedAfterNetworkError(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	r.netFail.Store(2) // the send, then the lookup before the retry
	m := r.send(t, "cmd_rnet", cust)
	if m.Status == crm.StatusFailed || m.ProviderID == "" {
		t.Fatalf("after network errors: %+v", m)
	}
	if n := r.fake.SendCount(); n != 1 {
		t.Fatalf("Twilio accepted %d sends, want 1", n)
	}
	// Exponential: the second wait (after the failed lookup) is about twice the first.
	w := r.recordedWaits()
	if len(w) != 2 || w[0] < time.Second || w[0] > 2*time.Second || w[1] < 2*time.Second || w[1] > 4*time.Second {
		t.Fatalf("retry waits %v, want [1s,2s] then [2s,4s]", w)
	}
}

// Twilio took the message but the answer was lost: the retry asks Twilio
// first, finds it and records it; the customer gets one SMS.
func TestSendWhoseAnswerWasLostIsNotSentTwice(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	r.fake.DropNextAnswers(1)
	m := r.send(t, "cmd_rdrop", cust)
	sends := r.fake.Sends()
	if len(sends) != 1 || m.ProviderID != sends[0].SID {
		t.Fatalf("message %+v, Twilio sends %+v: want the one accepted send recorded", m, sends)
	}
	if n := r.fake.Requests(); n != 1 {
		t.Fatalf("Twilio got %d send requests, want 1", n)
	}
}

// Twilio refuses the number itself (400, 21211): failed at once, no retry.
func TestSendRefusedByTwilioFailsAtOnce(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	const refused = "+14155550188"
	r.fake.SetInvalid(refused)
	m := r.send(t, "cmd_r400", refused)
	if m.Status != crm.StatusFailed || m.ErrorCode != "21211" || m.FailureReason != crm.ReasonInvalidSendingParameters {
		t.Fatalf("refused send: %+v", m)
	}
	if n := r.fake.Requests(); n != 1 {
		t.Fatalf("Twilio got %d send requests, want 1", n)
	}
	if w := r.recordedWaits(); len(w) != 0 {
		t.Fatalf("a refusal was retried: waits %v", w)
	}
}

// Past the attempt limit the send is failed, not retried forever.
func TestSendGivesUpAfterMaxAttempts(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{MaxAttempts: 3})
	r.fake.FailNext(500, 503, 429, 503)
	m := r.send(t, "cmd_rgive", cust)
	if m.Status != crm.StatusFailed || m.FailureReason != crm.ReasonUnknown {
		t.Fatalf("after 3 failed attempts: %+v", m)
	}
	if n := r.fake.Requests(); n != 3 {
		t.Fatalf("Twilio got %d send requests, want 3", n)
	}
	if n := r.fake.SendCount(); n != 0 {
		t.Fatalf("Twilio accepted %d sends, want 0", n)
	}
}

// A send waiting for its retry survives a restart: the entry is durable and
// the next run sends it.
func TestSendRetrySurvivesRestart(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	r.mu.Lock()
	r.release = make(chan struct{}) // retries wait until released
	r.mu.Unlock()
	if resp := r.inbound(t, twiliotest.InboundSID(78), cust, "Hello"); resp.Status != http.StatusOK {
		t.Fatalf("inbound: %d", resp.Status)
	}
	conv := r.conversations(t)[0]
	r.fake.FailNext(http.StatusBadGateway)
	if res := r.svc.Apply(context.Background(), "u_alice", crm.Command{ID: "cmd_rrestart", Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: conv.ID, Body: "across a restart"}}); !res.OK {
		t.Fatal(res.Error)
	}
	waitFor(t, "the retry to be scheduled", func() bool { return len(r.recordedWaits()) == 1 })
	if n := r.svc.PendingSends(); n != 1 {
		t.Fatalf("pending sends while waiting to retry: %d, want 1", n)
	}
	r.srv.Close()
	if err := r.svc.Close(); err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.release = make(chan struct{})
	close(r.release)
	r.mu.Unlock()
	r.openWith(t, backend.RetryPolicy{})
	waitFor(t, "the retried send answered", func() bool {
		for _, m := range r.messages(t, conv.ID) {
			if m.ID == "cmd_rrestart" {
				return m.ProviderID != ""
			}
		}
		return false
	})
	if n := r.fake.SendCount(); n != 1 {
		t.Fatalf("Twilio accepted %d sends, want 1", n)
	}
}
