package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// Match picks the language the way terminal programs do: an explicit --lang
// first, then LC_ALL, LC_MESSAGES and LANG, matched against Supported with
// x/text's matcher; English when nothing matches. getenv is os.Getenv in
// production and a map in tests.
func Match(flag string, getenv func(string) string) language.Tag {
	candidates := []string{flag, getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG")}
	matcher := language.NewMatcher(Supported())
	for _, c := range candidates {
		c = posixToBCP47(c)
		if c == "" {
			continue
		}
		tag, err := language.Parse(c)
		if err != nil {
			continue
		}
		_, idx, conf := matcher.Match(tag)
		if conf == language.No {
			return language.English
		}
		return Supported()[idx]
	}
	return language.English
}

// posixToBCP47 turns "fr_FR.UTF-8@euro" into "fr-FR"; "C" and "POSIX" mean
// no preference.
func posixToBCP47(s string) string {
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i]
	}
	if s == "C" || s == "POSIX" {
		return ""
	}
	return strings.ReplaceAll(s, "_", "-")
}
