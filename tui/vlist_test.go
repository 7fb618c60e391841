package tui

import (
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestVListDrawsOnlyVisibleRowsAndReusesThem(t *testing.T) {
	const n = 10000
	v := newVList()
	v.setHeight(20, n)
	versions := make([]uint64, n)
	draws := 0
	render := func() []string {
		return v.render(n, 80,
			func(i int) (string, uint64) { return fmt.Sprint(i), versions[i] },
			func(i, w int, sel bool) string { draws++; return fmt.Sprint(i, sel) })
	}
	if lines := render(); len(lines) != 20 || draws != 20 {
		t.Fatalf("first frame: %d lines, %d draws; want 20 and 20", len(lines), draws)
	}
	draws = 0
	render()
	if draws != 0 {
		t.Fatalf("unchanged frame drew %d rows", draws)
	}
	v.move(1, n)
	render()
	if draws != 2 {
		t.Fatalf("moving the cursor drew %d rows, want the 2 whose selection changed", draws)
	}
	draws = 0
	versions[5]++
	render()
	if draws != 1 {
		t.Fatalf("a changed row caused %d draws, want 1", draws)
	}
	draws = 0
	v.jump(n-1, n)
	render()
	if draws != 20 || v.offset != n-20 {
		t.Fatalf("jump to the end: %d draws, offset %d", draws, v.offset)
	}
}

func TestOpeningALongThreadReadsOnePage(t *testing.T) {
	clk := &testClock{t: testNow}
	db := bigWorld(t, filepath.Join(t.TempDir(), "cache.db"), clk, 3, func(int) int { return 1 }, 1200)
	t.Cleanup(func() { _ = db.Close() })
	h := newHarnessOn(t, db, clk, nil, 120, 32, languageEnglish)
	h.m.openConversation("cv_long") // its command is a flush; there is no link
	h.m.View()
	if got := len(h.m.pane.history.msgs); got != historyPage {
		t.Fatalf("opening read %d messages, want one page of %d", got, historyPage)
	}
	mustContain(t, h.screen(), "Message 1199 of conversation 3")
	// Going up past the page reads the next one, and only it.
	for range historyPage + 1 {
		h.press("k")
	}
	if got := len(h.m.pane.history.msgs); got != 2*historyPage {
		t.Fatalf("after scrolling a page up: %d messages in memory, want %d", got, 2*historyPage)
	}
	mustContain(t, h.screen(), fmt.Sprintf("Message %d of conversation 3", 1199-historyPage-1))
}

func TestWheelScrollsTheGridAndKeepsTheCursorInside(t *testing.T) {
	clk := &testClock{t: testNow}
	db := bigWorld(t, filepath.Join(t.TempDir(), "cache.db"), clk, 100, func(int) int { return 1 }, 0)
	t.Cleanup(func() { _ = db.Close() })
	h := newHarnessOn(t, db, clk, nil, 120, 32, languageEnglish)
	for range 4 {
		h.m.Update(tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown})
	}
	h.m.View()
	l := h.m.grid.list
	if l.offset != 12 || l.cursor < l.offset || l.cursor >= l.offset+l.height {
		t.Fatalf("after 4 notches: offset %d, cursor %d, height %d", l.offset, l.cursor, l.height)
	}
	mustContain(t, h.screen(), "Customer 00012")
	mustNotContain(t, h.screen(), "Customer 00011 ")
}
