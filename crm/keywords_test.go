package crm

import "testing"

func TestClassifyKeyword(t *testing.T) {
	tests := []struct {
		body string
		want Keyword
	}{
		{"STOP", KeywordOptOut},
		{"stop", KeywordOptOut},
		{"  Stop \n", KeywordOptOut},
		{"STOPALL", KeywordOptOut},
		{"unsubscribe", KeywordOptOut},
		{"Cancel", KeywordOptOut},
		{"END", KeywordOptOut},
		{"quit", KeywordOptOut},
		{"REVOKE", KeywordOptOut},
		{"optout", KeywordOptOut},
		{"START", KeywordOptIn},
		{"yes", KeywordOptIn},
		{"Unstop", KeywordOptIn},
		{"HELP", KeywordHelp},
		{"info", KeywordHelp},
		{"STOP please", KeywordNone},
		{"please stop", KeywordNone},
		{"STOP!", KeywordNone},
		{"OPT OUT", KeywordNone},
		{"S T O P", KeywordNone},
		{"", KeywordNone},
		{"   ", KeywordNone},
		{"Yes, Thursday works", KeywordNone},
	}
	for _, tt := range tests {
		if got := ClassifyKeyword(tt.body); got != tt.want {
			t.Errorf("ClassifyKeyword(%q) = %d, want %d", tt.body, got, tt.want)
		}
	}
}

func TestOptOutKeywordsAreWhatClassifiesAsOptOut(t *testing.T) {
	words := OptOutKeywords()
	if len(words) == 0 {
		t.Fatal("no opt-out keywords")
	}
	for _, w := range words {
		if got := ClassifyKeyword(w); got != KeywordOptOut {
			t.Errorf("OptOutKeywords lists %q, which classifies as %d", w, got)
		}
	}
	words[0] = "CHANGED"
	if OptOutKeywords()[0] == "CHANGED" {
		t.Error("OptOutKeywords hands out its own slice")
	}
}
