package tui

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/text/language"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/sync/client"
)

func TestBurstOfChangesIsOneMessage(t *testing.T) {
	ch := make(chan localdb.Change, 200)
	for i := range 150 {
		ch <- localdb.Change{Conversations: []string{fmt.Sprintf("cv_%d", i%50)}, Kinds: []crm.EventKind{crm.EventMessage}}
	}
	ch <- localdb.Change{Outbox: true}
	msg := waitChanges(ch)()
	got, ok := msg.(changesMsg)
	if !ok {
		t.Fatalf("got %T", msg)
	}
	if len(got.change.Conversations) != 50 || !got.change.Outbox || len(got.change.Kinds) != 1 {
		t.Fatalf("merged change = %d ids, outbox %v, kinds %v", len(got.change.Conversations), got.change.Outbox, got.change.Kinds)
	}
	if len(ch) != 0 {
		t.Fatalf("%d changes left queued", len(ch))
	}
}

func TestStatusWaitKeepsOnlyTheNewest(t *testing.T) {
	ch := make(chan client.Status, 3)
	ch <- client.Status{State: client.StateConnecting}
	ch <- client.Status{State: client.StateSyncing, Progress: 0.5}
	ch <- client.Status{State: client.StateOnline}
	got := waitStatus(ch)().(statusMsg)
	if got.status.State != client.StateOnline {
		t.Fatalf("status = %v, want the newest (online)", got.status.State)
	}
}

func TestHeaderShowsConnectionStatesAndFirstSyncProgress(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.m.header.hasLink = true
	steps := []struct {
		st   client.Status
		want []string
	}{
		{client.Status{State: client.StateConnecting}, []string{"Connecting…"}},
		{client.Status{State: client.StateSyncing, Progress: 0.42}, []string{"Syncing 42%", "▌▌▌▌▌▌▌▌░"}},
		{client.Status{State: client.StateOnline}, []string{"● Online"}},
		{client.Status{State: client.StateSyncing}, []string{"Catching up…"}},
		{client.Status{State: client.StateConnecting, Queued: 2}, []string{"Reconnecting… · 2 queued"}},
		{client.Status{State: client.StateOffline, Queued: 3}, []string{"Offline · 3 queued"}},
	}
	for _, s := range steps {
		h.m.Update(statusMsg{s.st})
		header := strings.Split(h.screen(), "\n")[0]
		mustContain(t, header, s.want...)
	}
}

func TestTypingAndFocusStartNoTicker(t *testing.T) {
	h := newHarness(t, 120, 32)
	for _, k := range []string{"j", "enter", "i", "H", "i", "backspace", "alt+enter", "esc", "k", "j"} {
		if _, cmd := h.m.Update(keyMsg(k)); cmd != nil && k != "enter" {
			// enter opens the pane and queues a mark_read (a one-shot
			// flush); nothing else may schedule work, a ticker least of all.
			t.Fatalf("key %q returned a command", k)
		}
	}
}

func TestLightBackgroundRebuildsStyles(t *testing.T) {
	h := newHarness(t, 120, 32)
	dark := h.m.ctx.Styles
	h.m.Update(tea.BackgroundColorMsg{Color: color.White})
	if h.m.ctx.Dark || h.m.ctx.Styles == dark {
		t.Fatal("a light background did not switch the styles")
	}
	if h.m.ctx.Styles.Delivered.GetForeground() == dark.Delivered.GetForeground() {
		t.Fatal("light and dark styles use the same colours")
	}
	mustContain(t, h.screen(), "Jane Roe")
}

func TestNoColorFromEnvironment(t *testing.T) {
	clk := &testClock{t: testNow}
	db := openCache(t, clk)
	m, err := New(Options{DB: db, Printer: printer(t, language.English), Now: clk.Now, Location: testZone,
		Rand: seedRand(1), Getenv: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !m.ctx.NoColor || !m.ctx.Styles.RowSelected.GetReverse() {
		t.Fatal("NO_COLOR ignored")
	}
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if out := m.View().Content; strings.Contains(out, "38;2;") || strings.Contains(out, "48;2;") {
		t.Fatal("colours drawn with NO_COLOR set")
	}
}

func TestClickingTheBellOpensTheCenter(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.m.Update(tea.MouseClickMsg{X: 115, Y: 0, Button: tea.MouseLeft})
	mustContain(t, h.screen(), "Notifications", "New lead from unknown number")
	h.m.Update(tea.MouseClickMsg{X: 115, Y: 0, Button: tea.MouseLeft})
	mustContain(t, h.screen(), "Customer number")
}

func TestMouseInPaneFocusesMessageAndComposeBox(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("j", "j", "enter") // Acme: the failed message is focused
	mustContain(t, h.screen(), "InvalidSendingParameters")
	y := slices.IndexFunc(strings.Split(h.screen(), "\n"), func(l string) bool {
		return strings.Contains(l, "Please send the quote")
	})
	h.m.Update(tea.MouseClickMsg{X: 80, Y: y, Button: tea.MouseLeft})
	mustNotContain(t, h.screen(), "InvalidSendingParameters")
	h.m.Update(tea.MouseClickMsg{X: 80, Y: 27, Button: tea.MouseLeft})
	if h.m.focus != focusCompose {
		t.Fatalf("click on the compose box left focus %v", h.m.focus)
	}
	h.typeText("ok")
	mustContain(t, h.screen(), "2 characters")
}

// French and Galician labels are longer: the grid and the pane must still
// fit 80 columns.
func TestLayoutGoldenOtherLanguages(t *testing.T) {
	for _, tag := range []language.Tag{language.French, language.Make("gl")} {
		for _, keys := range [][]string{nil, {"j", "j", "enter"}} {
			name := fmt.Sprintf("%s_grid_80x24", tag)
			if keys != nil {
				name = fmt.Sprintf("%s_pane_80x24", tag)
			}
			t.Run(name, func(t *testing.T) {
				clk := &testClock{t: testNow}
				h := newHarnessOn(t, openCache(t, clk), clk, nil, 80, 24, tag)
				h.press(keys...)
				screen := h.screen()
				for i, l := range strings.Split(screen, "\n") {
					if w := ansiWidth(l); w > 80 {
						t.Fatalf("line %d is %d columns wide: %q", i, w, l)
					}
				}
				goldenEqual(t, screen)
			})
		}
	}
}

// A refused token ends the program, even over a cache full of
// conversations: the seller is no longer allowed, and waiting will not
// help. The last frame says why.
func TestRefusedTokenQuits(t *testing.T) {
	h := newHarness(t, 120, 32)
	_, cmd := h.m.Update(LinkStopped{Err: fmt.Errorf("run: %w", client.ErrUnauthorized)})
	if cmd == nil {
		t.Fatal("a refused token returned no command, want tea.Quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatalf("a refused token returned %T, want tea.QuitMsg", cmd())
	}
	mustContain(t, h.screen(), "The server refused your token")
}

// Any other reason the link gave up stays on the notice line, key presses
// or not, and the seller keeps the cache's conversations to read.
func TestOtherLinkStopIsExplainedAndKept(t *testing.T) {
	h := newHarness(t, 120, 32)
	if _, cmd := h.m.Update(LinkStopped{Err: errors.New("sync client: no cache")}); cmd != nil {
		t.Fatalf("a stopped link returned %T, want no command", cmd())
	}
	mustContain(t, h.screen(), "Sync stopped: sync client: no cache")
	h.press("j")
	mustContain(t, h.screen(), "Sync stopped: sync client: no cache")
}

// Coalescing a burst of cache changes keeps every command answer: a
// template's refusal that came in the same burst as an outbox change must
// still reach the screen waiting for it.
func TestMergeChangeKeepsEveryAnswer(t *testing.T) {
	merged := localdb.Change{Outbox: true, Answers: []crm.CommandResult{{ID: "cmd_a", OK: true}}}
	merged = merged.Merge(localdb.Change{Outbox: true})
	merged = merged.Merge(localdb.Change{Answers: []crm.CommandResult{{ID: "cmd_b", Error: &crm.CommandError{Code: crm.ErrConflict}}}})
	var ids []string
	for _, a := range merged.Answers {
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || ids[0] != "cmd_a" || ids[1] != "cmd_b" {
		t.Fatalf("answers after merging: %v, want cmd_a and cmd_b", ids)
	}
}
