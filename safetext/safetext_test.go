package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestLineAndBlock(t *testing.T) {
	cases := []struct{ name, in, line, block string }{
		{"plain", "Hello, see you at 10:00", "Hello, see you at 10:00", "Hello, see you at 10:00"},
		{"accents emoji cjk", "Ça va ☃ 👍🏽 東京 مرحبا 👩‍👩‍👧", "Ça va ☃ 👍🏽 東京 مرحبا 👩‍👩‍👧", "Ça va ☃ 👍🏽 東京 مرحبا 👩‍👩‍👧"},
		{"sgr", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m", "␛[31mred␛[0m"},
		{"reverse", "\x1b[7minv", "␛[7minv", "␛[7minv"},
		{"osc title bel", "\x1b]0;pwned\x07", "␛]0;pwned␇", "␛]0;pwned␇"},
		{"osc52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x1b\\", "␛]52;c;cm0gLXJmIH4=␛\\", "␛]52;c;cm0gLXJmIH4=␛\\"},
		{"cursor moves", "\x1b[2J\x1b[H\x1b[10A", "␛[2J␛[H␛[10A", "␛[2J␛[H␛[10A"},
		{"lone cr overwrite", "pay 100\rpay 999", "pay 100␍pay 999", "pay 100␍pay 999"},
		{"line breaks", "a\nb\r\nc", "a b c", "a\nb\nc"},
		{"unicode separators", "a\u2028b\u2029c", "a b c", "a\nb\nc"},
		{"tab", "a\tb", "a b", "a b"},
		{"nul del", "a\x00b\x7fc", "a␀b␡c", "a␀b␡c"},
		{"c1 csi utf8", "a\u009b31mb", "a␛[31mb", "a␛[31mb"},
		{"c1 nel", "a\u0085b", "a␛Eb", "a␛Eb"},
		{"raw 0x9b byte", "a\x9b31mb", "a\uFFFD31mb", "a\uFFFD31mb"},
		{"invalid utf8", "a\xff\xfeb", "a\uFFFD\uFFFDb", "a\uFFFD\uFFFDb"},
		{"rlo", "file\u202Egnp.exe", "file⇄gnp.exe", "file⇄gnp.exe"},
		{"isolates", "\u2066x\u2069 \u2067y\u2069 \u2068z\u2069", "⇄x⇄ ⇄y⇄ ⇄z⇄", "⇄x⇄ ⇄y⇄ ⇄z⇄"},
		{"embeddings", "\u202Aa\u202Bb\u202Cc\u202Dd", "⇄a⇄b⇄c⇄d", "⇄a⇄b⇄c⇄d"},
		{"marks dropped", "12\u200F 34\u200E\u061C", "12 34", "12 34"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Line(c.in); got != c.line {
				t.Errorf("Line(%q) = %q, want %q", c.in, got, c.line)
			}
			if got := Block(c.in); got != c.block {
				t.Errorf("Block(%q) = %q, want %q", c.in, got, c.block)
			}
		})
	}
}

func TestInputDropsWhatBlockWouldReplace(t *testing.T) {
	for in, want := range map[string]string{
		"Hi \u00c7a va\n\tbye 👍🏽":        "Hi \u00c7a va\n\tbye 👍🏽",
		"a\x1b[31mb\u202Ec\u2066d\u2069": "a[31mbcd",
		"a\r\nb\rc\x00\u009b\u200f":      "a\nbc",
		"a\xffb\uFFFD":                   "ab\uFFFD",
	} {
		if got := Input(in); got != want {
			t.Errorf("Input(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPlaceholdersAreOneCellEach: the layout measures text with the ansi
// package; each control shown must count as the cells it takes.
func TestPlaceholdersAreOneCellEach(t *testing.T) {
	for _, in := range []string{"\x1b", "\x07", "\r", "\x00", "\x7f", "\u202E", "\u2066", "\xff"} {
		if w := ansi.StringWidth(Line(in)); w != 1 {
			t.Errorf("%q is shown as %q, %d cells wide, want 1", in, Line(in), w)
		}
	}
	if w := ansi.StringWidth(Line("\u009b")); w != 2 {
		t.Errorf("C1 CSI is shown as %q, %d cells wide, want 2", Line("\u009b"), w)
	}
}

// TestCleanTextIsNotCopied: text with nothing to replace is returned as it
// is, without an allocation, so the render path pays only a scan.
func TestCleanTextIsNotCopied(t *testing.T) {
	for _, s := range []string{
		"Hello, could we meet next week about the renewal?",
		"Ça va ☃ 👍🏽 東京 مرحبا",
		"line one\nline two",
	} {
		in := s
		var out string
		if strings.Contains(s, "\n") {
			if n := testing.AllocsPerRun(100, func() { out = Block(in) }); n != 0 {
				t.Errorf("Block(%q) allocated %v times", s, n)
			}
		} else if n := testing.AllocsPerRun(100, func() { out = Line(in) }); n != 0 {
			t.Errorf("Line(%q) allocated %v times", s, n)
		}
		if out != s {
			t.Errorf("clean %q changed to %q", s, out)
		}
	}
}

// FuzzClean: whatever comes in, what goes out is valid UTF-8 with no
// control character (Block keeps "\n"), no bidi control or mark, and
// cleaning it again changes nothing.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred", "\x1b]52;c;eA==\x07", "a\rb\r\n", "\u202Eabc\u2066",
		"\xc2\x9b", "\x9b", "\xed\xa0\x80", "a\u2028b", "👩‍👩‍👧"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, fn := range map[string]func(string) string{"Line": Line, "Block": Block} {
			out := fn(s)
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q: invalid UTF-8", name, s, out)
			}
			for _, r := range out {
				if r == '\n' && name == "Block" {
					continue
				}
				if Unsafe(r) {
					t.Fatalf("%s(%q) = %q keeps %U", name, s, out, r)
				}
			}
			if again := fn(out); again != out {
				t.Fatalf("%s is not idempotent on %q: %q then %q", name, s, out, again)
			}
		}
	})
}
