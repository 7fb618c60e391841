package main

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// colorKind says how a cell's colour was given.
type colorKind uint8

const (
	colorDefault colorKind = iota // the terminal's default
	colorIndex                    // one of the 256 palette entries (SGR 30-37, 90-97, 38;5;n)
	colorRGB                      // 24-bit (SGR 38;2;r;g;b)
)

type termColor struct {
	kind    colorKind
	index   uint8
	r, g, b uint8
}

// attrs is the SGR state a cell was printed with.
type attrs struct {
	fg, bg                                  termColor
	bold, faint, italic, underline, reverse bool
	strike, invisible                       bool
}

// cell is one terminal column: a grapheme (base rune plus any zero-width
// runes), or nothing when it is the right half of a wide character.
type cell struct {
	text  string
	width int // 1 or 2; 0 for the right half of a wide character
	attrs
}

// screen is the parsed capture: rows of cols cells.
type screen struct {
	cols, rows int
	cells      [][]cell
}

var widths = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false // tmux counts ambiguous characters as one column
	return c
}()

// parse reads what `tmux capture-pane -e -p` prints: lines of text with SGR
// escape sequences, each line starting from the previous line's attributes
// (tmux only emits changes). Sequences other than SGR are skipped. cols and
// rows fix the grid size; 0 takes the capture's own.
func parse(data []byte, cols, rows int) *screen {
	text := strings.TrimSuffix(string(data), "\n")
	lines := strings.Split(text, "\n")
	var cur attrs
	grid := make([][]cell, 0, len(lines))
	maxw := 0
	for _, line := range lines {
		var row []cell
		for i := 0; i < len(line); {
			if line[i] == 0x1b {
				i = escape(line, i, &cur)
				continue
			}
			r, size := utf8.DecodeRuneInString(line[i:])
			i += size
			switch {
			case r == '\t':
				row = append(row, cell{text: " ", width: 1, attrs: cur})
				for len(row)%8 != 0 {
					row = append(row, cell{text: " ", width: 1, attrs: cur})
				}
				continue
			case r < 0x20 || r == 0x7f:
				continue
			}
			w := widths.RuneWidth(r)
			if w == 0 {
				// A combining mark or variation selector joins the cell before.
				if n := len(row); n > 0 {
					j := n - 1
					if row[j].width == 0 && j > 0 {
						j--
					}
					row[j].text += string(r)
				}
				continue
			}
			row = append(row, cell{text: string(r), width: w, attrs: cur})
			if w == 2 {
				row = append(row, cell{width: 0, attrs: cur})
			}
		}
		maxw = max(maxw, len(row))
		grid = append(grid, row)
	}
	if cols == 0 {
		cols = maxw
	}
	if rows == 0 {
		rows = len(grid)
	}
	s := &screen{cols: cols, rows: rows, cells: make([][]cell, rows)}
	for y := range rows {
		row := make([]cell, cols)
		for x := range row {
			row[x] = cell{text: " ", width: 1}
		}
		if y < len(grid) {
			copy(row, grid[y])
		}
		s.cells[y] = row
	}
	return s
}

// escape consumes the escape sequence at line[i] and returns the index after
// it, applying it to cur when it is SGR.
func escape(line string, i int, cur *attrs) int {
	if i+1 >= len(line) {
		return len(line)
	}
	switch line[i+1] {
	case '[': // CSI: parameters, intermediates, final byte 0x40-0x7e
		j := i + 2
		for j < len(line) && (line[j] < 0x40 || line[j] > 0x7e) {
			j++
		}
		if j >= len(line) {
			return len(line)
		}
		if line[j] == 'm' {
			sgr(line[i+2:j], cur)
		}
		return j + 1
	case ']', 'P', '_', '^': // OSC, DCS, APC, PM: up to BEL or ST
		for j := i + 2; j < len(line); j++ {
			if line[j] == 0x07 {
				return j + 1
			}
			if line[j] == 0x1b && j+1 < len(line) && line[j+1] == '\\' {
				return j + 2
			}
		}
		return len(line)
	default:
		return i + 2
	}
}

// sgr applies Select Graphic Rendition parameters ("1;38;5;141").
func sgr(params string, a *attrs) {
	if params == "" {
		*a = attrs{}
		return
	}
	fields := strings.Split(params, ";")
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0
		}
		return n
	}
	for k := 0; k < len(fields); k++ {
		f := fields[k]
		var sub []string
		if strings.Contains(f, ":") {
			sub = strings.Split(f, ":")
			f = sub[0]
		}
		p := num(f)
		switch {
		case p == 0:
			*a = attrs{}
		case p == 1:
			a.bold = true
		case p == 2:
			a.faint = true
		case p == 3:
			a.italic = true
		case p == 4:
			a.underline = len(sub) < 2 || sub[1] != "0"
		case p == 7:
			a.reverse = true
		case p == 8:
			a.invisible = true
		case p == 9:
			a.strike = true
		case p == 21:
			a.underline = true
		case p == 22:
			a.bold, a.faint = false, false
		case p == 23:
			a.italic = false
		case p == 24:
			a.underline = false
		case p == 27:
			a.reverse = false
		case p == 28:
			a.invisible = false
		case p == 29:
			a.strike = false
		case p >= 30 && p <= 37:
			a.fg = termColor{kind: colorIndex, index: uint8(p - 30)}
		case p == 39:
			a.fg = termColor{}
		case p >= 40 && p <= 47:
			a.bg = termColor{kind: colorIndex, index: uint8(p - 40)}
		case p == 49:
			a.bg = termColor{}
		case p >= 90 && p <= 97:
			a.fg = termColor{kind: colorIndex, index: uint8(p - 90 + 8)}
		case p >= 100 && p <= 107:
			a.bg = termColor{kind: colorIndex, index: uint8(p - 100 + 8)}
		case p == 38 || p == 48:
			var c termColor
			if sub != nil { // 38:5:n or 38:2:[cs]:r:g:b
				if len(sub) >= 3 && sub[1] == "5" {
					c = termColor{kind: colorIndex, index: uint8(num(sub[2]))}
				} else if len(sub) >= 5 && sub[1] == "2" {
					v := sub[len(sub)-3:]
					c = termColor{kind: colorRGB, r: uint8(num(v[0])), g: uint8(num(v[1])), b: uint8(num(v[2]))}
				}
			} else if k+2 < len(fields) && fields[k+1] == "5" {
				c = termColor{kind: colorIndex, index: uint8(num(fields[k+2]))}
				k += 2
			} else if k+4 < len(fields) && fields[k+1] == "2" {
				c = termColor{kind: colorRGB, r: uint8(num(fields[k+2])), g: uint8(num(fields[k+3])), b: uint8(num(fields[k+4]))}
				k += 4
			}
			if p == 38 {
				a.fg = c
			} else {
				a.bg = c
			}
		}
	}
}
