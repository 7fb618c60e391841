package hub

import (
	"context"
	"reflect"
	"testing"
	"time"

	"smsdesk/crm"
)

// Issue 13, findings 3 and 6, over the wire: an MMS's media and a
// conversation's sender kind reach a cache both live (events) and by a
// first sync (snapshot and message pages), and a send queued on a
// conversation with an alphanumeric sender comes back refused without
// reaching the provider.
func TestMediaAndSenderKindReachTheCache(t *testing.T) {
	srv := newTestServer(t)
	live := newTestClient(t, srv, tokAlice, "")
	live.converged("u_alice", 10*time.Second)

	media := []crm.Media{{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", ContentType: "image/jpeg"}}
	for _, in := range []crm.InboundSMS{
		{ProviderID: "MMsync1", From: phoneJane, To: numAlice, Media: media},
		{ProviderID: "SMsync2", From: "AMAZON", To: numAlice, Body: "Your code is 1234"},
	} {
		if err := srv.service().ReceiveSMS(context.Background(), in); err != nil {
			t.Fatalf("receive %s: %v", in.ProviderID, err)
		}
	}
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	amazon := conversationOf(t, srv, "u_alice", "AMAZON", "")
	fresh := newTestClient(t, srv, tokAlice, "")
	for name, tc := range map[string]*testClient{"live": live, "first sync": fresh} {
		tc.converged("u_alice", 10*time.Second)
		row, ok, err := tc.db.Conversation(jane.ID)
		if err != nil || !ok || row.LastMessage == nil || !reflect.DeepEqual(row.LastMessage.Media, media) {
			t.Fatalf("%s: Jane's cached row %+v %v %v, want the MMS as last message", name, row.LastMessage, ok, err)
		}
		m, ok := cachedMessage(t, tc, jane.ID, row.LastMessage.ID)
		if !ok || m.Body != "" || !reflect.DeepEqual(m.Media, media) {
			t.Fatalf("%s: cached MMS %+v, want its media %+v", name, m, media)
		}
		a, ok, err := tc.db.Conversation(amazon.ID)
		if err != nil || !ok || a.SenderKind != crm.SenderAlphanumeric || a.CanReply() {
			t.Fatalf("%s: AMAZON's cached row %+v %v %v, want an alphanumeric sender", name, a.Conversation, ok, err)
		}
	}

	enqueue(t, live, sendCmd("cmd_to_amazon", amazon, "thanks"))
	waitFor(t, "the refused send's ack", 5*time.Second, func() bool {
		m, ok := cachedMessage(t, live, amazon.ID, "cmd_to_amazon")
		return ok && m.Status == crm.StatusFailed && live.outboxLen() == 0
	})
	if n := srv.prov.total(); n != 0 {
		t.Fatalf("a send to an alphanumeric sender reached the provider %d times", n)
	}
}
