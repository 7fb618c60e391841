package i18n

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

func TestEveryLanguageHasEveryKey(t *testing.T) {
	en := Keys(language.English)
	for _, tag := range Supported()[1:] {
		other := Keys(tag)
		for _, k := range en {
			if !slices.Contains(other, k) {
				t.Errorf("%s lacks key %q", tag, k)
			}
		}
		for _, k := range other {
			if !slices.Contains(en, k) {
				t.Errorf("%s has key %q that English lacks", tag, k)
			}
		}
	}
}

func TestMatchFollowsLocaleVariables(t *testing.T) {
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", nil, "en"},
		{"", map[string]string{"LANG": "fr_FR.UTF-8"}, "fr"},
		{"", map[string]string{"LANG": "gl_ES.UTF-8"}, "gl"},
		{"", map[string]string{"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "gl_ES.UTF-8"}, "gl"},
		{"", map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"},
		{"fr", map[string]string{"LC_ALL": "gl_ES.UTF-8"}, "fr"},
		{"", map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{"", map[string]string{"LANG": "C"}, "en"},
		{"", map[string]string{"LANG": "fr_CA"}, "fr"},
	}
	for _, c := range cases {
		got := Match(c.flag, func(k string) string { return c.env[k] })
		if base, _ := got.Base(); base.String() != c.want {
			t.Errorf("Match(%q, %v) = %s, want %s", c.flag, c.env, got, c.want)
		}
	}
}

func TestPluralsFollowEachLanguage(t *testing.T) {
	cases := []struct {
		tag  language.Tag
		n    int
		want string
	}{
		{language.English, 1, "1 unread"},
		{language.English, 3, "3 unread"},
		{language.French, 1, "1 non lu"},
		{language.French, 3, "3 non lus"},
		{language.Make("gl"), 3, "3 sen ler"},
	}
	for _, c := range cases {
		p, err := New(c.tag)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.T("unread.count", c.n); got != c.want {
			t.Errorf("%s %d: got %q, want %q", c.tag, c.n, got, c.want)
		}
	}
}

func TestNoKeyDefinedTwice(t *testing.T) {
	for tag, fns := range parts() {
		seen := make(map[Key]int)
		for i, fn := range fns {
			for k := range fn() {
				if j, dup := seen[k]; dup {
					t.Errorf("%s: key %q defined in part %d and part %d", tag, k, j, i)
				}
				seen[k] = i
			}
		}
	}
}
