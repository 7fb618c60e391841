package backend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Two identical sends in flight, and a provider that answers both with the
// same provider id: the second answer must not take the id from the first
// message (its status callbacks would then go to the wrong message). The
// refused send is retried and recorded under the id of its own retry.
func TestSameProviderIDForTwoMessagesIsNotRemapped(t *testing.T) {
	e := &env{t: t, dir: t.TempDir(), prov: &countingProvider{}, clock: newTestClock()}
	release := make(chan struct{})
	e.prov.reply = func(n int, m crm.OutboundSMS) (crm.SendResult, error) {
		if n <= 2 {
			<-release // both calls are in flight before either answers
			return crm.SendResult{ProviderID: "SMsame", Status: crm.StatusQueued}, nil
		}
		return crm.SendResult{ProviderID: fmt.Sprintf("SMfresh%d", n), Status: crm.StatusQueued}, nil
	}
	immediate := func(time.Duration) <-chan time.Time {
		c := make(chan time.Time, 1)
		c <- time.Time{}
		return c
	}
	svc, err := Open(Config{Dir: e.dir, Now: e.clock.Now, Rand: rand.NewChaCha8([32]byte{7}), SendWorkers: 2,
		Provider: e.prov, SendRetry: RetryPolicy{After: immediate}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	e.srv = httptest.NewServer(NewServer(svc, ServerConfig{}))
	t.Cleanup(e.close)
	if err := svc.ImportDataset(dataset(t, "base.json", nil)); err != nil {
		t.Fatal(err)
	}

	jane, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok {
		t.Fatal("no conversation with Jane")
	}
	for _, id := range []string{"cmd_same_1", "cmd_same_2"} {
		if st := e.do("POST", "/api/v1/conversations/"+jane.ID+"/messages", tokAlice,
			map[string]string{"id": id, "body": "see you at 5"}, nil); st != 202 {
			t.Fatalf("send %s: %d", id, st)
		}
	}
	eventually(t, "both provider calls in flight", func() bool { return e.prov.count() == 2 })
	close(release)
	eventually(t, "both messages recorded", func() bool {
		return e.message("cmd_same_1").ProviderID != "" && e.message("cmd_same_2").ProviderID != ""
	})

	var owner string
	err = svc.db.View(func(tx *bolt.Tx) error {
		owner = string(tx.Bucket(bMsgByProvider).Get([]byte("SMsame")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	first, second := owner, "cmd_same_2"
	switch owner {
	case "cmd_same_1":
	case "cmd_same_2":
		second = "cmd_same_1"
	default:
		t.Fatalf("SMsame maps to %q, want one of the two messages", owner)
	}
	if got := e.message(first).ProviderID; got != "SMsame" {
		t.Fatalf("%s (the owner of SMsame) has provider id %q", first, got)
	}
	if got := e.message(second).ProviderID; got == "SMsame" || got != "SMfresh3" {
		t.Fatalf("%s has provider id %q, want SMfresh3 (its retry's), not the other message's", second, got)
	}
	if n := e.prov.count(); n != 3 {
		t.Fatalf("%d provider calls, want 3 (the refused send tried once more)", n)
	}

	// The first message's status callbacks still reach it, and only it.
	if err := svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: "SMsame", Status: crm.StatusDelivered}); err != nil {
		t.Fatal(err)
	}
	if st := e.message(first).Status; st != crm.StatusDelivered {
		t.Fatalf("%s after its delivery receipt: %s", first, st)
	}
	if st := e.message(second).Status; st == crm.StatusDelivered {
		t.Fatalf("%s got the other message's delivery receipt", second)
	}
	if err := svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: "SMfresh3", Status: crm.StatusFailed, ErrorCode: "30003"}); err != nil {
		t.Fatal(err)
	}
	if st := e.message(second).Status; st != crm.StatusFailed {
		t.Fatalf("%s after its own failure receipt: %s", second, st)
	}
	if st := e.message(first).Status; st != crm.StatusDelivered {
		t.Fatalf("%s changed by the other message's receipt: %s", first, st)
	}
}
