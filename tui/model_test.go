package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
)

// selectedName is the record name of the grid row under the cursor.
func (h *harness) selectedName() string {
	if r := h.m.grid.selected(); r != nil {
		return r.RecordName
	}
	return ""
}

func (h *harness) outbox() []crm.Command {
	h.t.Helper()
	cmds, err := h.db.Outbox()
	if err != nil {
		h.t.Fatal(err)
	}
	return cmds
}

// inboundEvent makes the event sync would apply for a new inbound message.
func (h *harness) inboundEvent(seq uint64, convID, id, body string, at time.Time) crm.Event {
	h.t.Helper()
	row, ok, err := h.db.Conversation(convID)
	if err != nil || !ok {
		h.t.Fatalf("conversation %s: %v %v", convID, ok, err)
	}
	m := crm.Message{
		ID: id, ConversationID: convID, Direction: crm.Inbound, Body: body,
		From: row.CustomerNumber, To: row.BusinessNumber, CreatedAt: at, Status: crm.StatusReceived, StatusAt: at,
	}
	c := row.Conversation
	c.LastMessage, c.LastMessageAt = &m, at
	return crm.Event{Seq: seq, Kind: crm.EventMessage, At: at, Message: &m, Conversation: &c}
}

func TestGridListsNewestFirstAndMovesWithVimKeysAndArrows(t *testing.T) {
	h := newHarness(t, 120, 32)
	screen := h.screen()
	order := []string{"Walk-in Lead", "Jane Roe", "Acme Corp", "Big Deal", "Sam Stop"}
	last := -1
	for _, name := range order {
		i := strings.Index(screen, name)
		if i <= last {
			t.Fatalf("%s is not after the previous row:\n%s", name, screen)
		}
		last = i
	}
	steps := []struct {
		key, want string
	}{
		{"j", "Jane Roe"}, {"down", "Acme Corp"}, {"k", "Jane Roe"}, {"G", "Sam Stop"},
		{"up", "Big Deal"}, {"g", "Walk-in Lead"}, {"ctrl+d", "Sam Stop"}, {"ctrl+u", "Walk-in Lead"},
	}
	for _, s := range steps {
		h.press(s.key)
		if got := h.selectedName(); got != s.want {
			t.Fatalf("after %s: cursor on %q, want %q", s.key, got, s.want)
		}
	}
}

func TestGridShowsTimeUnreadAndLastDeliveryState(t *testing.T) {
	h := newHarness(t, 120, 32)
	screen := h.screen()
	for _, line := range strings.Split(screen, "\n") {
		switch {
		case strings.Contains(line, "Jane Roe"):
			// Today: the time in the user's zone (9:30 AM at UTC+1), one unread.
			mustContain(t, line, "9:30 AM", " 1 ")
		case strings.Contains(line, "Acme Corp"):
			mustContain(t, line, "✗ Failed", "You: Quote")
		case strings.Contains(line, "Big Deal"):
			mustContain(t, line, "Friday") // within the week: the weekday
		case strings.Contains(line, "Sam Stop"):
			mustContain(t, line, "02/12/2026") // older: the date
		}
	}
}

func TestGridFiltersAsYouTypeSortsAndJumpsToUnread(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("/")
	h.typeText("acme")
	mustContain(t, h.screen(), "1 of 5", "Acme Corp")
	mustNotContain(t, h.screen(), "Jane Roe")
	h.press("backspace", "backspace", "backspace", "backspace")
	h.typeText("3361") // part of Jane's number
	mustContain(t, h.screen(), "Jane Roe")
	mustNotContain(t, h.screen(), "Acme Corp")
	h.press("esc")
	mustContain(t, h.screen(), "Acme Corp", "Jane Roe")

	h.press("s") // record name
	h.press("g")
	if got := h.selectedName(); got != "Acme Corp" {
		t.Fatalf("sorted by name, first row is %q", got)
	}
	mustContain(t, h.screen(), "sorted by record name")
	h.press("s") // unread
	h.press("s") // back to activity
	h.press("g", "u")
	if got := h.selectedName(); got != "Jane Roe" {
		t.Fatalf("next unread after Walk-in Lead is %q, want Jane Roe", got)
	}
	h.press("u")
	if got := h.selectedName(); got != "Walk-in Lead" {
		t.Fatalf("next unread wraps to %q, want Walk-in Lead", got)
	}
}

func TestEnterOpensPaneBesideGridAndEscCloses(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter")
	screen := h.screen()
	// Grid on the left, pane on the right: both on the same lines.
	mustContain(t, screen, "Walk-in Lead", "☺ Jane Roe  Contact", "Hello, could we meet", "Perfect, see you then.", "✓✓ Delivered", "Yesterday", "Today")
	if !strings.Contains(screen, "│ ☺ Jane Roe  Contact") {
		t.Fatalf("pane is not beside the grid:\n%s", screen)
	}
	// Opening marks the conversation read.
	cmds := h.outbox()
	if len(cmds) != 1 || cmds[0].Kind != crm.CmdMarkRead || cmds[0].ConversationID != "cv_jane" {
		t.Fatalf("outbox = %+v, want one mark_read for cv_jane", cmds)
	}
	h.press("esc")
	mustNotContain(t, h.screen(), "Hello, could we meet")
}

func TestNarrowTerminalGivesPaneTheScreenAndEscGoesBack(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("j", "enter")
	screen := h.screen()
	mustContain(t, screen, "☺ Jane Roe  Contact", "Perfect, see you then.")
	mustNotContain(t, screen, "Big Deal")
	h.press("esc")
	mustContain(t, h.screen(), "Big Deal", "Jane Roe")
	if got := h.selectedName(); got != "Jane Roe" {
		t.Fatalf("back on the grid the cursor is on %q", got)
	}
}

func TestMouseClickSelectsDoubleClickOpensWheelScrolls(t *testing.T) {
	h := newHarness(t, 120, 32)
	// Line 2 of the screen is the column header; rows start on line 3.
	click := tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft}
	h.m.Update(click)
	if got := h.selectedName(); got != "Acme Corp" {
		t.Fatalf("click selected %q", got)
	}
	mustNotContain(t, h.screen(), "Please send the quote")
	h.m.Update(click)
	mustContain(t, h.screen(), "Please send the quote")

	// Wheel over the history scrolls it (and back).
	h.m.Update(tea.MouseWheelMsg{X: 90, Y: 10, Button: tea.MouseWheelUp})
	h.m.Update(tea.MouseWheelMsg{X: 90, Y: 10, Button: tea.MouseWheelDown})
	mustContain(t, h.screen(), "Please send the quote")
}

func TestFocusingFailedMessageShowsReasonAndHint(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "j", "enter")
	// The advice is about the number on screen, not its format (which is
	// valid): it names the number, the provider's code and how to retry.
	mustContain(t, h.screen(), "✗ Failed", "InvalidSendingParameters", "provider code 21211",
		"The provider would not send to +33122222201", "R sends it again")
	mustNotContain(t, h.screen(), "E.164")
	h.press("k") // focus the inbound message above
	mustNotContain(t, h.screen(), "InvalidSendingParameters")
	mustContain(t, h.screen(), "select the message to see why")
	h.press("j")
	mustContain(t, h.screen(), "InvalidSendingParameters")
}

func TestSendShowsPendingAtOnceAndQueuesCommand(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "i")
	h.typeText("On my way")
	mustContain(t, h.screen(), "9 characters · 1 SMS · GSM-7 · 151 left")
	h.press("alt+enter")
	h.typeText("See you")
	h.press("enter")
	h.sync()
	screen := h.screen()
	mustContain(t, screen, "On my way", "See you", "◌ Pending", "Offline · 2 queued")
	var send *crm.SendMessage
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSendMessage {
			send = c.Send
		}
	}
	if send == nil {
		t.Fatal("no send_message in the outbox")
	}
	want := crm.SendMessage{ConversationID: "cv_jane", Record: crm.RecordRef{Type: crm.RecordContact, ID: "rc_jane"},
		From: numAna, To: janeBiz, Body: "On my way\nSee you"}
	if *send != want {
		t.Fatalf("send = %+v, want %+v", *send, want)
	}
	// The grid row shows the pending message as the last one.
	mustContain(t, screen, "You: On my")
}

func TestUCS2SwitchIsNamed(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "i")
	h.typeText("Merci ☃")
	mustContain(t, h.screen(), "7 characters · 1 SMS · 63 left · “☃” forces UCS-2 (70/SMS)")
	h.press("backspace")
	mustNotContain(t, h.screen(), "UCS-2")
}

func TestNoPhoneAndOptedOutShowWarningsInsteadOfCompose(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("enter") // Walk-in Lead: no phone number
	mustContain(t, h.screen(), "This record has no phone number")
	mustNotContain(t, h.screen(), "Write a message")
	h.press("i")
	if h.m.focus == focusCompose {
		t.Fatal("compose focused on a record without phone")
	}
	h.press("esc", "G", "enter") // Sam Stop: opted out
	mustContain(t, h.screen(), "opted out (STOP)")
	mustNotContain(t, h.screen(), "Write a message")
	if n := len(h.outbox()); n != 1 { // the mark_read of Walk-in Lead only
		t.Fatalf("outbox has %d commands", n)
	}
}

func TestChoosingFromNumberStartsNewThread(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "f")
	screen := h.screen()
	mustContain(t, screen, "Send from:", "Ana direct", "West team")
	mustNotContain(t, screen, "Bob direct") // not Ana's to use
	h.press("j", "enter")
	mustContain(t, h.screen(), "From +33100000002  →", "New conversation")
	mustNotContain(t, h.screen(), "Perfect, see you then.")
	h.press("i")
	h.typeText("Hi from the team line")
	h.press("enter")
	h.sync()
	var send *crm.SendMessage
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSendMessage {
			send = c.Send
		}
	}
	if send == nil || send.From != numWest || send.To != janeBiz || !strings.HasPrefix(send.ConversationID, "cv_") || send.ConversationID == "cv_jane" {
		t.Fatalf("send = %+v, want a new thread from %s to %s", send, numWest, janeBiz)
	}
	mustContain(t, h.screen(), "Hi from the team line", "6 conversations")

	// Switching back to the original pair reopens its history.
	h.press("esc", "f", "k", "enter")
	mustContain(t, h.screen(), "Perfect, see you then.")
}

func TestChoosingToNumberOffersRecordPhones(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "t")
	mustContain(t, h.screen(), "Send to:", janeBiz+" (business)", janeMob+" (mobile)")
	h.press("j", "enter")
	mustContain(t, h.screen(), "To "+janeMob, "New conversation")
}

func TestInboundArrivingLiveKeepsCursorAndScroll(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "j") // Acme Corp
	ev := h.inboundEvent(2, "cv_deal", "m_live1", "Can you call me back?", testNow)
	if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	mustContain(t, h.screen(), "Can you call me back?")
	if got := h.selectedName(); got != "Acme Corp" {
		t.Fatalf("cursor moved to %q", got)
	}
	// Big Deal is now first.
	screen := h.screen()
	if strings.Index(screen, "Big Deal") > strings.Index(screen, "Walk-in Lead") {
		t.Fatalf("newest activity is not first:\n%s", screen)
	}

	// With the pane open at the bottom, the new message shows at once.
	h.press("enter")
	ev = h.inboundEvent(3, "cv_acme", "m_live2", "Thanks, got it now.", testNow.Add(time.Minute))
	if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	mustContain(t, h.screen(), "Thanks, got it now.")
	// Two more replies follow in a burst, each its own cache change.
	for i, body := range []string{"One more thing.", "And the last one."} {
		ev = h.inboundEvent(uint64(4+i), "cv_acme", fmt.Sprintf("m_burst%d", i), body, testNow.Add(time.Minute+time.Duration(i+1)*time.Second))
		if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
			t.Fatal(err)
		}
		h.sync()
	}
	mustContain(t, h.screen(), "And the last one.")
	// The replies arrived on screen: they are read when the burst's timer
	// fires, and said so once (readDelay).
	h.m.Update(readDueMsg{convID: "cv_acme"})
	h.sync()
	marks := 0
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdMarkRead && c.ConversationID == "cv_acme" {
			marks++
		}
	}
	if marks != 1 {
		t.Fatalf("%d mark_read commands for the open conversation, want 1", marks)
	}
	for _, line := range strings.Split(h.screen(), "\n") {
		if strings.Contains(line, "Acme Corp") && strings.Contains(line, " 1 ") {
			t.Fatalf("the open conversation still counts unread: %q", line)
		}
	}
}

// longThread adds n alternating messages to cv_deal.
func longThread(t testing.TB, h *harness, n int) {
	t.Helper()
	msgs := make([]crm.Message, 0, n)
	for i := range n {
		dir, st := crm.Inbound, crm.StatusReceived
		if i%2 == 1 {
			dir, st = crm.Outbound, crm.StatusDelivered
		}
		at := ago(time.Duration(n-i) * time.Minute)
		msgs = append(msgs, msg(fmt.Sprintf("m_long_%05d", i), "cv_deal", dir, fmt.Sprintf("Message number %d", i), at, st))
	}
	if err := h.db.ApplyMessages(msgs); err != nil {
		t.Fatal(err)
	}
}

func TestPaneStaysAnchoredWhenScrolledUpAndFollowsAtBottom(t *testing.T) {
	h := newHarness(t, 120, 32)
	longThread(t, h, 400)
	h.press("j", "j", "j", "enter") // Big Deal
	mustContain(t, h.screen(), "Message number 399")
	h.press("ctrl+u", "ctrl+u", "ctrl+u")
	before := h.screen()
	mustNotContain(t, before, "Message number 399")
	ev := h.inboundEvent(2, "cv_deal", "m_new", "A brand new reply", testNow)
	if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	after := h.screen()
	paneOf := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n")[2:] {
			if i := strings.Index(l, "│"); i >= 0 {
				out = append(out, l[i:])
			}
		}
		return out
	}
	if !slices.Equal(paneOf(before)[:10], paneOf(after)[:10]) {
		t.Fatalf("history moved while scrolled up:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	h.press("G")
	mustContain(t, h.screen(), "A brand new reply")
	ev = h.inboundEvent(3, "cv_deal", "m_new2", "And another one", testNow.Add(time.Second))
	if err := h.db.ApplyEvents([]crm.Event{ev}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	mustContain(t, h.screen(), "And another one")

	// Scrolling to the top reads older pages on demand.
	h.press("g")
	mustContain(t, h.screen(), "Message number 0")
}

func TestNotificationOpensItsConversationAndMarksItRead(t *testing.T) {
	h := newHarness(t, 120, 32)
	// The bell counts the New column: two unread replies.
	mustContain(t, h.screen(), "🔔 2 unread")
	h.press("n")
	mustContain(t, h.screen(), "New lead from unknown number "+leadCust, "Message to Acme Corp failed: InvalidSendingParameters")
	h.press("j", "enter")
	h.sync()
	screen := h.screen()
	mustContain(t, screen, "▣ Acme Corp  Account", "InvalidSendingParameters", "🔔 2 unread")
	found := false
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdMarkNotificationRead && c.NotificationID == "n_fail" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no mark_notification_read for n_fail in %+v", h.outbox())
	}
}

func TestBellHiddenWhenOrgTurnsNotificationsOff(t *testing.T) {
	h := newHarness(t, 120, 32)
	org := crm.Org{Name: "Acme Sales", InAppNotifications: false}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventOrg, Public: true, Org: &org}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	mustNotContain(t, h.screen(), "🔔", "notifications")
	h.press("n")
	if h.m.notesOpen {
		t.Fatal("notification center opened with notifications off")
	}
}

func TestHelpOverlayListsEveryKeyOfTheFocus(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("?")
	mustContain(t, h.screen(), "Keys", "next unread", "clear filter", "half page down", "go offline/online")
	h.press("x")
	mustNotContain(t, h.screen(), "Press any key to close.")
	h.press("enter", "?")
	mustContain(t, h.screen(), "from number", "to number", "oldest")
}

func TestNoColorKeepsSelectionVisible(t *testing.T) {
	st := NewStyles(true, true)
	if !st.RowSelected.GetReverse() {
		t.Fatal("selection has no reverse video without colours")
	}
	out := st.Failed.Render("x")
	if strings.Contains(out, "38;") {
		t.Fatalf("NO_COLOR style emits a colour: %q", out)
	}
}

func TestNewNumberForMyTeamAppearsInTheSelector(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "enter", "f")
	mustNotContain(t, h.screen(), "Night line")
	h.press("esc")
	n := crm.BusinessNumber{Number: "+33100000003", Name: "Night line", Owner: crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"}, Type: crm.NumberGeo}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventNumber, Public: true, Number: &n}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	h.press("f")
	mustContain(t, h.screen(), "Night line", "Ana direct")
}

func TestNarrowNotificationOpensPaneFullScreen(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("n", "enter") // the newest: the new lead
	screen := h.screen()
	mustContain(t, screen, "✦ Walk-in Lead  Lead", "Who is this?")
	mustNotContain(t, screen, "Big Deal")
	h.press("?")
	mustContain(t, h.screen(), "previous message")
	h.press("x", "esc")
	mustContain(t, h.screen(), "Big Deal", "Walk-in Lead")
}

func TestTinyTerminalsDoNotBreak(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {20, 6}, {40, 10}, {99, 15}, {100, 15}} {
		h := newHarness(t, size[0], size[1])
		h.press("j", "j", "enter", "k", "i")
		h.typeText("Tiny ☃")
		h.press("esc", "f", "j", "enter", "n", "?", "x", "esc")
		for i, l := range strings.Split(h.screen(), "\n") {
			if w := ansiWidth(l); w > max(size[0], 1) && size[0] >= 20 {
				t.Fatalf("%dx%d: line %d is %d wide", size[0], size[1], i, w)
			}
		}
	}
}
