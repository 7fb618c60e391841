package twilio_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// The sender uses LookupExcept when the provider has it.
var _ backend.SendLookupExcept = (*twilio.Client)(nil)

// LookupExcept passes over the sids the caller already knows: an earlier
// identical SMS is not taken for one Twilio never got. Lookup is unchanged.
func TestLookupExceptPassesOverKnownSids(t *testing.T) {
	fake := newFake(t, twiliotest.Config{})
	c := newClient(t, fake)
	ctx := context.Background()
	a := crm.OutboundSMS{MessageID: "cmd_A", From: biz, To: cust, Body: "ok"}
	resA, err := c.Send(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	known := func(sid string) bool { return sid == resA.ProviderID }
	b := crm.OutboundSMS{MessageID: "cmd_B", From: biz, To: cust, Body: "ok"}
	since := time.Now().Add(-2 * time.Minute)
	if res, found, err := c.LookupExcept(ctx, b, since, known); err != nil || found {
		t.Fatalf("lookup of B (never sent) past A's sid: %+v found=%v err=%v", res, found, err)
	}
	if res, found, err := c.Lookup(ctx, b, since); err != nil || !found || res.ProviderID != resA.ProviderID {
		t.Fatalf("plain lookup: %+v found=%v err=%v, want A's send", res, found, err)
	}

	// B's own send, whose answer is lost, is found behind a newer known one.
	fake.DropNextAnswers(1)
	if _, err := c.Send(ctx, b); err == nil {
		t.Fatal("send with a dropped answer reported success")
	}
	resC, err := c.Send(ctx, crm.OutboundSMS{MessageID: "cmd_C", From: biz, To: cust, Body: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	known = func(sid string) bool { return sid == resA.ProviderID || sid == resC.ProviderID }
	sends := fake.Sends()
	if len(sends) != 3 {
		t.Fatalf("fake sends %+v, want 3", sends)
	}
	if res, found, err := c.LookupExcept(ctx, b, since, known); err != nil || !found || res.ProviderID != sends[1].SID {
		t.Fatalf("lookup of B: %+v found=%v err=%v, want B's send %s", res, found, err, sends[1].SID)
	}
}

// queue applies a send of body on the retry env's conversation with cust.
func (r *retryEnv) queue(t *testing.T, id, body string) string {
	t.Helper()
	if resp := r.inbound(t, twiliotest.InboundSID(79), cust, "Hi there"); resp.Status != http.StatusOK {
		t.Fatalf("inbound: %d", resp.Status)
	}
	conv := r.conversations(t)[0]
	res := r.svc.Apply(context.Background(), "u_alice", crm.Command{ID: id, Kind: crm.CmdSendMessage,
		Send: &crm.SendMessage{ConversationID: conv.ID, Body: body}})
	if !res.OK {
		t.Fatalf("apply %s: %v", id, res.Error)
	}
	return conv.ID
}

// settled waits until message id has Twilio's answer (or failed).
func (r *retryEnv) settled(t *testing.T, convID, id string) crm.Message {
	t.Helper()
	var got crm.Message
	waitFor(t, id+" settled", func() bool {
		for _, m := range r.messages(t, convID) {
			if m.ID == id {
				got = m
				return m.ProviderID != "" || m.Status == crm.StatusFailed
			}
		}
		return false
	})
	return got
}

func (r *retryEnv) message(t *testing.T, convID, id string) crm.Message {
	t.Helper()
	for _, m := range r.messages(t, convID) {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %s not found", id)
	return crm.Message{}
}

func (r *retryEnv) status(t *testing.T, sid, status string) {
	t.Helper()
	if resp, err := r.fake.SendStatus(context.Background(), sid, status, ""); err != nil || resp.Status != http.StatusOK {
		t.Fatalf("status callback %s %s: %v %+v", sid, status, err, resp)
	}
}

// "ok" is sent and answered (SID1); a second "ok" to the same customer
// fails with a network error before reaching Twilio. The retry's lookup
// finds SID1, but SID1 is the first message's: the second is sent, gets
// its own sid, and SID1's callbacks keep updating the first message.
func TestRetryIsNotTakenForAnEarlierIdenticalSMS(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	conv := r.queue(t, "cmd_ok_1", "ok")
	first := r.settled(t, conv, "cmd_ok_1")
	if first.ProviderID == "" || first.Status == crm.StatusFailed {
		t.Fatalf("first send: %+v", first)
	}
	r.status(t, first.ProviderID, "sent")

	r.netFail.Store(1) // the second send's call never leaves
	r.queue(t, "cmd_ok_2", "ok")
	second := r.settled(t, conv, "cmd_ok_2")
	sends := r.fake.Sends()
	if len(sends) != 2 {
		t.Fatalf("Twilio accepted %d sends (%+v), want 2: the second message was never sent", len(sends), sends)
	}
	if second.Status == crm.StatusFailed || second.ProviderID != sends[1].SID || second.ProviderID == first.ProviderID {
		t.Fatalf("second message %+v, Twilio sends %+v: want the second send's own sid", second, sends)
	}

	r.status(t, first.ProviderID, "delivered")
	if m := r.message(t, conv, "cmd_ok_1"); m.Status != crm.StatusDelivered || m.ProviderID != first.ProviderID {
		t.Fatalf("first message after SID1 delivered: %+v", m)
	}
	if m := r.message(t, conv, "cmd_ok_2"); m.Status == crm.StatusDelivered {
		t.Fatalf("SID1's receipt delivered the second message: %+v", m)
	}
	r.status(t, second.ProviderID, "delivered")
	if m := r.message(t, conv, "cmd_ok_2"); m.Status != crm.StatusDelivered {
		t.Fatalf("second message after its own receipt: %+v", m)
	}
}

// The second "ok" reached Twilio but its answer was lost: the retry finds
// that send (not the first one) and records it; nothing is sent a third
// time.
func TestRetryOfIdenticalSMSWhoseAnswerWasLostRecordsItsOwnSend(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	conv := r.queue(t, "cmd_ok_1", "ok")
	first := r.settled(t, conv, "cmd_ok_1")

	r.fake.DropNextAnswers(1)
	r.queue(t, "cmd_ok_2", "ok")
	second := r.settled(t, conv, "cmd_ok_2")
	sends := r.fake.Sends()
	if len(sends) != 2 || second.ProviderID != sends[1].SID || first.ProviderID != sends[0].SID {
		t.Fatalf("messages %+v and %+v, Twilio sends %+v: want one send each", first, second, sends)
	}
	if n := r.fake.Requests(); n != 2 {
		t.Fatalf("Twilio got %d send requests, want 2", n)
	}
}

// The second "ok" reached Twilio with its answer lost, and a third "ok"
// was sent and recorded before the second's retry: the retry passes over
// the third's sid (newest) and the first's, finds its own and records it.
func TestRetryFindsItsOwnSendBehindANewerIdenticalSMS(t *testing.T) {
	r := startRetryEnv(t, backend.RetryPolicy{})
	conv := r.queue(t, "cmd_ok_1", "ok")
	r.settled(t, conv, "cmd_ok_1")

	r.mu.Lock()
	r.release = make(chan struct{}) // the retry waits until released
	r.mu.Unlock()
	r.fake.DropNextAnswers(1)
	r.queue(t, "cmd_ok_2", "ok")
	waitFor(t, "the second send's retry to be scheduled", func() bool { return len(r.recordedWaits()) == 1 })

	r.queue(t, "cmd_ok_3", "ok")
	third := r.settled(t, conv, "cmd_ok_3")

	r.mu.Lock()
	close(r.release)
	r.mu.Unlock()
	second := r.settled(t, conv, "cmd_ok_2")
	sends := r.fake.Sends()
	if len(sends) != 3 || second.ProviderID != sends[1].SID || third.ProviderID != sends[2].SID {
		t.Fatalf("second %+v, third %+v, Twilio sends %+v: want one send each", second, third, sends)
	}
}
