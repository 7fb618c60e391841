// Command ansi2png draws a terminal capture (`tmux capture-pane -e -p`) as a
// PNG, one character cell at a time, with the colours, bold, faint, italic,
// underline and reverse video of the captured escape codes.
//
//	ansi2png -cols 140 -rows 36 -o grid.png grid.ansi
//
// Text is set in Go Mono (embedded, so it works on any machine); runes Go
// Mono lacks (✓ ✗ ✦ and emoji) come from the first system font that has
// them, among well-known paths and the -font files. A rune no font has is
// drawn as an empty box and reported on stderr. Box-drawing and block
// characters are drawn as shapes so lines join across cells.
package main

import (
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"slices"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// fallbackFonts are tried, in order, for runes Go Mono lacks; missing
// files are skipped. Bold variants go first in the bold set.
var fallbackFonts = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf",
	"/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf",
	"/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
	"/usr/share/fonts/TTF/DejaVuSansMono.ttf",
	"/usr/share/fonts/TTF/DejaVuSans.ttf",
	"/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
	"/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
	"/System/Library/Fonts/Menlo.ttc",
	"/System/Library/Fonts/Apple Symbols.ttf",
	"/Library/Fonts/Arial Unicode.ttf",
	`C:\Windows\Fonts\consola.ttf`,
	`C:\Windows\Fonts\seguisym.ttf`,
}

var boldFallbackFonts = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	"/usr/share/fonts/TTF/DejaVuSansMono-Bold.ttf",
	"/usr/share/fonts/dejavu-sans-mono-fonts/DejaVuSansMono-Bold.ttf",
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var (
		out        = flag.String("o", "", "output PNG (required)")
		cols       = flag.Int("cols", 0, "columns (default: the capture's widest line)")
		rows       = flag.Int("rows", 0, "rows (default: the capture's line count)")
		size       = flag.Float64("size", 15, "font size in pixels, before -scale")
		scale      = flag.Float64("scale", 2, "pixel density (2 for sharp text on high-DPI screens)")
		lineHeight = flag.Float64("line-height", 1.25, "cell height as a multiple of the font size")
		extra      multiFlag
	)
	flag.Var(&extra, "font", "another fallback font file (.ttf/.otf), tried before the system ones; repeatable")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ansi2png -o OUT.png [-cols N -rows N] [flags] CAPTURE.ansi")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *cols, *rows, *size**scale, *lineHeight, *scale, extra); err != nil {
		fmt.Fprintln(os.Stderr, "ansi2png:", err)
		os.Exit(1)
	}
}

func run(in, out string, cols, rows int, px, lineHeight, scale float64, extra []string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	r := newRenderer(px, lineHeight, scale, extra)
	img := r.render(parse(data, cols, rows))
	if len(r.missing) > 0 {
		var list []string
		for ch := range r.missing {
			list = append(list, fmt.Sprintf("%c (U+%04X)", ch, ch))
		}
		slices.Sort(list)
		fmt.Fprintf(os.Stderr, "ansi2png: %s: no font has %s; drawn as boxes (install DejaVu or Noto fonts, or pass -font)\n", in, strings.Join(list, ", "))
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// newRenderer sets the cell size from Go Mono at px pixels.
func newRenderer(px, lineHeight, scale float64, extra []string) *renderer {
	fallback := loadFonts(append(slices.Clone(extra), fallbackFonts...))
	boldFallback := loadFonts(boldFallbackFonts)
	mk := func(embedded []byte, more ...[]*sfnt.Font) *fontSet {
		f, err := opentype.Parse(embedded)
		if err != nil {
			panic(err)
		}
		fonts := []*sfnt.Font{f}
		for _, m := range more {
			fonts = append(fonts, m...)
		}
		return &fontSet{fonts: fonts, size: px, faces: map[faceKey]font.Face{}}
	}
	r := &renderer{
		theme:      dark,
		regular:    mk(gomono.TTF, fallback),
		bold:       mk(gomonobold.TTF, boldFallback),
		italic:     mk(gomonoitalic.TTF),
		boldItalic: mk(gomonobolditalic.TTF),
		missing:    map[rune]bool{},
	}
	face := r.regular.face(r.regular.fonts[0], px)
	adv, _ := face.GlyphAdvance('M')
	m := face.Metrics()
	r.cellW = adv.Ceil()
	r.cellH = int(math.Round(px * lineHeight))
	r.baseline = (r.cellH-(m.Ascent+m.Descent).Ceil())/2 + m.Ascent.Ceil()
	r.pad = int(math.Round(12 * scale))
	return r
}

// loadFonts parses the font files that exist; collections (.ttc) give
// their first font.
func loadFonts(paths []string) []*sfnt.Font {
	var fonts []*sfnt.Font
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if f, err := opentype.Parse(b); err == nil {
			fonts = append(fonts, f)
			continue
		}
		if c, err := opentype.ParseCollection(b); err == nil && c.NumFonts() > 0 {
			if f, err := c.Font(0); err == nil {
				fonts = append(fonts, f)
			}
		}
	}
	return fonts
}
