package tui

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// lastLine is the screen's help bar.
func lastLine(screen string) string {
	lines := strings.Split(screen, "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// The key bar keeps help and quit at its end whatever fits before them:
// at 80x24 in English, and in French even at 160 columns, they were cut.
func TestKeyBarAlwaysEndsWithHelpAndQuit(t *testing.T) {
	for _, c := range []struct {
		tag      language.Tag
		w, h     int
		wantTail string
	}{
		{language.English, 80, 24, "? help • q quit"},
		{language.English, 50, 12, "? help • q quit"},
		{language.French, 160, 45, "? aide • q quitter"},
		{language.French, 80, 24, "? aide • q quitter"},
		{language.Make("gl"), 80, 24, "? axuda • q saír"},
	} {
		clk := &testClock{t: testNow}
		h := newHarnessOn(t, openCache(t, clk), clk, nil, c.w, c.h, c.tag)
		if bar := lastLine(h.screen()); !strings.HasSuffix(bar, c.wantTail) {
			t.Errorf("%s %dx%d grid: key bar %q does not end with %q", c.tag, c.w, c.h, bar, c.wantTail)
		}
		h.press("enter")
		if bar := lastLine(h.screen()); !strings.HasSuffix(bar, "ctrl+c "+h.m.ctx.T.T("key.quit")) {
			t.Errorf("%s %dx%d pane: key bar %q does not end with quit", c.tag, c.w, c.h, bar)
		}
	}
}

// On a wide screen the record column takes a share of the room instead of
// staying at 22 cells beside a 74-cell message column.
func TestGridColumnsShareAWideScreen(t *testing.T) {
	c := layoutColumns(160)
	if c.record < 30 || c.last > 2*c.record {
		t.Fatalf("160 columns: record %d, last message %d", c.record, c.last)
	}
	if n := layoutColumns(80); n.record != 22 {
		t.Fatalf("80 columns: record %d, want the 22 it had", n.record)
	}
}

// The help overlay explains the record-type icons and the mouse, and
// lists ctrl+a beside * for selecting every row.
func TestHelpOverlayHasTheIconLegendAndTheMouse(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("?")
	mustContain(t, h.screen(), "☺ Contact", "▣ Account", "◆ Opportunity", "✦ Lead", "Mouse:", "*/ctrl+a")
}

// Below the fold, the title says how many rows are not on screen.
func TestGridSaysHowManyRowsAreBelowTheFold(t *testing.T) {
	h := newHarness(t, 80, 8) // five conversations, three rows on screen
	mustContain(t, h.screen(), "↓ 2 more below")
	h.press("G")
	if strings.Contains(h.screen(), "more below") {
		t.Fatalf("at the last row the title still counts rows below:\n%s", h.screen())
	}
}

// p is an administrator's key: a seller pressing it is told why nothing
// opens, not met with silence.
func TestPhoneNumbersKeySaysWhyForASeller(t *testing.T) {
	h := newHarness(t, 120, 32)
	h.press("p")
	mustContain(t, h.screen(), "Only managers and administrators can see the phone numbers.")
}

// The work list and the notification center (not typed into) end their
// bar with back, help and quit too, at 80 columns in every language.
func TestKeyBarOfOtherScreensEndsWithBackHelpAndQuit(t *testing.T) {
	for _, tag := range []language.Tag{language.English, language.French, language.Make("gl")} {
		for _, keys := range [][]string{{"w"}, {"n"}} {
			clk := &testClock{t: testNow}
			h := newHarnessOn(t, openCache(t, clk), clk, nil, 80, 24, tag)
			seedWorkflows(t, h)
			h.press(keys...)
			k := h.m.ctx.Keys
			back := k.Workflow.List.Back.Help()
			if keys[0] == "n" {
				back = k.Notifications.Close.Help()
			}
			want := back.Key + " " + back.Desc + " • ? " + h.m.ctx.T.T("key.help") + " • ctrl+c " + h.m.ctx.T.T("key.quit")
			if bar := lastLine(h.screen()); !strings.HasSuffix(bar, want) {
				t.Errorf("%s %v: key bar %q does not end with %q", tag, keys, bar, want)
			}
		}
	}
}
