package backend

import (
	"context"
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

func TestRestartWithoutLoss(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.close()
	e.open(nil) // no provider: sends stay queued
	e.inbound("SM1", phoneJane, numAlice, "before the crash")
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	res := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_q", Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: jane.ID, Body: "queued across a restart"}})
	if !res.OK || res.Message.Status != crm.StatusQueued {
		t.Fatalf("send: %+v", res)
	}
	seq := e.svc.LastSeq()
	e.close()

	prov := &countingProvider{}
	// The provider is set after the check: its answer to the queued send
	// commits an event, which would race with reading LastSeq.
	e.open(nil)
	if got := e.svc.LastSeq(); got != seq {
		t.Fatalf("last seq %d after restart, want %d", got, seq)
	}
	e.svc.SetProvider(prov)
	msgs := e.messages(tokAlice, jane.ID)
	var inbound bool
	for _, m := range msgs {
		inbound = inbound || m.ProviderID == "SM1"
	}
	if !inbound {
		t.Fatal("acknowledged inbound lost")
	}
	eventually(t, "queued send sent after restart", func() bool { return e.message("cmd_q").ProviderID != "" })
	if n := prov.count(); n != 1 || prov.sent[0].MessageID != "cmd_q" || prov.sent[0].To != phoneJane {
		t.Fatalf("provider calls %d %+v", n, prov.sent)
	}
	// The replayed command still answers with its first result.
	again := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_q", Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: jane.ID, Body: "queued across a restart"}})
	if !again.OK || again.Message.ID != "cmd_q" {
		t.Fatalf("replay after restart: %+v", again)
	}
	if n := prov.count(); n != 1 {
		t.Fatalf("replay sent again: %d calls", n)
	}
	// The log survives too: a client cursor from before the restart resumes.
	evs, err := e.svc.EventsSince(t.Context(), "u_alice", 0, 1000)
	if err != nil || len(evs) == 0 || evs[0].Seq != 1 {
		t.Fatalf("events after restart: %v %d", err, len(evs))
	}
}

func TestInterruptedSendIsNotRepeated(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.close()
	e.open(nil)
	jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
	res := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_i", Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: jane.ID, Body: "maybe sent"}})
	if !res.OK {
		t.Fatal(res.Error)
	}
	// Simulate a crash during the provider call: the entry is "sending".
	if err := e.svc.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bOutbox), []byte("cmd_i"), outboxEntry{State: outboxSending, Attempts: 1})
	}); err != nil {
		t.Fatal(err)
	}
	e.close()
	prov := &countingProvider{}
	e.open(prov)
	eventually(t, "interrupted send resolved", func() bool { return e.message("cmd_i").Status == crm.StatusFailed })
	if m := e.message("cmd_i"); m.FailureReason != crm.ReasonUnknown {
		t.Fatalf("%+v", m)
	}
	if prov.count() != 0 {
		t.Fatal("an interrupted send was sent again")
	}
}

// lookupProvider is a countingProvider that can also answer Lookup.
type lookupProvider struct {
	countingProvider
	found   bool
	lookups int
}

func (p *lookupProvider) Lookup(ctx context.Context, m crm.OutboundSMS, since time.Time) (crm.SendResult, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lookups++
	if p.found {
		return crm.SendResult{ProviderID: "SMalready", Status: crm.StatusSent}, true, nil
	}
	return crm.SendResult{}, false, nil
}

func TestInterruptedSendResolvedByLookup(t *testing.T) {
	for _, found := range []bool{true, false} {
		t.Run(fmt.Sprintf("found=%v", found), func(t *testing.T) {
			e := newEnv(t, dataset(t, "base.json", nil))
			e.close()
			e.open(nil)
			jane, _ := e.conversationOn(tokAlice, numAlice, phoneJane)
			if res := e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: "cmd_l", Kind: crm.CmdSendMessage,
				Send: &crm.SendMessage{ConversationID: jane.ID, Body: "did it go?"}}); !res.OK {
				t.Fatal(res.Error)
			}
			if err := e.svc.db.Update(func(tx *bolt.Tx) error {
				return putJSON(tx.Bucket(bOutbox), []byte("cmd_l"), outboxEntry{State: outboxSending, Attempts: 1, SendingAt: e.clock.Now()})
			}); err != nil {
				t.Fatal(err)
			}
			e.close()
			prov := &lookupProvider{found: found}
			e.open(prov)
			eventually(t, "resolved", func() bool { return e.message("cmd_l").ProviderID != "" })
			want := 0
			if !found {
				want = 1
			}
			prov.mu.Lock()
			lookups := prov.lookups
			prov.mu.Unlock()
			if prov.count() != want || lookups != 1 {
				t.Fatalf("found=%v: %d sends, %d lookups", found, prov.count(), lookups)
			}
		})
	}
}
