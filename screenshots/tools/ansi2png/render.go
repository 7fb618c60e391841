package main

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// theme is the terminal the capture is drawn in: a dark one, since the
// demo's TUI picks its dark palette in tmux.
type theme struct {
	fg, bg  color.RGBA
	palette [16]color.RGBA
}

var dark = theme{
	fg: rgb(0xe4, 0xe4, 0xe7),
	bg: rgb(0x17, 0x17, 0x1c),
	palette: [16]color.RGBA{
		rgb(0x2e, 0x34, 0x36), rgb(0xcc, 0x00, 0x00), rgb(0x4e, 0x9a, 0x06), rgb(0xc4, 0xa0, 0x00),
		rgb(0x34, 0x65, 0xa4), rgb(0x75, 0x50, 0x7b), rgb(0x06, 0x98, 0x9a), rgb(0xd3, 0xd7, 0xcf),
		rgb(0x55, 0x57, 0x53), rgb(0xef, 0x29, 0x29), rgb(0x8a, 0xe2, 0x34), rgb(0xfc, 0xe9, 0x4f),
		rgb(0x72, 0x9f, 0xcf), rgb(0xad, 0x7f, 0xa8), rgb(0x34, 0xe2, 0xe2), rgb(0xee, 0xee, 0xec),
	},
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xff} }

// resolve turns a cell colour into RGB; def is the default to use.
func (t *theme) resolve(c termColor, def color.RGBA) color.RGBA {
	switch c.kind {
	case colorRGB:
		return rgb(c.r, c.g, c.b)
	case colorIndex:
		n := int(c.index)
		switch {
		case n < 16:
			return t.palette[n]
		case n < 232: // 6×6×6 cube
			n -= 16
			level := func(v int) uint8 {
				if v == 0 {
					return 0
				}
				return uint8(55 + 40*v)
			}
			return rgb(level(n/36), level(n/6%6), level(n%6))
		default: // grey ramp
			v := uint8(8 + 10*(n-232))
			return rgb(v, v, v)
		}
	}
	return def
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return rgb(l(a.R, b.R), l(a.G, b.G), l(a.B, b.B))
}

// fontSet holds the faces of one style, best first: a rune is drawn with
// the first font that has a glyph for it.
type fontSet struct {
	fonts []*sfnt.Font
	size  float64
	faces map[faceKey]font.Face
	buf   sfnt.Buffer
}

type faceKey struct {
	f    *sfnt.Font
	size float64
}

func (s *fontSet) face(f *sfnt.Font, size float64) font.Face {
	k := faceKey{f, size}
	if fc, ok := s.faces[k]; ok {
		return fc
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic(err)
	}
	s.faces[k] = fc
	return fc
}

// find returns the first font with a glyph for r, or nil.
func (s *fontSet) find(r rune) *sfnt.Font {
	for _, f := range s.fonts {
		if gi, err := f.GlyphIndex(&s.buf, r); err == nil && gi != 0 {
			return f
		}
	}
	return nil
}

// renderer draws a screen cell by cell.
type renderer struct {
	theme                  theme
	regular, bold          *fontSet
	italic, boldItalic     *fontSet
	cellW, cellH, baseline int
	pad                    int
	missing                map[rune]bool
}

func (r *renderer) set(a attrs) *fontSet {
	switch {
	case a.bold && a.italic:
		return r.boldItalic
	case a.bold:
		return r.bold
	case a.italic:
		return r.italic
	}
	return r.regular
}

func (r *renderer) render(s *screen) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, s.cols*r.cellW+2*r.pad, s.rows*r.cellH+2*r.pad))
	draw.Draw(img, img.Bounds(), image.NewUniform(r.theme.bg), image.Point{}, draw.Src)
	for y, row := range s.cells {
		for x, c := range row {
			if c.width == 0 {
				continue
			}
			fg := r.theme.resolve(c.fg, r.theme.fg)
			bg := r.theme.resolve(c.bg, r.theme.bg)
			if c.reverse {
				fg, bg = bg, fg
			}
			if c.faint {
				fg = mix(fg, bg, 0.45)
			}
			rect := image.Rect(r.pad+x*r.cellW, r.pad+y*r.cellH, r.pad+(x+c.width)*r.cellW, r.pad+(y+1)*r.cellH)
			if bg != r.theme.bg {
				draw.Draw(img, rect, image.NewUniform(bg), image.Point{}, draw.Src)
			}
			if c.invisible {
				continue
			}
			base, _ := utf8.DecodeRuneInString(c.text)
			if base != ' ' && !r.drawBox(img, rect, base, fg, c.bold) {
				r.drawGlyph(img, rect, base, fg, c.attrs)
			}
			t := r.line()
			if c.underline {
				uy := r.pad + y*r.cellH + r.baseline + max(1, (r.cellH-r.baseline)/3)
				fill(img, image.Rect(rect.Min.X, uy, rect.Max.X, uy+t), fg)
			}
			if c.strike {
				sy := rect.Min.Y + r.cellH/2
				fill(img, image.Rect(rect.Min.X, sy, rect.Max.X, sy+t), fg)
			}
		}
	}
	return img
}

// line is the stroke width of underlines and box-drawing lines.
func (r *renderer) line() int { return max(1, int(math.Round(float64(r.cellW)/9))) }

func fill(img *image.RGBA, rect image.Rectangle, c color.RGBA) {
	draw.Draw(img, rect, image.NewUniform(c), image.Point{}, draw.Over)
}

// drawGlyph draws ch in rect with the first font that has it, shrunk to
// fit when a fallback font's glyph is wider than the cells, centred.
func (r *renderer) drawGlyph(img *image.RGBA, rect image.Rectangle, ch rune, fg color.RGBA, a attrs) {
	set := r.set(a)
	f := set.find(ch)
	synthBold := false
	if f == nil && set != r.regular {
		f, set, synthBold = r.regular.find(ch), r.regular, a.bold
	}
	if f == nil {
		r.missing[ch] = true
		// No font has it: an empty box, as a terminal would show.
		in := rect.Inset(max(1, r.cellW/5))
		t := r.line()
		fill(img, image.Rect(in.Min.X, in.Min.Y, in.Max.X, in.Min.Y+t), fg)
		fill(img, image.Rect(in.Min.X, in.Max.Y-t, in.Max.X, in.Max.Y), fg)
		fill(img, image.Rect(in.Min.X, in.Min.Y, in.Min.X+t, in.Max.Y), fg)
		fill(img, image.Rect(in.Max.X-t, in.Min.Y, in.Max.X, in.Max.Y), fg)
		return
	}
	size := set.size
	face := set.face(f, size)
	adv, _ := face.GlyphAdvance(ch)
	room := fixed.I(rect.Dx())
	if adv > room {
		size = size * float64(room) / float64(adv)
		face = set.face(f, size)
		adv, _ = face.GlyphAdvance(ch)
	}
	x := fixed.I(rect.Min.X) + (room-adv)/2
	y := fixed.I(rect.Min.Y + r.baseline)
	if size != set.size {
		// Centre a shrunk glyph vertically on the cell's text band.
		m := face.Metrics()
		y = fixed.I(rect.Min.Y) + (fixed.I(r.cellH)-(m.Ascent+m.Descent))/2 + m.Ascent
	}
	d := &font.Drawer{Dst: img, Src: image.NewUniform(fg), Face: face, Dot: fixed.Point26_6{X: x, Y: y}}
	d.DrawString(string(ch))
	if synthBold {
		d.Dot = fixed.Point26_6{X: x + fixed.I(1), Y: y}
		d.DrawString(string(ch))
	}
}

// Box drawing and block elements are drawn as shapes, as terminals do, so
// lines join across cells whatever the font.
type box struct{ up, down, left, right uint8 } // 0 none, 1 light, 2 heavy, 3 double

var boxes = map[rune]box{
	'─': {0, 0, 1, 1}, '━': {0, 0, 2, 2}, '│': {1, 1, 0, 0}, '┃': {2, 2, 0, 0},
	'┌': {0, 1, 0, 1}, '┐': {0, 1, 1, 0}, '└': {1, 0, 0, 1}, '┘': {1, 0, 1, 0},
	'├': {1, 1, 0, 1}, '┤': {1, 1, 1, 0}, '┬': {0, 1, 1, 1}, '┴': {1, 0, 1, 1}, '┼': {1, 1, 1, 1},
	'┏': {0, 2, 0, 2}, '┓': {0, 2, 2, 0}, '┗': {2, 0, 0, 2}, '┛': {2, 0, 2, 0},
	'═': {0, 0, 3, 3}, '║': {3, 3, 0, 0}, '╔': {0, 3, 0, 3}, '╗': {0, 3, 3, 0}, '╚': {3, 0, 0, 3}, '╝': {3, 0, 3, 0},
	'╴': {0, 0, 1, 0}, '╵': {1, 0, 0, 0}, '╶': {0, 0, 0, 1}, '╷': {0, 1, 0, 0},
}

func (r *renderer) drawBox(img *image.RGBA, rect image.Rectangle, ch rune, fg color.RGBA, bold bool) bool {
	w, h := rect.Dx(), rect.Dy()
	x0, y0 := rect.Min.X, rect.Min.Y
	// Block elements.
	switch {
	case ch == '█':
		fill(img, rect, fg)
		return true
	case ch == '▀':
		fill(img, image.Rect(x0, y0, x0+w, y0+h/2), fg)
		return true
	case ch >= '▁' && ch <= '▇': // lower eighths
		n := int(ch-'▁') + 1
		fill(img, image.Rect(x0, y0+h-h*n/8, x0+w, y0+h), fg)
		return true
	case ch >= '▉' && ch <= '▏': // left eighths, 7/8 down to 1/8
		n := 7 - int(ch-'▉')
		fill(img, image.Rect(x0, y0, x0+max(1, w*n/8), y0+h), fg)
		return true
	case ch == '▐':
		fill(img, image.Rect(x0+w/2, y0, x0+w, y0+h), fg)
		return true
	case ch == '░' || ch == '▒' || ch == '▓':
		t := map[rune]float64{'░': 0.25, '▒': 0.5, '▓': 0.75}[ch]
		bg := img.RGBAAt(x0, y0)
		fill(img, rect, mix(bg, fg, t))
		return true
	}
	cx, cy := x0+w/2, y0+h/2
	t := r.line()
	if bold {
		t = max(t+1, t*3/2)
	}
	seg := func(weight uint8, horiz bool, from, to int) {
		if weight == 0 {
			return
		}
		th := t
		if weight == 2 {
			th = t * 2
		}
		offsets := []int{0}
		if weight == 3 {
			gap := max(2, t*2)
			offsets = []int{-gap, gap}
		}
		for _, o := range offsets {
			if horiz {
				fill(img, image.Rect(from, cy-th/2+o, to, cy-th/2+o+th), fg)
			} else {
				fill(img, image.Rect(cx-th/2+o, from, cx-th/2+o+th, to), fg)
			}
		}
	}
	// Rounded corners: an arc joining the two half lines.
	arcs := map[rune][2]int{'╭': {1, 1}, '╮': {-1, 1}, '╯': {-1, -1}, '╰': {1, -1}}
	if dir, ok := arcs[ch]; ok {
		rad := min(w, h) / 2
		ax, ay := cx+dir[0]*rad, cy+dir[1]*rad // the arc's centre
		// Straight parts beyond the arc.
		if dir[0] > 0 {
			fill(img, image.Rect(ax, cy-t/2, x0+w, cy-t/2+t), fg)
		} else {
			fill(img, image.Rect(x0, cy-t/2, ax, cy-t/2+t), fg)
		}
		if dir[1] > 0 {
			fill(img, image.Rect(cx-t/2, ay, cx-t/2+t, y0+h), fg)
		} else {
			fill(img, image.Rect(cx-t/2, y0, cx-t/2+t, ay), fg)
		}
		// The quarter circle, antialiased by distance to the stroke.
		rr := math.Abs(float64(ax) - (float64(cx-t/2) + float64(t)/2)) // centre to the vertical stroke's middle
		for py := min(cy, ay) - t; py <= max(cy, ay)+t; py++ {
			for px := min(cx, ax) - t; px <= max(cx, ax)+t; px++ {
				dx, dy := float64(px)+0.5-float64(ax), float64(py)+0.5-float64(ay)
				if dx*float64(-dir[0]) < 0 || dy*float64(-dir[1]) < 0 {
					continue
				}
				cov := float64(t)/2 + 0.5 - math.Abs(math.Hypot(dx, dy)-rr)
				if cov <= 0 {
					continue
				}
				cov = min(cov, 1)
				img.SetRGBA(px, py, mix(img.RGBAAt(px, py), fg, cov))
			}
		}
		return true
	}
	b, ok := boxes[ch]
	if !ok {
		return false
	}
	// Each half line runs from the edge to the centre, overlapping it so
	// that corners close.
	half := t
	seg(b.left, true, x0, cx+half)
	seg(b.right, true, cx-half, x0+w)
	seg(b.up, false, y0, cy+half)
	seg(b.down, false, cy-half, y0+h)
	return true
}
