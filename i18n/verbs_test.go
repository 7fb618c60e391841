package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// verbRE matches one fmt directive: flags, width, precision and an
// optional explicit argument index before the verb letter.
var verbRE = regexp.MustCompile(`%([-+# 0]*)(\[(\d+)\])?(\d*)(\.\d+)?(\[(\d+)\])?([a-zA-Z%])`)

// verb is one directive's argument (1-based) and letter.
type verb struct {
	arg    int
	letter byte
}

// verbs lists the directives of a format string with the argument each
// reads, following fmt's rules for explicit indexes ("%[2]d" reads the
// second argument and the next plain verb reads the third).
func verbs(format string) []verb {
	var out []verb
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(format, -1) {
		letter := m[8][0]
		if letter == '%' {
			continue
		}
		idx := m[3]
		if idx == "" {
			idx = m[7]
		}
		if idx != "" {
			next, _ = strconv.Atoi(idx)
		}
		out = append(out, verb{arg: next, letter: letter})
		next++
	}
	slices.SortFunc(out, func(a, b verb) int {
		if a.arg != b.arg {
			return a.arg - b.arg
		}
		return int(a.letter) - int(b.letter)
	})
	return out
}

// patterns are the keys whose languages legitimately use different
// arguments: date and time patterns get every part a language might need
// (24-hour and 12-hour hour, day period…) and each language picks its own.
// For them each argument a pattern uses must exist and have the right verb.
var patterns = map[Key]string{
	"format.time":      "ddds", // hour (0-23), minute, hour (1-12), day period
	"format.date":      "dds",  // day, month, year
	"format.long_date": "sdss", // weekday, day, month name, year
}

func verbString(vs []verb) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%%[%d]%c ", v.arg, v.letter)
	}
	return strings.TrimSpace(b.String())
}

// TestFormatVerbsMatchAcrossLanguages catches a translation that drops a
// %d or reads another argument: every language's message (and each of its
// plural forms) must have the same directives, on the same arguments, as
// the English one.
func TestFormatVerbsMatchAcrossLanguages(t *testing.T) {
	all := tables()
	en := all[language.English]
	for _, tag := range Supported() {
		for key, e := range all[tag] {
			forms := []string{e.Text}
			if e.One != "" {
				forms = append(forms, e.One)
			}
			for _, form := range forms {
				got := verbs(form)
				if types, ok := patterns[key]; ok {
					for _, v := range got {
						if v.arg > len(types) || types[v.arg-1] != v.letter {
							t.Errorf("%s %s: %q uses %%[%d]%c, the pattern's arguments are %q", tag, key, form, v.arg, v.letter, types)
						}
					}
					continue
				}
				base, ok := en[key]
				if !ok {
					continue // TestEveryLanguageHasEveryKey reports it
				}
				if want := verbs(base.Text); !slices.Equal(got, want) {
					t.Errorf("%s %s: %q has directives %q, English has %q", tag, key, form, verbString(got), verbString(want))
				}
			}
			if base, ok := en[key]; ok && (e.One == "") != (base.One == "") {
				t.Errorf("%s %s: a plural in one language and not in English", tag, key)
			}
			if e.One != "" {
				if !slices.Contains(verbs(e.Text), verb{arg: e.Arg, letter: 'd'}) {
					t.Errorf("%s %s: the plural is selected on argument %d, which is no %%d", tag, key, e.Arg)
				}
			}
		}
	}
}

func TestVerbsFollowExplicitIndexes(t *testing.T) {
	cases := map[string]string{
		"%d of %d":                   "%[1]d %[2]d",
		"%02[2]d/%02[1]d/%[3]s":      "%[1]d %[2]d %[3]s",
		"%[3]d:%02[2]d %[4]s":        "%[2]d %[3]d %[4]s",
		"Syncing %d%%":               "%[1]d",
		"%[2]s then %s":              "%[2]s %[3]s",
		"%d character · %d SMS · %s": "%[1]d %[2]d %[3]s",
	}
	for in, want := range cases {
		if got := verbString(verbs(in)); got != want {
			t.Errorf("verbs(%q) = %q, want %q", in, got, want)
		}
	}
}

// pluralForm says which form CLDR picks for n in each language: French
// puts 0 with 1 ("0 caractère"), English and Galician put 0 with the many.
func pluralForm(tag language.Tag, n int) string {
	if n == 1 || (n == 0 && tag == language.French) {
		return "one"
	}
	return "other"
}

// TestEveryPluralPicksItsLanguagesForm renders every plural message at 0,
// 1, 2 and 1000 in every language and compares it with the form CLDR's
// rule for that language selects.
func TestEveryPluralPicksItsLanguagesForm(t *testing.T) {
	for tag, msgs := range tables() {
		p, err := New(tag)
		if err != nil {
			t.Fatal(err)
		}
		plain := message.NewPrinter(tag)
		for key, e := range msgs {
			if e.One == "" {
				continue
			}
			for _, n := range []int{0, 1, 2, 1000} {
				args := sampleArgs(e.Text, e.Arg, n)
				form := e.Text
				if pluralForm(tag, n) == "one" {
					form = e.One
				}
				want := plain.Sprintf(form, args...)
				if got := p.T(key, args...); got != want {
					t.Errorf("%s %s n=%d: %q, want %q", tag, key, n, got, want)
				}
			}
		}
	}
}

// sampleArgs builds arguments for format: n for the plural argument, 7
// for other numbers, "x" for strings.
func sampleArgs(format string, pluralArg, n int) []any {
	vs := verbs(format)
	size := 0
	for _, v := range vs {
		size = max(size, v.arg)
	}
	args := make([]any, size)
	for _, v := range vs {
		switch {
		case v.arg == pluralArg:
			args[v.arg-1] = n
		case v.letter == 'd':
			args[v.arg-1] = 7
		default:
			args[v.arg-1] = "x"
		}
	}
	return args
}

func TestPluralsReadNaturally(t *testing.T) {
	gl := language.Make("gl")
	cases := []struct {
		tag  language.Tag
		key  Key
		args []any
		want string
	}{
		{language.English, "grid.count", []any{1}, "1 conversation"},
		{language.English, "grid.count", []any{0}, "0 conversations"},
		{language.French, "grid.count", []any{0}, "0 conversation"},
		{language.French, "grid.count", []any{2}, "2 conversations"},
		{gl, "grid.count", []any{0}, "0 conversas"},
		{gl, "grid.count", []any{1}, "1 conversa"},
		{language.French, "bell.unread", []any{1}, "1 non lue"},
		{language.French, "bell.unread", []any{3}, "3 non lues"},
		{language.English, "compose.chars", []any{1}, "1 character"},
		{language.French, "compose.chars", []any{0}, "0 caractère"},
		{gl, "compose.chars", []any{0}, "0 caracteres"},
		{gl, "compose.chars", []any{1}, "1 carácter"},
		{language.French, "compose.left", []any{1}, "reste 1"},
		{language.French, "compose.left", []any{160}, "restent 160"},
		{gl, "compose.left", []any{1}, "queda 1"},
		{gl, "compose.left", []any{0}, "quedan 0"},
		{language.English, "pane.from_choices", []any{2}, "(2 numbers: f)"},
		{language.French, "grid.count", []any{1200}, "1\u00a0200 conversations"}, // x/text groups digits the French way
	}
	for _, c := range cases {
		p, err := New(c.tag)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.T(c.key, c.args...); got != c.want {
			t.Errorf("%s %s %v: %q, want %q", c.tag, c.key, c.args, got, c.want)
		}
	}
}

// countsWithoutNoun are the messages that show a number with no word that
// agrees with it, so they need no plural.
var countsWithoutNoun = map[Key]string{
	"conn.syncing":           "a percentage",
	"grid.filter_count":      "“3 of 5”: two bare numbers",
	"record_screen.activity": "a bare number in brackets",
	"format.time":            "a clock time",
	"format.date":            "a date",
	"format.long_date":       "a date",
}

// TestCountsArePlurals: a message showing a count next to a word ("3
// unread", "1 conversation") must be a plural, or "1 conversations" and
// the French "0 conversations" come back.
func TestCountsArePlurals(t *testing.T) {
	for key, e := range tables()[language.English] {
		if e.One != "" {
			continue
		}
		for _, v := range verbs(e.Text) {
			if v.letter == 'd' {
				if _, ok := countsWithoutNoun[key]; !ok {
					t.Errorf("%s %q shows a count but is no plural: use plural1, or list it in countsWithoutNoun with why", key, e.Text)
				}
				break
			}
		}
	}
}
