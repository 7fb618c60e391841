// Package safetext makes text that came from outside (an SMS body, a record
// or user name from a dataset, a template, a provider's failure code, a
// server's error message) safe to print on a terminal: it is shown, never
// obeyed. Escape sequences, C0 and C1 control characters and bidirectional
// overrides in it cannot restyle the screen, move the cursor, set the
// window title, write the clipboard or reverse what the reader sees.
//
// It changes only what is printed: stores and caches keep exactly what was
// received, and the TUI and the CLI call Line or Block where they build
// what they print.
package safetext

import (
	"strings"
	"unicode/utf8"
)

// Line is s safe to print on one line: line breaks and tabs become spaces
// (a one-line cell, a table column), and everything else Block does.
func Line(s string) string { return clean(s, false) }

// Block is s safe to print, keeping its line breaks ("\r\n" becomes "\n"):
// for a message body that the caller wraps over several lines.
func Block(s string) string { return clean(s, true) }

// Input is s as it may stay in an input the user edits and sends (the
// compose box): line breaks and tabs are kept, everything Block would
// replace is dropped instead, since a placeholder there would be sent.
// Bubbles' textarea already drops C0 and C1 controls from what it is given,
// but not bidi controls, which its echo would then obey.
func Input(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && Unsafe(r) }) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
		case r == '\r' && strings.HasPrefix(s[i:], "\r\n"):
		case r == '\n' || r == '\t' || !Unsafe(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean returns s itself when nothing in it needs replacing, so text that
// is already safe (nearly all of it) costs a scan and no allocation.
func clean(s string, multiline bool) string {
	i := firstUnsafe(s, multiline)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			// Invalid UTF-8: a stray byte (0x9b alone is a CSI to some
			// terminals) is shown as the replacement character.
			b.WriteRune(utf8.RuneError)
		case r == '\r' && i < len(s) && s[i] == '\n':
			// A Windows line break is one break.
			i++
			b.WriteByte(breakFor(multiline))
		case r == '\n':
			b.WriteByte(breakFor(multiline))
		case r == '\u2028' || r == '\u2029':
			// Unicode line and paragraph separators: breaks too, not
			// characters of unknown width.
			b.WriteByte(breakFor(multiline))
		case r == '\t':
			// A tab's width depends on the terminal's tab stops, which
			// would break the columns around it: a space keeps them.
			b.WriteByte(' ')
		case r < 0x20:
			// C0 controls, ESC and a lone CR (which would overwrite the
			// line from its start) among them: their Control Pictures
			// (U+2400 + code), ␛ for ESC, ␍ for CR, ␇ for BEL.
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case r >= 0x80 && r <= 0x9f:
			// C1 controls have no pictures; each is by definition (ECMA-48)
			// the same as ESC followed by code-0x40, which is how it is
			// shown: U+009B (CSI) reads "␛[".
			b.WriteRune('\u241b')
			b.WriteRune(r - 0x40)
		case isBidiControl(r):
			// An embedding, override or isolate reorders everything up to
			// its end, so it could reverse or hide what the reader sees:
			// shown as a mark, so the reader knows the text held one.
			b.WriteRune(BidiPlaceholder)
		case isBidiMark(r):
			// LRM, RLM and ALM are invisible and common in right-to-left
			// text, but next to digits they can swap groups ("12 34"
			// read as "34 12") in a terminal that reorders: dropped, which
			// changes nothing else the reader sees.
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// BidiPlaceholder is what an embedding, override or isolate is shown as.
const BidiPlaceholder = '\u21c4' // ⇄

func breakFor(multiline bool) byte {
	if multiline {
		return '\n'
	}
	return ' '
}

// firstUnsafe is the index of the first byte clean must change, len(s) when
// there is none.
func firstUnsafe(s string, multiline bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && !(multiline && c == '\n')) || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || Unsafe(r) {
			return i
		}
		i += size
	}
	return len(s)
}

// Unsafe reports whether clean replaces or drops rune r wherever it is
// (line breaks and tabs aside, which depend on the form).
func Unsafe(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' ||
		isBidiControl(r) || isBidiMark(r)
}

// isBidiControl: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI,
// FSI, PDI (U+2066–U+2069).
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// isBidiMark: LRM, RLM (U+200E, U+200F) and ALM (U+061C).
func isBidiMark(r rune) bool { return r == 0x200e || r == 0x200f || r == 0x061c }
