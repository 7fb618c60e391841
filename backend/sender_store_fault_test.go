package backend

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// manualAfter is a RetryPolicy.After whose waits end only when the test
// releases them, in the order they were asked for; it records each wait.
type manualAfter struct {
	mu       sync.Mutex
	waits    []time.Duration
	chans    []chan time.Time
	released int
}

func (m *manualAfter) After(d time.Duration) <-chan time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := make(chan time.Time, 1)
	m.waits = append(m.waits, d)
	m.chans = append(m.chans, c)
	return c
}

// asked is how many waits were asked for so far.
func (m *manualAfter) asked() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.waits)
}

// releaseNext ends the oldest wait not yet ended.
func (m *manualAfter) releaseNext(t *testing.T) {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.released >= len(m.chans) {
		t.Fatal("no retry wait to release")
	}
	m.chans[m.released] <- time.Time{}
	m.released++
}

func (m *manualAfter) requested() []time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Duration(nil), m.waits...)
}

// errDiskFull stands for what a full disk makes bbolt's commit return.
var errDiskFull = errors.New("write smsdesk.db: no space left on device")

// openFaultEnv opens a service with one send worker (so a send that hung
// the worker would stop every other), retry waits under the test's
// control, and the real REST handler.
func openFaultEnv(t *testing.T, prov crm.Provider, after *manualAfter) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), clock: newTestClock()}
	svc, err := Open(Config{Dir: e.dir, Now: e.clock.Now, Rand: rand.NewChaCha8([32]byte{9}), SendWorkers: 1,
		Provider: prov, SendRetry: RetryPolicy{After: after.After}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.srv = httptest.NewServer(NewServer(svc, ServerConfig{}))
	t.Cleanup(e.close)
	// base.json with an admin, who may read /healthz's counts.
	if err := svc.ImportDataset(adminDataset(t)); err != nil {
		t.Fatal(err)
	}
	return e
}

// failRecording makes the first n commits that record the provider's
// answer to message id fail as a full disk would: the commit where the
// message exists and its outbox entry is gone. It returns how many failed.
func failRecording(svc *Service, id string, n int64) *atomic.Int64 {
	var failed atomic.Int64
	svc.commits.injectFault(func(tx *bolt.Tx) error {
		if tx.Bucket(bOutbox).Get([]byte(id)) != nil || tx.Bucket(bMsgByID).Get([]byte(id)) == nil {
			return nil
		}
		if failed.Load() >= n {
			return nil
		}
		failed.Add(1)
		return errDiskFull
	})
	return &failed
}

// healthCounts reads the send counts /healthz reports to an admin.
func (e *env) healthCounts() (pending, unrecorded int) {
	e.t.Helper()
	var h struct {
		PendingSends    *int `json:"pending_sends"`
		UnrecordedSends *int `json:"unrecorded_sends"`
	}
	if st := e.do("GET", "/healthz", tokRoot, nil, &h); st != 200 || h.PendingSends == nil || h.UnrecordedSends == nil {
		e.t.Fatalf("healthz: %d %+v", st, h)
	}
	return *h.PendingSends, *h.UnrecordedSends
}

func (e *env) send(id, convID, body string) {
	e.t.Helper()
	res := e.svc.Apply(e.t.Context(), "u_alice", crm.Command{ID: id, Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: convID, Body: body}})
	if !res.OK {
		e.t.Fatalf("send %s: %+v", id, res.Error)
	}
}

// Issue 13, finding 5: the provider took the message, recording its answer
// failed (disk full), and the send was dropped from the sender's queue:
// queued forever, pending_sends 0, settled only by a restart. Now the
// answer is held and recorded again after growing waits, without a second
// provider call and without holding up other sends; /healthz counts it
// meanwhile.
func TestUnrecordedAnswerIsRecordedWithoutRestart(t *testing.T) {
	prov := &countingProvider{reply: func(n int, m crm.OutboundSMS) (crm.SendResult, error) {
		return crm.SendResult{ProviderID: "SM" + m.MessageID, Status: crm.StatusSent, Segments: 1}, nil
	}}
	after := &manualAfter{}
	e := openFaultEnv(t, prov, after)
	const failures = 3
	failed := failRecording(e.svc, "cmd_held", failures)
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)

	e.send("cmd_held", jane.ID, "recorded at last")
	// Then the send is either waiting for its retry, or (the bug) dropped.
	eventually(t, "the first recording failed and the send waits for a retry or was dropped", func() bool {
		return failed.Load() == 1 && (after.asked() == 1 || e.svc.PendingSends() == 0)
	})
	if p, u := e.svc.PendingSends(), e.svc.UnrecordedSends(); p != 1 || u != 1 {
		t.Fatalf("while the answer is unrecorded: pending_sends %d, unrecorded_sends %d; want 1 and 1", p, u)
	}
	if p, u := e.healthCounts(); p != 1 || u != 1 {
		t.Fatalf("/healthz while the answer is unrecorded: pending_sends %d, unrecorded_sends %d; want 1 and 1", p, u)
	}
	if m := e.message("cmd_held"); m.Status != crm.StatusQueued || m.ProviderID != "" {
		t.Fatalf("unrecorded send shows %s %q", m.Status, m.ProviderID)
	}

	// Another send goes through meanwhile, on the only worker.
	e.send("cmd_other", jane.ID, "not held up")
	eventually(t, "the other send recorded while the first waits", func() bool {
		return e.message("cmd_other").ProviderID == "SMcmd_other"
	})

	for i := 2; i <= failures; i++ {
		after.releaseNext(t)
		eventually(t, fmt.Sprintf("recording failure %d and its retry wait", i), func() bool {
			return failed.Load() == int64(i) && after.asked() == i
		})
		if u := e.svc.UnrecordedSends(); u != 1 {
			t.Fatalf("after failure %d: unrecorded_sends %d", i, u)
		}
	}
	after.releaseNext(t)
	eventually(t, "the held answer recorded", func() bool { return e.message("cmd_held").Status == crm.StatusSent })
	if m := e.message("cmd_held"); m.ProviderID != "SMcmd_held" || m.Segments != 1 {
		t.Fatalf("recorded %+v", m)
	}
	eventually(t, "no send left pending", func() bool { return e.svc.PendingSends() == 0 })
	if p, u := e.healthCounts(); p != 0 || u != 0 {
		t.Fatalf("/healthz after recording: pending_sends %d, unrecorded_sends %d", p, u)
	}
	waits := after.requested()
	for i := 1; i < len(waits); i++ {
		if waits[i] <= waits[i-1] {
			t.Fatalf("retry waits do not back off: %v", waits)
		}
	}
	calls := 0
	for _, m := range prov.sent {
		if m.MessageID == "cmd_held" {
			calls++
		}
	}
	if calls != 1 || prov.count() != 2 {
		t.Fatalf("provider calls: %d for cmd_held, %d in all (want 1 and 2)", calls, prov.count())
	}
	// The delivery receipt finds the message by the recorded provider id.
	if err := e.svc.ReceiveStatus(t.Context(), crm.StatusReport{ProviderID: "SMcmd_held", Status: crm.StatusDelivered}); err != nil {
		t.Fatal(err)
	}
	if st := e.message("cmd_held").Status; st != crm.StatusDelivered {
		t.Fatalf("after the receipt: %s", st)
	}
}

// A failed store write before the provider call (marking the send
// "sending") was the same stall: now it is tried again after a wait, and
// the provider gets the message once.
func TestFailedWriteBeforeTheProviderCallIsRetried(t *testing.T) {
	prov := &countingProvider{}
	after := &manualAfter{}
	e := openFaultEnv(t, prov, after)
	var failed atomic.Int64
	e.svc.commits.injectFault(func(tx *bolt.Tx) error {
		var o outboxEntry
		ok, err := getJSON(tx.Bucket(bOutbox), "cmd_mark", &o)
		if err != nil || !ok || o.State != outboxSending || failed.Load() >= 2 {
			return err
		}
		failed.Add(1)
		return errDiskFull
	})
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	e.send("cmd_mark", jane.ID, "marked at last")
	for i := 1; i <= 2; i++ {
		eventually(t, fmt.Sprintf("failure %d and its retry wait", i), func() bool {
			return failed.Load() == int64(i) && after.asked() == i
		})
		if p := e.svc.PendingSends(); p != 1 || prov.count() != 0 {
			t.Fatalf("after failure %d: pending_sends %d, provider calls %d", i, p, prov.count())
		}
		after.releaseNext(t)
	}
	eventually(t, "sent", func() bool { return e.message("cmd_mark").ProviderID != "" })
	eventually(t, "no send left pending", func() bool { return e.svc.PendingSends() == 0 })
	if n := prov.count(); n != 1 {
		t.Fatalf("provider calls %d", n)
	}
}

// A server stopped while it holds an unrecorded answer leaves the send
// "sending" in the store; the next open settles it by looking the provider
// up: the provider is never called twice.
func TestUnrecordedAnswerAtShutdownIsSettledByLookup(t *testing.T) {
	first := &lookupProvider{}
	after := &manualAfter{}
	e := openFaultEnv(t, first, after)
	failed := failRecording(e.svc, "cmd_stop", 1_000)
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	e.send("cmd_stop", jane.ID, "held at shutdown")
	eventually(t, "answer held", func() bool { return failed.Load() == 1 && e.svc.UnrecordedSends() == 1 })
	e.close()

	second := &lookupProvider{found: true}
	e.open(second)
	eventually(t, "settled by lookup", func() bool { return e.message("cmd_stop").ProviderID == "SMalready" })
	second.mu.Lock()
	lookups := second.lookups
	second.mu.Unlock()
	if first.count() != 1 || second.count() != 0 || lookups != 1 {
		t.Fatalf("provider calls %d then %d, lookups %d; want 1, 0, 1", first.count(), second.count(), lookups)
	}
}
