package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// Golden files of View().Content, stripped of colours: the layouts at the
// two sizes sellers use most. Regenerate with go test ./tui -update.
// goldenEqual compares a frame with testdata/<test name>.golden.
func goldenEqual(t *testing.T, screen string) {
	t.Helper()
	golden.RequireEqual(t, screen)
}

func TestLayoutGolden(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"grid_120x32", 120, 32, nil},
		{"grid_80x24", 80, 24, nil},
		{"pane_120x32", 120, 32, []string{"enter"}},
		{"pane_80x24", 80, 24, []string{"enter"}},
		{"failed_reason_120x32", 120, 32, []string{"j", "j", "enter"}},
		{"compose_ucs2_120x32", 120, 32, []string{"j", "enter", "i", "Ç", "a", " ", "v", "a", " ", "☃"}},
		{"notifications_120x32", 120, 32, []string{"n"}},
		{"help_120x32", 120, 32, []string{"?"}},
		{"filter_80x24", 80, 24, []string{"/", "a", "c", "m"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.w, c.h)
			h.press(c.keys...)
			goldenEqual(t, h.screen())
		})
	}
}
