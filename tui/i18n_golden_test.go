package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"golang.org/x/text/language"
)

// TestMainScreensInEveryLanguage records the main screens (the grid, the
// grid with the pane, the notification center, the help overlay) in
// English, French and Galician at 80 and 120 columns. French and Galician
// labels run longer than English ones: every line must still fit the
// terminal and the frame must keep its height, so nothing wrapped (the
// header stays on one line). Regenerate with go test ./tui -update.
func TestMainScreensInEveryLanguage(t *testing.T) {
	screens := []struct {
		name string
		keys []string
	}{
		{"grid", nil},
		// Acme: its failed message is focused, with its reason and hint.
		{"pane", []string{"j", "j", "enter"}},
		{"notifications", []string{"n"}},
		{"help_grid", []string{"?"}},
		{"help_pane", []string{"enter", "?"}},
		// The longest sort label in the title line.
		{"sorted_by_record", []string{"s"}},
	}
	sizes := []struct{ w, h int }{{80, 24}, {120, 32}}
	for _, tag := range []language.Tag{language.English, language.French, language.Make("gl")} {
		for _, sz := range sizes {
			for _, sc := range screens {
				t.Run(fmt.Sprintf("%s_%s_%dx%d", tag, sc.name, sz.w, sz.h), func(t *testing.T) {
					clk := &testClock{t: testNow}
					h := newHarnessOn(t, openCache(t, clk), clk, nil, sz.w, sz.h, tag)
					h.press(sc.keys...)
					content := h.m.View().Content
					lines := strings.Split(content, "\n")
					if len(lines) != sz.h {
						t.Fatalf("the frame has %d lines, want %d: something wrapped", len(lines), sz.h)
					}
					for i, l := range lines {
						if w := lipgloss.Width(l); w > sz.w {
							t.Errorf("line %d is %d columns wide on a %d-column terminal: %q", i, w, sz.w, l)
						}
					}
					if strings.HasPrefix(sc.name, "help") {
						// The overlay lists every key: no column dropped for want of room.
						body := strings.Split(h.screen(), "\n")
						mustNotContain(t, strings.Join(body[:len(body)-1], "\n"), "…")
					}
					header := h.screen()[:strings.Index(h.screen(), "\n")]
					mustContain(t, header, "smsdesk", "🔔")
					goldenEqual(t, h.screen())
				})
			}
		}
	}
}
