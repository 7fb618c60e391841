package main

import "testing"

// A line as tmux captures it: attributes carry over to the next line, wide
// characters take two cells, 256 and 24-bit colours are kept.
func TestParse(t *testing.T) {
	in := "\x1b[1m\x1b[38;2;164;140;255mab\x1b[0m\x1b[48;5;238m🔔c\n" +
		"d\x1b[7;4me\x1b[27;24mf\x1b]8;;http://x\x1b\\g\n"
	s := parse([]byte(in), 6, 3)
	if s.cols != 6 || s.rows != 3 {
		t.Fatalf("size %dx%d", s.cols, s.rows)
	}
	r0 := s.cells[0]
	if r0[0].text != "a" || !r0[0].bold || r0[0].fg != (termColor{kind: colorRGB, r: 164, g: 140, b: 255}) {
		t.Errorf("a: %+v", r0[0])
	}
	if r0[2].text != "🔔" || r0[2].width != 2 || r0[3].width != 0 || r0[2].bold {
		t.Errorf("bell: %+v %+v", r0[2], r0[3])
	}
	if r0[4].text != "c" || r0[4].bg != (termColor{kind: colorIndex, index: 238}) {
		t.Errorf("c: %+v", r0[4])
	}
	if r0[5].text != " " || r0[5].bg.kind != colorDefault {
		t.Errorf("padding: %+v", r0[5])
	}
	r1 := s.cells[1]
	// The background set on line 0 is still on at the start of line 1.
	if r1[0].text != "d" || r1[0].bg.index != 238 {
		t.Errorf("d: %+v", r1[0])
	}
	if !r1[1].reverse || !r1[1].underline || r1[2].reverse || r1[2].underline {
		t.Errorf("e, f: %+v %+v", r1[1], r1[2])
	}
	if r1[3].text != "g" {
		t.Errorf("the OSC 8 sequence was not skipped: %+v", r1[3])
	}
}

func TestRenderSize(t *testing.T) {
	s := parse([]byte("\x1b[1mhi ╭─╮ ▌\x1b[0m"), 10, 2)
	r := newRenderer(30, 1.25, 2, nil)
	img := r.render(s)
	if got, want := img.Bounds().Dx(), 10*r.cellW+2*r.pad; got != want {
		t.Errorf("width %d, want %d", got, want)
	}
	if r.cellW < 10 || r.cellH < 30 {
		t.Errorf("cell %dx%d for 30 px text", r.cellW, r.cellH)
	}
}
