package twilio_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"smsdesk/backend/twilio"
	"smsdesk/backend/twilio/twiliotest"
	"smsdesk/crm"
)

// postMMS posts a signed MMS webhook from from to the e2e business number.
func (e *e2e) postMMS(t *testing.T, sid, from, body string, media ...twiliotest.MediaItem) twiliotest.Response {
	t.Helper()
	resp, err := e.poster.Post(context.Background(), e2ePublic+twilio.InboundPath, e.srv.URL+twilio.InboundPath,
		twiliotest.MMSParams(account, sid, from, biz, body, media...))
	if err != nil {
		t.Fatalf("post MMS %s: %v", sid, err)
	}
	return resp
}

// messageBySID finds the stored message of a webhook among Alice's
// conversations, with its conversation.
func (e *e2e) messageBySID(t *testing.T, sid string) (crm.Message, crm.Conversation, bool) {
	t.Helper()
	for _, c := range e.conversations(t) {
		for _, m := range e.messages(t, c.ID) {
			if m.ProviderID == sid {
				return m, c, true
			}
		}
	}
	return crm.Message{}, crm.Conversation{}, false
}

// Issue 13, finding 3: a picture-only MMS was stored as an empty message
// and answered 200, its NumMedia/MediaUrlN/MediaContentTypeN dropped. Its
// attachments are now stored with the message, in order, and survive a
// restart.
func TestE2EPictureOnlyMMSKeepsItsMedia(t *testing.T) {
	e := startE2E(t)
	sid := twiliotest.InboundSID(40)
	media := []twiliotest.MediaItem{
		{URL: "https://api.twilio.com/2010-04-01/Accounts/" + account + "/Messages/" + sid + "/Media/ME0001", ContentType: "image/jpeg"},
		{URL: "https://api.twilio.com/2010-04-01/Accounts/" + account + "/Messages/" + sid + "/Media/ME0002", ContentType: "application/pdf"},
	}
	if r := e.postMMS(t, sid, cust, "", media...); r.Status != http.StatusOK {
		t.Fatalf("picture-only MMS: %d %q, want 200", r.Status, r.Body)
	}
	want := []crm.Media{{URL: media[0].URL, ContentType: "image/jpeg"}, {URL: media[1].URL, ContentType: "application/pdf"}}
	for _, when := range []string{"stored", "after a restart"} {
		m, c, ok := e.messageBySID(t, sid)
		if !ok {
			t.Fatalf("%s: the MMS is not stored", when)
		}
		if m.Body != "" || !reflect.DeepEqual(m.Media, want) {
			t.Fatalf("%s: message body %q media %+v, want no body and %+v", when, m.Body, m.Media, want)
		}
		if c.LastMessage == nil || !reflect.DeepEqual(c.LastMessage.Media, want) {
			t.Fatalf("%s: the conversation's last message lost the media: %+v", when, c.LastMessage)
		}
		e.restart(t)
	}
}

// A webhook whose media cannot be stored as given is refused (422), naming
// the field, and stores nothing: a javascript: or plain-http link to
// another host, a content type that is no MIME type, more than ten items.
func TestE2EBadMediaIsRefusedNamingTheField(t *testing.T) {
	e := startE2E(t)
	ok := twiliotest.MediaItem{URL: "https://api.twilio.com/m/ME1", ContentType: "image/png"}
	cases := []struct {
		name  string
		media []twiliotest.MediaItem
		field string
	}{
		{"javascript url", []twiliotest.MediaItem{{URL: "javascript:alert(1)", ContentType: "image/png"}}, "media[0].url"},
		{"http to another host", []twiliotest.MediaItem{ok, {URL: "http://evil.example/x.png", ContentType: "image/png"}}, "media[1].url"},
		{"url with a newline", []twiliotest.MediaItem{{URL: "https://a.example/x\n\x1b[2J", ContentType: "image/png"}}, "media[0].url"},
		{"no mime type", []twiliotest.MediaItem{{URL: ok.URL, ContentType: "picture"}}, "media[0].content_type"},
		{"eleven items", []twiliotest.MediaItem{ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok}, "media"},
	}
	for i, tc := range cases {
		sid := twiliotest.InboundSID(uint64(50 + i))
		r := e.postMMS(t, sid, cust, "look", tc.media...)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.field+":") {
			t.Errorf("%s: %d %q, want 422 naming %s", tc.name, r.Status, r.Body, tc.field)
		}
		if _, _, stored := e.messageBySID(t, sid); stored {
			t.Errorf("%s: refused webhook was stored", tc.name)
		}
	}
}

// Issue 13, finding 6: an SMS from a short code or an alphanumeric sender
// was refused 422 and lost. It is now answered 200 and stored in a
// conversation that says it cannot be replied to (a lead named after the
// sender, with no phone), a second message from the same sender joins it,
// and a send on it is refused with cannot_reply before any provider call.
func TestE2EShortCodeAndAlphanumericSendersAreStored(t *testing.T) {
	e := startE2E(t)
	cases := []struct {
		from, stored string
		kind         crm.SenderKind
	}{
		{"72345", "72345", crm.SenderShortCode},
		{"898", "898", crm.SenderShortCode},
		{"AMAZON", "AMAZON", crm.SenderAlphanumeric},
		{"My Bank 24", "My Bank 24", crm.SenderAlphanumeric},
	}
	for i, tc := range cases {
		for j := range 2 {
			sid := twiliotest.InboundSID(uint64(60 + 2*i + j))
			if r := e.inbound(t, sid, tc.from, "Your code is 1234"); r.Status != http.StatusOK {
				t.Fatalf("from %q: %d %q, want 200", tc.from, r.Status, r.Body)
			}
		}
		var convs []crm.Conversation
		for _, c := range e.conversations(t) {
			if c.CustomerNumber == tc.stored {
				convs = append(convs, c)
			}
		}
		if len(convs) != 1 {
			t.Fatalf("from %q: %d conversations on %q, want 1", tc.from, len(convs), tc.stored)
		}
		c := convs[0]
		if c.SenderKind != tc.kind || c.CanReply() || c.Record.Type != crm.RecordLead || c.RecordName != tc.stored {
			t.Errorf("from %q: conversation %+v, want a %s lead named %q that cannot be replied to", tc.from, c, tc.kind, tc.stored)
		}
		if n := len(e.messages(t, c.ID)); n != 2 {
			t.Errorf("from %q: %d messages, want 2", tc.from, n)
		}
		before := e.fake.Requests()
		res := e.svc.Apply(context.Background(), "u_alice", crm.Command{ID: "cmd_reply_" + tc.stored[:2], Kind: crm.CmdSendMessage,
			Send: &crm.SendMessage{ConversationID: c.ID, Body: "thanks"}})
		if res.OK || res.Error == nil || res.Error.Code != crm.ErrCannotReply || !strings.Contains(res.Error.Message, "cannot be replied to") {
			t.Errorf("reply to %q: %+v, want refused cannot_reply", tc.from, res.Error)
		}
		if e.fake.Requests() != before {
			t.Errorf("reply to %q reached the provider", tc.from)
		}
	}
	// Anything else in From is still refused, naming the field.
	r := e.inbound(t, twiliotest.InboundSID(70), "<script>", "x")
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "from:") {
		t.Errorf("From %q: %d %q, want 422 naming from", "<script>", r.Status, r.Body)
	}
}
