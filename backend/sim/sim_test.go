package sim_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"sync"
	"testing"
	"time"

	"smsdesk/backend/sim"
	"smsdesk/crm"
)

const (
	biz         = "+14155550100"
	customer    = "+14155550123"
	unreachable = "+14155550124"
	landline    = "+14155550125"
	badNumber   = "+14155550126" // valid-looking, configured invalid
	silent      = "+14155550127"
)

var sidPattern = regexp.MustCompile(`^SM[0-9a-f]{32}$`)

// event is one call the provider made on the receiver.
type event struct {
	status *crm.StatusReport
	sms    *crm.InboundSMS
}

// chanReceiver hands every call to the test through a channel. failFirst
// calls fail, to exercise retries.
type chanReceiver struct {
	events    chan event
	mu        sync.Mutex
	failFirst int
}

func newChanReceiver() *chanReceiver { return &chanReceiver{events: make(chan event, 100)} }

func (r *chanReceiver) fail() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failFirst > 0 {
		r.failFirst--
		return true
	}
	return false
}

func (r *chanReceiver) ReceiveSMS(_ context.Context, m crm.InboundSMS) error {
	if r.fail() {
		return errors.New("backend restarting")
	}
	r.events <- event{sms: &m}
	return nil
}

func (r *chanReceiver) ReceiveStatus(_ context.Context, s crm.StatusReport) error {
	if r.fail() {
		return errors.New("backend restarting")
	}
	r.events <- event{status: &s}
	return nil
}

// next returns the next event; the deadline only guards against a hang.
func (r *chanReceiver) next(t *testing.T) event {
	t.Helper()
	select {
	case e := <-r.events:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event from the simulator")
		return event{}
	}
}

func (r *chanReceiver) nextStatus(t *testing.T) crm.StatusReport {
	t.Helper()
	e := r.next(t)
	if e.status == nil {
		t.Fatalf("got message %+v, want a status report", e.sms)
	}
	return *e.status
}

func (r *chanReceiver) assertNone(t *testing.T) {
	t.Helper()
	select {
	case e := <-r.events:
		t.Fatalf("unexpected event: status %+v sms %+v", e.status, e.sms)
	default:
	}
}

type fixture struct {
	p     *sim.Provider
	clock *sim.ManualClock
	rec   *chanReceiver
	cfg   sim.Config
}

func newFixture(t *testing.T, mod func(*sim.Config)) *fixture {
	t.Helper()
	f := &fixture{clock: sim.NewManualClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)), rec: newChanReceiver()}
	f.cfg = sim.Config{
		Receiver: f.rec, After: f.clock.After, Rand: rand.New(rand.NewPCG(1, 2)),
		SentDelay: time.Second, DeliveredDelay: 2 * time.Second, ReplyDelay: 5 * time.Second,
		RetryDelay: 3 * time.Second,
		Numbers: map[string]sim.Behavior{
			unreachable: sim.Unreachable, landline: sim.Landline, badNumber: sim.Invalid, silent: sim.Silent,
		},
		Script: map[string][]string{customer: {"Yes, Tuesday works.", "See you then."}},
	}
	if mod != nil {
		mod(&f.cfg)
	}
	f.p = sim.New(f.cfg)
	t.Cleanup(func() { _ = f.p.Close() })
	return f
}

// advance moves the clock once n goroutines wait on it.
func (f *fixture) advance(t *testing.T, n int, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.clock.WaitForWaiters(ctx, n); err != nil {
		t.Fatalf("waiting for %d timers: %v", n, err)
	}
	f.clock.Advance(d)
}

func (f *fixture) send(t *testing.T, to, body string) crm.SendResult {
	t.Helper()
	res, err := f.p.Send(context.Background(), crm.OutboundSMS{MessageID: "cmd_" + to, From: biz, To: to, Body: body})
	if err != nil {
		t.Fatalf("send to %s: %v", to, err)
	}
	return res
}

func TestDeliveredThenScriptedReplyInOrder(t *testing.T) {
	f := newFixture(t, nil)
	res := f.send(t, customer, "Can we meet Tuesday?")
	if !sidPattern.MatchString(res.ProviderID) || res.Status != crm.StatusQueued || res.Segments != 1 {
		t.Fatalf("send result %+v", res)
	}
	f.rec.assertNone(t) // nothing before the clock moves

	f.advance(t, 1, time.Second)
	if got := f.rec.nextStatus(t); got != (crm.StatusReport{ProviderID: res.ProviderID, Status: crm.StatusSent}) {
		t.Errorf("first receipt %+v", got)
	}
	f.advance(t, 1, 2*time.Second)
	if got := f.rec.nextStatus(t); got != (crm.StatusReport{ProviderID: res.ProviderID, Status: crm.StatusDelivered}) {
		t.Errorf("second receipt %+v", got)
	}
	f.advance(t, 1, 5*time.Second)
	e := f.rec.next(t)
	if e.sms == nil {
		t.Fatalf("want the customer's reply, got %+v", e.status)
	}
	m := *e.sms
	if m.From != customer || m.To != biz || m.Body != "Yes, Tuesday works." ||
		!sidPattern.MatchString(m.ProviderID) || m.ProviderID == res.ProviderID || m.Segments != 1 {
		t.Errorf("reply %+v", m)
	}
	// The script continues, then cycles.
	for _, want := range []string{"See you then.", "Yes, Tuesday works."} {
		f.send(t, customer, "ok")
		f.advance(t, 1, time.Second)
		f.rec.nextStatus(t)
		f.advance(t, 1, 2*time.Second)
		f.rec.nextStatus(t)
		f.advance(t, 1, 5*time.Second)
		if e := f.rec.next(t); e.sms == nil || e.sms.Body != want {
			t.Errorf("scripted reply %+v, want %q", e.sms, want)
		}
	}
}

func TestFailuresCarryTheirCodes(t *testing.T) {
	cases := []struct {
		to     string
		status crm.DeliveryStatus
		code   string
		reason crm.FailureReason
	}{
		{unreachable, crm.StatusFailed, "30003", crm.ReasonUnreachable},
		{landline, crm.StatusUndelivered, "30006", crm.ReasonLandline},
	}
	for _, tc := range cases {
		t.Run(tc.to, func(t *testing.T) {
			f := newFixture(t, nil)
			res := f.send(t, tc.to, "Hello")
			if res.Status != crm.StatusQueued || res.ProviderID == "" {
				t.Fatalf("accepted send %+v", res)
			}
			f.advance(t, 1, time.Second)
			if got := f.rec.nextStatus(t); got.Status != crm.StatusSent {
				t.Errorf("first receipt %+v, want sent", got)
			}
			f.advance(t, 1, 2*time.Second)
			got := f.rec.nextStatus(t)
			want := crm.StatusReport{ProviderID: res.ProviderID, Status: tc.status, ErrorCode: tc.code}
			if got != want {
				t.Errorf("final receipt %+v, want %+v", got, want)
			}
			if r := crm.ReasonForTwilioCode(got.ErrorCode); r != tc.reason {
				t.Errorf("reason %q, want %q", r, tc.reason)
			}
			// A failed handset never replies: once its goroutine is done
			// (Close waits for it) nothing more has come.
			_ = f.p.Close()
			f.rec.assertNone(t)
			if n := f.clock.Waiters(); n != 0 {
				t.Errorf("%d timers still pending", n)
			}
		})
	}
}

func TestInvalidNumbersAreRefusedAtSend(t *testing.T) {
	f := newFixture(t, nil)
	for _, to := range []string{badNumber, "+1234", "0612345678", ""} {
		res := f.send(t, to, "Hello")
		want := crm.SendResult{Status: crm.StatusFailed, ErrorCode: "21211"}
		if res != want {
			t.Errorf("to %q: %+v, want %+v", to, res, want)
		}
		if r := crm.ReasonForTwilioCode(res.ErrorCode); r != crm.ReasonInvalidSendingParameters {
			t.Errorf("reason %q", r)
		}
	}
	_ = f.p.Close()
	f.rec.assertNone(t)
	if n := f.clock.Waiters(); n != 0 {
		t.Errorf("refused sends scheduled %d timers", n)
	}
}

func TestSilentCustomerIsDeliveredButNeverReplies(t *testing.T) {
	f := newFixture(t, nil)
	res := f.send(t, silent, "Any news?")
	f.advance(t, 1, time.Second)
	f.rec.nextStatus(t)
	f.advance(t, 1, 2*time.Second)
	if got := f.rec.nextStatus(t); got.Status != crm.StatusDelivered || got.ProviderID != res.ProviderID {
		t.Errorf("final %+v", got)
	}
	_ = f.p.Close()
	f.rec.assertNone(t)
}

func TestDefaultRepliesAreDeterministicForASeed(t *testing.T) {
	reply := func() string {
		f := newFixture(t, func(c *sim.Config) { c.Script = nil })
		f.send(t, customer, "What price can you offer?")
		f.advance(t, 1, time.Second)
		f.rec.nextStatus(t)
		f.advance(t, 1, 2*time.Second)
		f.rec.nextStatus(t)
		f.advance(t, 1, 5*time.Second)
		e := f.rec.next(t)
		if e.sms == nil || e.sms.Body == "" {
			t.Fatalf("no reply: %+v", e)
		}
		return e.sms.Body
	}
	if a, b := reply(), reply(); a != b {
		t.Errorf("same seed, different replies: %q vs %q", a, b)
	}
}

func TestDefaultRepliesFitWhatWasSent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for body, anyOf := range map[string][]string{
		"Here is our price: 1200 €": {"price", "budget", "quote", "delivery"},
		"Shall we book a demo?":     {"see you", "30 minutes", "technical lead", "video call"},
	} {
		got, ok := sim.DefaultReplies(r, customer, body)
		if !ok || !containsAnyFold(got, anyOf) {
			t.Errorf("reply to %q = %q", body, got)
		}
	}
}

func TestReceiverErrorsAreRetriedOnTheClock(t *testing.T) {
	f := newFixture(t, nil)
	f.rec.failFirst = 2
	res := f.send(t, silent, "hi")
	f.advance(t, 1, time.Second) // attempt 1 fails, waits RetryDelay
	f.advance(t, 1, 3*time.Second)
	f.advance(t, 1, 3*time.Second) // attempt 3 succeeds
	if got := f.rec.nextStatus(t); got.Status != crm.StatusSent || got.ProviderID != res.ProviderID {
		t.Errorf("after retries: %+v", got)
	}
}

func TestRetriesGiveUpAfterMaxAttempts(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.MaxAttempts = 2 })
	f.rec.failFirst = 2
	f.send(t, silent, "hi")
	f.advance(t, 1, time.Second)
	f.advance(t, 1, 3*time.Second) // second and last attempt fails
	_ = f.p.Close()                // the goroutine has given up and ended
	f.rec.assertNone(t)
}

func TestCloseStopsEverything(t *testing.T) {
	f := newFixture(t, nil)
	for _, to := range []string{customer, unreachable, silent} {
		f.send(t, to, "hello")
	}
	if err := f.p.InjectAfter(time.Minute, "+14155550999", biz, "Hi, who is this?"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.clock.WaitForWaiters(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if err := f.p.Close(); err != nil { // returns once every goroutine ended
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	f.rec.assertNone(t)

	if _, err := f.p.Send(context.Background(), crm.OutboundSMS{From: biz, To: customer, Body: "x"}); !errors.Is(err, sim.ErrClosed) {
		t.Errorf("send after close: %v, want ErrClosed", err)
	}
	if err := f.p.Inject(context.Background(), customer, biz, "x"); !errors.Is(err, sim.ErrClosed) {
		t.Errorf("inject after close: %v, want ErrClosed", err)
	}
	if err := f.p.InjectAfter(time.Second, customer, biz, "x"); !errors.Is(err, sim.ErrClosed) {
		t.Errorf("inject after close: %v, want ErrClosed", err)
	}
	if err := f.p.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

func TestInjectDeliversAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.p.Inject(context.Background(), customer, biz, "STOP"); err != nil {
		t.Fatal(err)
	}
	e := f.rec.next(t)
	if e.sms == nil || e.sms.From != customer || e.sms.To != biz || e.sms.Body != "STOP" || !sidPattern.MatchString(e.sms.ProviderID) {
		t.Errorf("injected %+v", e.sms)
	}
	f.rec.failFirst = 1
	if err := f.p.Inject(context.Background(), customer, biz, "again"); err == nil {
		t.Error("inject hid the receiver's error")
	}
}

func TestInjectAfterWaitsForTheClock(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.p.InjectAfter(10*time.Second, "+14155550999", biz, "Hi, I saw your ad"); err != nil {
		t.Fatal(err)
	}
	f.advance(t, 1, 9*time.Second)
	f.rec.assertNone(t)
	f.clock.Advance(time.Second)
	if e := f.rec.next(t); e.sms == nil || e.sms.Body != "Hi, I saw your ad" {
		t.Errorf("injected %+v", e)
	}
}

func TestProviderIDsAreUnique(t *testing.T) {
	f := newFixture(t, nil)
	seen := map[string]bool{}
	for range 1000 {
		id := f.send(t, customer, "x").ProviderID
		if seen[id] {
			t.Fatalf("duplicate provider id %s", id)
		}
		seen[id] = true
	}
}

func containsAnyFold(s string, subs []string) bool {
	for _, sub := range subs {
		if regexp.MustCompile("(?i)" + regexp.QuoteMeta(sub)).MatchString(s) {
			return true
		}
	}
	return false
}

// After a crash the backend asks whether an interrupted send got through;
// the in-process simulator lost it with the crash, so the answer is no.
func TestLookupReportsInterruptedSendsAsNotSent(t *testing.T) {
	f := newFixture(t, nil)
	_, found, err := f.p.Lookup(context.Background(), crm.OutboundSMS{From: biz, To: customer, Body: "x"}, time.Time{})
	if err != nil || found {
		t.Errorf("found=%v err=%v, want not found", found, err)
	}
}
