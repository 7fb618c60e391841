package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestOptedOutWarningWrapsWithinThePane opens the opted-out conversation
// and checks that its warning, which replaces the compose box, is shown in
// full over as many lines as it needs, without widening or lengthening the
// frame or pushing the pane's header off.
func TestOptedOutWarningWrapsWithinThePane(t *testing.T) {
	for _, size := range []struct{ w, h int }{{120, 32}, {80, 24}} {
		h := newHarness(t, size.w, size.h)
		before := strings.Split(h.m.View().Content, "\n")
		h.press("G", "enter") // Sam Stop: opted out
		if h.m.pane.convID == "" || !h.m.pane.optedOut() {
			t.Fatalf("%dx%d: the opted-out conversation is not open", size.w, size.h)
		}
		frame := strings.Split(h.m.View().Content, "\n")
		if len(frame) != size.h || len(frame) != len(before) {
			t.Fatalf("%dx%d: frame has %d lines, %d before opening the pane", size.w, size.h, len(frame), len(before))
		}
		for i, l := range frame {
			if got := ansi.StringWidth(l); got > size.w {
				t.Fatalf("%dx%d: line %d is %d columns wide: %q", size.w, size.h, i, got, ansi.Strip(l))
			}
		}
		screen := h.screen()
		lines := strings.Split(screen, "\n")
		if lines[0] != ansi.Strip(before[0]) {
			t.Fatalf("%dx%d: header changed:\n%s", size.w, size.h, screen)
		}
		mustContain(t, screen, "Sam Stop", "→")

		// The warning's lines start in the pane's column: join them.
		want := "⚠ " + h.m.ctx.T.T("pane.opted_out")
		start, col := -1, 0
		for i, l := range lines {
			if j := strings.Index(l, "⚠"); j >= 0 {
				start, col = i, ansi.StringWidth(l[:j])
				break
			}
		}
		if start < 0 {
			t.Fatalf("%dx%d: no warning on screen:\n%s", size.w, size.h, screen)
		}
		var parts []string
		for _, l := range lines[start:] {
			part := strings.TrimSpace(ansi.Cut(l, col, size.w))
			if part == "" {
				break
			}
			parts = append(parts, part)
		}
		if got := strings.Join(parts, " "); !strings.Contains(got, want) || strings.Contains(got, "…") {
			t.Fatalf("%dx%d: warning reads %q, want %q:\n%s", size.w, size.h, got, want, screen)
		}
		if len(parts) < 2 && ansi.StringWidth(want) > size.w-col {
			t.Fatalf("%dx%d: warning did not wrap:\n%s", size.w, size.h, screen)
		}
	}
}
