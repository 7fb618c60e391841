package backend

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"smsdesk/crm"
)

// Issue 13, findings 3 and 6, through REST and a move by export and
// import: an MMS's media and the conversations of a short code and of an
// alphanumeric sender are shown over REST and come back identical on the
// server the export seeds. A STOP from a short code opts nothing out (no
// message can go to one, and the export's opt-outs are E.164 numbers, which
// the import would refuse otherwise).
func TestExportThenImportKeepsMediaAndSenderKinds(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	media := []crm.Media{
		{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", ContentType: "image/jpeg"},
		{URL: "http://127.0.0.1:8080/media/2.png", ContentType: "image/png"},
	}
	for _, in := range []crm.InboundSMS{
		{ProviderID: "MMm1", From: phoneJane, To: numAlice, Media: media},
		{ProviderID: "SMm2", From: "AMAZON", To: numAlice, Body: "Your code is 1234"},
		{ProviderID: "SMm3", From: "72345", To: numAlice, Body: "STOP"},
	} {
		if err := e.svc.ReceiveSMS(context.Background(), in); err != nil {
			t.Fatalf("receive %s: %v", in.ProviderID, err)
		}
	}
	check := func(e *env, token, when string) {
		t.Helper()
		jane, ok := e.conversationOn(token, numAlice, phoneJane)
		if !ok {
			t.Fatalf("%s: no conversation with Jane", when)
		}
		msgs := e.messages(token, jane.ID)
		if last := msgs[len(msgs)-1]; last.Body != "" || !reflect.DeepEqual(last.Media, media) {
			t.Fatalf("%s: Jane's last message %+v, want the picture-only MMS with %+v", when, last, media)
		}
		if jane.LastMessage == nil || !reflect.DeepEqual(jane.LastMessage.Media, media) || !jane.CanReply || jane.SenderKind != "" {
			t.Fatalf("%s: Jane's conversation %+v", when, jane)
		}
		for _, s := range []struct {
			from string
			kind crm.SenderKind
		}{{"AMAZON", crm.SenderAlphanumeric}, {"72345", crm.SenderShortCode}} {
			c, ok := e.conversationOn(token, numAlice, s.from)
			if !ok {
				t.Fatalf("%s: no conversation with %s", when, s.from)
			}
			if c.SenderKind != s.kind || c.CanReply || c.OptedOut || c.Record.Type != crm.RecordLead || c.Record.Name != s.from {
				t.Fatalf("%s: conversation with %s: %+v, want a %s lead that cannot be replied to", when, s.from, c, s.kind)
			}
		}
	}
	var quoted bool
	for _, n := range e.notifications(tokAlice) {
		quoted = quoted || n.Kind == crm.NotifyInboundMessage && n.Params["body"] == "📎 image/jpeg, image/png"
	}
	if !quoted {
		t.Errorf("no inbound notification quotes the MMS's attachments: %+v", e.notifications(tokAlice))
	}
	check(e, tokAlice, "before the move")
	moved, toks := exportToNewServer(t, e)
	check(moved, toks["u_alice"], "after export and import")
}

// A dataset's media are checked like a webhook's, at the path of the field
// at fault; a picture-only inbound message needs no body; an outbound
// message has no media (smsdesk sends SMS only).
func TestDatasetMediaIsCheckedAtItsField(t *testing.T) {
	withMedia := func(i int, body string, media ...map[string]any) func(map[string]any) {
		return func(tree map[string]any) {
			m := tree["messages"].([]any)[i].(map[string]any)
			m["body"] = body
			list := make([]any, len(media))
			for j := range media {
				list[j] = media[j]
			}
			m["media"] = list
		}
	}
	img := map[string]any{"url": "https://media.example.com/1.jpg", "content_type": "image/jpeg"}
	for _, tc := range []struct {
		name, path, code string
		edit             func(map[string]any)
	}{
		{"http url", "messages[1].media[1].url", DatasetBadMedia, withMedia(1, "", img, map[string]any{"url": "http://media.example.com/2.jpg", "content_type": "image/jpeg"})},
		{"bad type", "messages[1].media[0].content_type", DatasetBadMedia, withMedia(1, "look", map[string]any{"url": "https://m.example/1", "content_type": "jpeg"})},
		{"no url", "messages[1].media[0].url", DatasetBadMedia, withMedia(1, "", map[string]any{"content_type": "image/png"})},
		{"outbound media", "messages[0].media", DatasetOutboundMedia, withMedia(0, "hi", img)},
		{"empty and no media", "messages[1].body", DatasetRequired, withMedia(1, "")},
	} {
		e := newEnv(t, nil)
		err := e.svc.ImportDataset(dataset(t, "base.json", tc.edit))
		var de *DatasetError
		if !errors.As(err, &de) || de.Path != tc.path || de.Code != tc.code {
			t.Errorf("%s: %v, want %s at %s", tc.name, err, tc.code, tc.path)
		}
		e.close()
	}
	e := newEnv(t, dataset(t, "base.json", withMedia(1, "", img)))
	c, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok {
		t.Fatal("the picture-only message's conversation is missing")
	}
	var got []crm.Media
	for _, m := range e.messages(tokAlice, c.ID) {
		got = append(got, m.Media...)
	}
	if len(got) != 1 || got[0].URL != img["url"] {
		t.Fatalf("imported media %+v, want the one image", got)
	}
}
