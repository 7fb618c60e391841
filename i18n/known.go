package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// Known reports whether an explicit choice of language (--lang,
// SMSDESK_LANG) names one smsdesk speaks, in any form Match accepts (fr,
// fr-CA, fr_FR.UTF-8). The locale variables may name any language and fall
// back to English; an explicit choice that would fall back is a mistake
// the seller should hear about.
func Known(choice string) bool {
	c := posixToBCP47(choice)
	if c == "" {
		return false
	}
	tag, err := language.Parse(c)
	if err != nil {
		return false
	}
	_, _, conf := language.NewMatcher(Supported()).Match(tag)
	return conf != language.No
}

// Names lists the languages smsdesk speaks as the codes --lang takes.
func Names() string {
	var out []string
	for _, t := range Supported() {
		out = append(out, t.String())
	}
	return strings.Join(out, ", ")
}
