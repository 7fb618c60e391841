package crm

import "strings"

// Keyword is what a whole inbound message means to the carrier-style
// opt-out handling.
type Keyword int

const (
	KeywordNone Keyword = iota
	KeywordOptOut
	KeywordOptIn
	KeywordHelp
)

// ClassifyKeyword reads an inbound body as a keyword only when the keyword is
// the whole message (surrounding space and case ignored), as carriers do:
// "STOP please" is a conversation, not an opt-out.
func ClassifyKeyword(body string) Keyword {
	switch strings.ToUpper(strings.TrimSpace(body)) {
	case "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT":
		return KeywordOptOut
	case "START", "YES", "UNSTOP":
		return KeywordOptIn
	case "HELP", "INFO":
		return KeywordHelp
	}
	return KeywordNone
}
