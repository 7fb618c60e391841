// Package i18n is smsdesk's one message catalog. Every string a seller reads,
// in the TUI or from the CLI, is looked up here by key, in English, French or
// Galician, with plural rules from CLDR (golang.org/x/text).
package i18n

import (
	"fmt"
	"sort"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Key names one message. Keys are stable identifiers, not English text, so
// rewording English never orphans a translation.
type Key string

// entry is one message in one language: a plain format string, or a plural
// form selected on the argument at position Arg (1-based) when One is set.
type entry struct {
	Text string // format for "other", or the only form
	One  string // format for plural.One; empty when the message has no plural
	Arg  int    // which argument selects the plural form (1-based)
}

func text(s string) entry { return entry{Text: s} }

// plural1 is a message whose first argument is a count.
func plural1(one, other string) entry { return entry{Text: other, One: one, Arg: 1} }

// Supported lists the languages smsdesk speaks, English first as the fallback.
func Supported() []language.Tag {
	return []language.Tag{language.English, language.French, language.Make("gl")}
}

// parts lists each language's message tables, one per area of the product
// (core screens, workflows, CLI…), so several files can grow the catalog
// without editing the same map. Functions, not package variables, so nothing
// in the catalog can be changed at run time.
func parts() map[language.Tag][]func() map[Key]entry {
	return map[language.Tag][]func() map[Key]entry{
		language.English:    {english, englishWorkflows, englishCLI, englishAdmin, englishDataset, englishTemplateFill, englishUnreachable, englishLayout, englishFailure, englishQuit, englishIDs, englishDemo, englishWorklist, englishMedia, englishTemplateEdit, englishNotify, englishCheck},
		language.French:     {french, frenchWorkflows, frenchCLI, frenchAdmin, frenchDataset, frenchTemplateFill, frenchUnreachable, frenchLayout, frenchFailure, frenchQuit, frenchIDs, frenchDemo, frenchWorklist, frenchMedia, frenchTemplateEdit, frenchNotify, frenchCheck},
		language.Make("gl"): {galician, galicianWorkflows, galicianCLI, galicianAdmin, galicianDataset, galicianTemplateFill, galicianUnreachable, galicianLayout, galicianFailure, galicianQuit, galicianIDs, galicianDemo, galicianWorklist, galicianMedia, galicianTemplateEdit, galicianNotify, galicianCheck},
	}
}

// tables merges each language's parts; a key defined twice is a mistake
// that TestNoKeyDefinedTwice reports.
func tables() map[language.Tag]map[Key]entry {
	out := make(map[language.Tag]map[Key]entry)
	for tag, fns := range parts() {
		merged := make(map[Key]entry)
		for _, fn := range fns {
			for k, e := range fn() {
				merged[k] = e
			}
		}
		out[tag] = merged
	}
	return out
}

// Printer renders catalog messages in one language.
type Printer struct {
	tag language.Tag
	p   *message.Printer
}

// New builds the catalog and returns a printer for tag, which should come
// from Match.
func New(tag language.Tag) (*Printer, error) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for lang, msgs := range tables() {
		for key, e := range msgs {
			var err error
			if e.One != "" {
				err = b.Set(lang, string(key), plural.Selectf(e.Arg, "", plural.One, e.One, plural.Other, e.Text))
			} else {
				err = b.SetString(lang, string(key), e.Text)
			}
			if err != nil {
				return nil, fmt.Errorf("catalog %s %s: %w", lang, key, err)
			}
		}
	}
	return &Printer{tag: tag, p: message.NewPrinter(tag, message.Catalog(b))}, nil
}

// Tag is the printer's language.
func (p *Printer) Tag() language.Tag { return p.tag }

// T renders key with args in the printer's language.
func (p *Printer) T(key Key, args ...any) string { return p.p.Sprintf(string(key), args...) }

// Keys returns the sorted keys defined for tag; tests compare languages with it.
func Keys(tag language.Tag) []Key {
	msgs := tables()[tag]
	keys := make([]Key, 0, len(msgs))
	for k := range msgs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
