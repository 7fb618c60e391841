package crm

import (
	"slices"
	"strings"
)

// Keyword is what a whole inbound message means to the carrier-style
// opt-out handling.
type Keyword int

const (
	KeywordNone Keyword = iota
	KeywordOptOut
	KeywordOptIn
	KeywordHelp
)

// optOutWords is one list for ClassifyKeyword and for the messages that
// name the accepted words (the dataset importer's), so the two cannot
// drift apart.
var optOutWords = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}

// OptOutKeywords returns the words that opt a customer out, upper case.
func OptOutKeywords() []string { return slices.Clone(optOutWords) }

// ClassifyKeyword reads an inbound body as a keyword only when the keyword is
// the whole message (surrounding space and case ignored), as carriers do:
// "STOP please" is a conversation, not an opt-out.
func ClassifyKeyword(body string) Keyword {
	w := strings.ToUpper(strings.TrimSpace(body))
	if slices.Contains(optOutWords, w) {
		return KeywordOptOut
	}
	switch w {
	case "START", "YES", "UNSTOP":
		return KeywordOptIn
	case "HELP", "INFO":
		return KeywordHelp
	}
	return KeywordNone
}
