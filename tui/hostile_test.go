package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/language"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// hostileTail is what an attacker appends to every string it controls:
// colours and reverse video, a window title and a clipboard write (OSC 0
// and 52), cursor moves and a screen clear, a carriage return that would
// overwrite the line, a C1 CSI, a right-to-left override and an isolate,
// a NUL, a DEL and a right-to-left mark.
const hostileTail = "\x1b[31mRED\x1b[7mREV\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2A\x1b[2J\rOVER" +
	"\u009b31mC1\u202Eevil\u2066iso\u2069\x00\x7f\u200f"

// hostile is tag with the attack appended; the tag says which field it is.
func hostile(tag string) string { return tag + hostileTail }

// hostileWorld is the fixture with every string that comes from outside
// (records and their fields, users, teams, number names, bodies, failure
// reasons and codes, notification parameters, templates, work items)
// made hostile. The cache keeps them exactly as received.
func hostileWorld() (crm.Snapshot, []crm.Message) {
	snap, msgs := fixtureWorld()
	names := map[string]string{}
	for i := range snap.Records {
		r := &snap.Records[i]
		r.Name = hostile(strings.Fields(r.Name)[0])
		r.Fields = map[string]string{"FirstName": hostile("first"), "JobTitle": hostile("job"), hostile("Custom"): hostile("custom")}
		names[r.ID] = r.Name
	}
	snap.Records[3].ContactID = "rc_jane" // Big Deal: Jane's opportunity, for the related drop-down
	snap.Records[0].AccountID = "ra_acme"
	for i := range snap.Conversations {
		c := &snap.Conversations[i]
		c.RecordName = names[c.Record.ID]
	}
	for i := range msgs {
		msgs[i].Body = hostile("body " + msgs[i].ID + "\nsecond line")
	}
	msgs[4].FailureReason, msgs[4].ErrorCode = crm.FailureReason(hostile("Reason")), hostile("21211")
	for i := range snap.Conversations {
		c := &snap.Conversations[i]
		for _, m := range msgs {
			if m.ConversationID == c.ID && c.LastMessage != nil && c.LastMessage.ID == m.ID {
				last := m
				c.LastMessage = &last
			}
		}
	}
	snap.Me.Name = hostile("Ana")
	snap.Me.Roles = []crm.Role{crm.RoleSeller, crm.RoleManager, crm.Role(hostile("role"))}
	snap.Me.Language = hostile("en")
	snap.Users[0].Name = snap.Me.Name
	snap.Users[0].Roles = snap.Me.Roles
	snap.Users[1].Name = hostile("Bob")
	snap.Teams[0].Name = hostile("West")
	for i := range snap.Numbers {
		snap.Numbers[i].Name = hostile("number")
	}
	snap.Org.Name = hostile("Org")
	for i := range snap.Notifications {
		for k := range snap.Notifications[i].Params {
			snap.Notifications[i].Params[k] = hostile(k)
		}
	}
	snap.Notifications = append(snap.Notifications,
		crm.Notification{
			ID: "n_msg", UserID: "u_ana", Kind: crm.NotifyInboundMessage, ConversationID: "cv_jane",
			Params:    map[string]string{"customer": hostile("customer"), "body": hostile("notified body")},
			CreatedAt: ago(5 * time.Minute), ExpiresAt: ago(5 * time.Minute).Add(crm.NotificationTTL),
		},
		crm.Notification{
			ID: "n_role", UserID: "u_ana", Kind: crm.NotifyPrivilegeRevoked,
			Params:    map[string]string{"role": hostile("role"), "by": hostile("admin")},
			CreatedAt: ago(4 * time.Minute), ExpiresAt: ago(4 * time.Minute).Add(crm.NotificationTTL),
		})
	snap.Templates = []crm.Template{
		{ID: "tp_h", Name: hostile("Template"), Category: crm.RecordContact, Language: hostile("en"),
			Body:         hostile("Hi {{ContactFirstName}} {{AccountName}}") + "\nbye",
			Placeholders: []crm.Placeholder{{Field: "ContactFirstName", Default: hostile("default")}}},
	}
	snap.WorkItems = []crm.WorkItem{
		{ID: "wi_jane", Record: snap.Records[0].Ref(), Step: "text", TemplateID: "tp_h", Due: testNow.Add(2 * time.Hour), Owner: "u_ana"},
		{ID: "wi_ghost", Record: crm.RecordRef{Type: crm.RecordContact, ID: hostile("rc_ghost")}, Step: "text", Due: testNow.Add(3 * time.Hour), Owner: "u_ana"},
	}
	return snap, msgs
}

// newHostileHarness is the model over a cache holding the hostile world.
func newHostileHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	clk := &testClock{t: testNow}
	db, err := localdb.Open(filepath.Join(t.TempDir(), "cache.db"), localdb.Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("open cache: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	snap, msgs := hostileWorld()
	if err := db.ApplySnapshot(snap); err != nil {
		t.Fatalf("seed snapshot: %v", err)
	}
	if err := db.ApplyMessages(msgs); err != nil {
		t.Fatalf("seed messages: %v", err)
	}
	return newHarnessOn(t, db, clk, nil, w, h, language.English)
}

// checkShownNotObeyed fails when the frame holds anything from the data
// that a terminal would obey: every escape sequence in it must be a
// Select Graphic Rendition lipgloss wrote (never one of the attack's), and
// the text between them no control character but line breaks, no C1
// control, no bidi control or mark. The frame must also keep its size:
// placeholders are measured like any other character.
func checkShownNotObeyed(t *testing.T, content string, w, h int) {
	t.Helper()
	for _, attack := range []string{"\x1b[31m", "\x1b[7m", "\x1b]", "\x1b[2A", "\x1b[2J"} {
		if i := strings.Index(content, attack); i >= 0 {
			t.Fatalf("the frame obeys %q from the data at %d: %q", attack, i, around(content, i))
		}
	}
	var text strings.Builder
	for i := 0; i < len(content); {
		if content[i] != 0x1b {
			text.WriteByte(content[i])
			i++
			continue
		}
		j := i + 1
		if j < len(content) && content[j] == '[' {
			j++
			for j < len(content) && (content[j] >= '0' && content[j] <= '9' || content[j] == ';' || content[j] == ':') {
				j++
			}
			if j < len(content) && content[j] == 'm' {
				i = j + 1
				continue
			}
		}
		t.Fatalf("the frame holds an escape sequence that is not SGR at %d: %q", i, around(content, i))
	}
	for _, r := range text.String() {
		if r != '\n' && safetext.Unsafe(r) {
			t.Fatalf("the frame holds %U from the data:\n%s", r, ansi.Strip(content))
		}
	}
	lines := strings.Split(content, "\n")
	if len(lines) != h {
		t.Errorf("the frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d columns wide on a %d-column terminal: %q", i, lw, w, ansi.Strip(l))
		}
	}
}

func around(s string, i int) string { return s[max(i-40, 0):min(i+40, len(s))] }

// TestOutsideTextIsShownNotObeyed walks every screen over a cache where
// every string from outside carries escape sequences, control characters
// and bidi overrides, and checks that none reaches the terminal as such
// (issue 13, point 4), while the cache still holds them as received.
func TestOutsideTextIsShownNotObeyed(t *testing.T) {
	paste := func(s string) func(h *harness) {
		return func(h *harness) { h.m.Update(tea.PasteMsg{Content: s}) }
	}
	screens := []struct {
		name  string
		keys  []string
		after func(h *harness)
	}{
		{name: "grid"},
		{name: "grid_sorted", keys: []string{"s"}},
		{name: "grid_filter_pasted", keys: []string{"/"}, after: paste(hostile("pasted"))},
		{name: "pane_first", keys: []string{"enter"}},
		{name: "pane_second", keys: []string{"j", "enter"}},
		{name: "pane_failed", keys: []string{"j", "j", "enter"}},
		{name: "pane_failed_unfocused", keys: []string{"j", "j", "enter", "tab", "k"}},
		{name: "pane_third", keys: []string{"j", "j", "j", "enter"}},
		{name: "pane_fourth", keys: []string{"j", "j", "j", "j", "enter"}},
		{name: "pane_opted_out", keys: []string{"G", "enter"}},
		{name: "from_selector", keys: []string{"j", "enter", "f"}},
		{name: "to_selector", keys: []string{"j", "enter", "t"}},
		{name: "compose_pasted", keys: []string{"j", "enter", "i"}, after: paste(hostile("pasted"))},
		{name: "related", keys: []string{"j", "enter", "o"}},
		{name: "notifications", keys: []string{"n"}},
		{name: "help", keys: []string{"?"}},
		{name: "records", keys: []string{"r"}},
		{name: "records_query", keys: []string{"r"}, after: func(h *harness) { h.typeText("\u202Ej") }},
		{name: "record_details", keys: []string{"r", "enter"}},
		{name: "record_activity", keys: []string{"r", "enter", "tab"}},
		{name: "move_lookup", keys: []string{"c"}},
		{name: "move_confirm", keys: []string{"c", "enter"}},
		{name: "moved_notice", keys: []string{"c", "down", "enter", "enter"}},
		{name: "template_picker", keys: []string{"j", "enter", "T"}},
		{name: "template_used", keys: []string{"j", "enter", "T", "enter"}},
		{name: "template_form", keys: []string{"j", "enter", "T", "ctrl+n"}},
		{name: "template_form_typed", keys: []string{"j", "enter", "T", "ctrl+n"}, after: func(h *harness) {
			h.typeText(hostile("name"))
			h.press("tab", "tab", "tab")
			h.typeText(hostile("body"))
		}},
		{name: "link_stopped", after: func(h *harness) { h.m.Update(LinkStopped{Err: errors.New(hostile("server said"))}) }},
		{name: "worklist", keys: []string{"w"}},
		{name: "worklist_ghost", keys: []string{"w", "down"}},
		{name: "worklist_opened", keys: []string{"w", "enter"}},
		{name: "phone_numbers", keys: []string{"p"}},
		{name: "owner_lookup", keys: []string{"p", "enter"}},
		{name: "owner_confirm", keys: []string{"p", "enter", "down", "enter"}},
		{name: "owner_queued", keys: []string{"p", "enter", "down", "enter", "enter"}},
	}
	// 240 columns: wide enough for the header to show the user's name.
	for _, sz := range []struct{ w, h int }{{120, 32}, {80, 24}, {240, 40}} {
		for _, sc := range screens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, sz.w, sz.h), func(t *testing.T) {
				h := newHostileHarness(t, sz.w, sz.h)
				h.press(sc.keys...)
				if sc.after != nil {
					sc.after(h)
				}
				checkShownNotObeyed(t, h.m.View().Content, sz.w, sz.h)
			})
		}
	}
	// Shown, and stored as received.
	h := newHostileHarness(t, 120, 32)
	h.press("enter")
	mustContain(t, h.screen(), "␛[31mRED␛[7mREV␛]0;pwned␇", "␍OVER␛[31mC1⇄evil⇄iso⇄␀␡")
	h = newHostileHarness(t, 240, 40)
	mustContain(t, strings.SplitN(h.screen(), "\n", 2)[0], "smsdesk · Ana␛[31mRED␛[7mREV␛]0;pwned␇")
	row, ok, err := h.db.Conversation("cv_jane")
	if err != nil || !ok || !strings.HasSuffix(row.RecordName, hostileTail) {
		t.Fatalf("the cache does not keep the record name as received: %q, %v, %v", row.RecordName, ok, err)
	}
}

// TestPastedControlsNeverReachTheComposeEcho: what is pasted or typed into
// the compose box, or filled in from a template, keeps no escape, control
// or bidi character, so the box's echo cannot obey one, and what is sent
// is what the seller saw.
func TestPastedControlsNeverReachTheComposeEcho(t *testing.T) {
	h := newHostileHarness(t, 120, 32)
	h.press("j", "enter", "i")
	h.m.Update(tea.PasteMsg{Content: "a\x1b[31mb\u202Ec\u2066d\u2069\u009b2J"})
	h.m.Update(tea.KeyPressMsg{Code: 'x', Text: "\u202Ex"})
	if got := h.m.pane.compose.value(); got != "a[31mbcd2Jx" {
		t.Fatalf("compose box holds %q", got)
	}
}

// TestHostileBodyGolden records a hostile body as Jane's last message in
// the grid's preview and in the pane: the placeholders are visible, the
// only escape sequences are lipgloss's colours, and the columns stay
// aligned. Regenerate with go test ./tui -run TestHostileBodyGolden -update.
func TestHostileBodyGolden(t *testing.T) {
	body := "Pay \x1b[31mnow\x1b[0m \x1b[7mreversed\x1b[27m\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4=\x07" +
		"\x1b[1A\x1b[2K\rRefund of 100 EUR\u009b2J \u202Egnp.exe\u202C \u2066isolated\u2069\nend"
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"grid_and_pane_120x32", 120, 32, []string{"j", "enter"}},
		{"grid_80x24", 80, 24, []string{"j"}},
		{"pane_80x24", 80, 24, []string{"j", "enter"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clk := &testClock{t: testNow}
			db, err := localdb.Open(filepath.Join(t.TempDir(), "cache.db"), localdb.Options{Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			snap, msgs := fixtureWorld()
			msgs[2].Body = body // m_j3, Jane's last message
			for i := range snap.Conversations {
				if snap.Conversations[i].ID == "cv_jane" {
					last := msgs[2]
					snap.Conversations[i].LastMessage = &last
				}
			}
			if err := db.ApplySnapshot(snap); err != nil {
				t.Fatal(err)
			}
			if err := db.ApplyMessages(msgs); err != nil {
				t.Fatal(err)
			}
			h := newHarnessOn(t, db, clk, nil, c.w, c.h, language.English)
			h.press(c.keys...)
			content := h.m.View().Content
			checkShownNotObeyed(t, content, c.w, c.h)
			mustContain(t, h.screen(), "Pay ␛[31mno")
			goldenEqual(t, content)
		})
	}
}
