package tui

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// Media on the fixture: Jane's newest message is a picture-only MMS with two
// attachments, and a conversation with the alphanumeric sender AMAZON
// (a lead named after it, with no phone) came in just before.
var fixtureMedia = []crm.Media{
	{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME0001", ContentType: "image/jpeg"},
	{URL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME0002", ContentType: "application/pdf; name=quote.pdf"},
}

func mediaHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	clk := &testClock{t: testNow}
	db, err := localdb.Open(filepath.Join(t.TempDir(), "cache.db"), localdb.Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("open cache: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	snap, msgs := fixtureWorld()
	mms := msg("m_j4", "cv_jane", crm.Inbound, "", ago(time.Minute), crm.StatusReceived)
	mms.From, mms.To, mms.Media = janeBiz, numAna, fixtureMedia
	code := msg("m_z1", "cv_amazon", crm.Inbound, "Your code is 1234", ago(5*time.Minute), crm.StatusReceived)
	code.From, code.To = "AMAZON", numAna
	msgs = append(msgs, mms, code)
	lead := crm.Record{ID: "rl_amazon", Type: crm.RecordLead, Name: "AMAZON", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"}, Active: true, UpdatedAt: ago(5 * time.Minute)}
	snap.Records = append(snap.Records, lead)
	for i := range snap.Conversations {
		if c := &snap.Conversations[i]; c.ID == "cv_jane" {
			c.LastMessage, c.LastMessageAt = &mms, mms.CreatedAt
		}
	}
	snap.Conversations = append(snap.Conversations, crm.Conversation{
		ID: "cv_amazon", Record: lead.Ref(), RecordName: lead.Name, BusinessNumber: numAna, CustomerNumber: "AMAZON",
		CreatedAt: code.CreatedAt, LastMessageAt: code.CreatedAt, LastMessage: &code, SenderKind: crm.SenderAlphanumeric,
	})
	if err := db.ApplySnapshot(snap); err != nil {
		t.Fatalf("seed snapshot: %v", err)
	}
	if err := db.ApplyMessages(msgs); err != nil {
		t.Fatalf("seed messages: %v", err)
	}
	return newHarnessOn(t, db, clk, nil, w, h, language.English)
}

// Issue 13, finding 3, in the TUI: a picture-only MMS is never an empty
// message. The grid shows its attachments' types; the pane shows one
// attachment line per item, and on the focused message each link in full;
// y copies the first link to the clipboard (OSC 52) and shows it, y again
// the next one.
func TestPictureOnlyMMSShowsAttachmentsAndCopiesLinks(t *testing.T) {
	h := mediaHarness(t, 220, 40)
	mustContain(t, h.screen(), "📎 image/jpeg, application/pdf")

	h.press("enter", "G") // Jane, newest message focused
	if p := h.m.pane; p == nil || p.convID != "cv_jane" {
		t.Fatalf("Jane's conversation is not open:\n%s", h.screen())
	}
	screen := h.screen()
	mustContain(t, screen, "Attachment 1/2: image/jpeg", "Attachment 2/2: application/pdf", fixtureMedia[0].URL, fixtureMedia[1].URL, "y: copy the link")
	mustNotContain(t, screen, "quote.pdf") // the type's parameters are not shown

	for i, want := range []string{fixtureMedia[0].URL, fixtureMedia[1].URL, fixtureMedia[0].URL} {
		_, cmd := h.m.Update(keyMsg("y"))
		if cmd == nil {
			t.Fatalf("press %d: y gave no command", i+1)
		}
		got := reflect.ValueOf(cmd())
		if got.Kind() != reflect.String || !strings.HasSuffix(got.Type().String(), "setClipboardMsg") || got.String() != want {
			t.Fatalf("press %d: y sent %v (%s), want the clipboard set to %s", i+1, got, got.Type(), want)
		}
		mustContain(t, h.screen(), want)
	}

	// Another message with no attachment: y says so and copies nothing.
	h.press("k")
	if _, cmd := h.m.Update(keyMsg("y")); cmd != nil {
		t.Fatal("y on a message with no attachment gave a command")
	}
	mustContain(t, h.screen(), "The focused message has no attachment.")
	mustNotContain(t, h.screen(), fixtureMedia[0].URL)
}

// Issue 13, finding 6, in the TUI: a conversation with an alphanumeric
// sender says it cannot be replied to instead of offering the compose box,
// and i neither opens the compose box nor lets a send be queued.
func TestSenderThatCannotBeRepliedToRefusesCompose(t *testing.T) {
	h := mediaHarness(t, 220, 40)
	h.press("j", "enter") // the second row: AMAZON
	p := h.m.pane
	if p == nil || p.convID != "cv_amazon" {
		t.Fatalf("AMAZON's conversation is not open:\n%s", h.screen())
	}
	want := h.m.ctx.T.T("pane.cannot_reply_alphanumeric")
	mustContain(t, h.screen(), "⚠ "+want, "Your code is 1234")
	if p.canSend() {
		t.Fatal("the compose box is offered to an alphanumeric sender")
	}
	h.press("i")
	if h.m.focus == focusCompose {
		t.Fatal("i focused the compose box")
	}
	cmds, err := h.db.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		if c.Kind == crm.CmdSendMessage {
			t.Fatalf("a send was queued: %+v", c)
		}
	}
}
