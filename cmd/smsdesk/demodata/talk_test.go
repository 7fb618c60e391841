package demodata_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"smsdesk/cmd/smsdesk/demodata"
)

const (
	english  = "+14155552671"
	french   = "+33612345678"
	galician = "+34612345678"
)

// What the seller wrote decides the kind of answer, in any of the demo's
// languages.
func TestClassifyWhatTheSellerWrote(t *testing.T) {
	for _, tc := range []struct {
		body string
		want demodata.Kind
	}{
		{"Did you get the brochure?", demodata.KindQuestion},
		{"How about Tuesday at 3pm?", demodata.KindProposal},
		{"I can offer 10% off if you sign this month.", demodata.KindProposal},
		{"Can we schedule a call tomorrow?", demodata.KindProposal},
		{"Confirmed: Thursday at 10. See you there!", demodata.KindConfirmation},
		{"Your order is booked.", demodata.KindConfirmation},
		{"Can you confirm the address?", demodata.KindQuestion},
		{"The presentation was great.", demodata.KindOther},
		{"Avez-vous bien reçu le catalogue ?", demodata.KindQuestion},
		{"Je vous propose mardi à 10 h.", demodata.KindProposal},
		{"C'est noté, à bientôt.", demodata.KindConfirmation},
		{"Recibiches o catálogo?", demodata.KindQuestion},
		{"Que tal o xoves ás 11?", demodata.KindProposal},
		{"Confirmado, vémonos o luns.", demodata.KindConfirmation},
		{"Merci pour votre visite.", demodata.KindOther},
	} {
		if got := demodata.Classify(tc.body); got != tc.want {
			t.Errorf("Classify(%q) = %s, want %s", tc.body, got, tc.want)
		}
	}
}

// The answer is in the customer's language: French for +33, Galician for
// +34, English otherwise; and each kind has its own answers.
func TestRepliesAreInTheCustomersLanguage(t *testing.T) {
	body := "Did you get the brochure?"
	en, fr, gl := demodata.ReplyChoices(english, body), demodata.ReplyChoices(french, body), demodata.ReplyChoices(galician, body)
	if !slices.Contains(en, "Yes, we got it, thanks.") || !slices.Contains(fr, "Oui, bien reçu, merci.") || !slices.Contains(gl, "Si, recibido, grazas.") {
		t.Errorf("answers to a question: en %q, fr %q, gl %q", en[:3], fr[:3], gl[:3])
	}
	for _, c := range []string{english, french, galician} {
		seen := map[string]demodata.Kind{}
		for _, k := range []string{"Did you get it?", "How about Monday at 10am?", "Booked, see you then.", "Thanks for your visit."} {
			kind := demodata.Classify(k)
			choices := demodata.ReplyChoices(c, k)
			if len(choices) <= demodata.Memory {
				t.Errorf("%s, %s: %d answers, not more than the %d the talker remembers", c, kind, len(choices), demodata.Memory)
			}
			for _, line := range choices {
				if other, ok := seen[line]; ok {
					t.Errorf("%s: %q answers both a %s and a %s", c, line, other, kind)
				}
				seen[line] = kind
			}
		}
		if n := len(demodata.OpenerChoices(c)); n <= demodata.Memory {
			t.Errorf("%s: %d openers", c, n)
		}
	}
}

// The talker never repeats one of its last 20 lines, even when every
// message asks the same thing, and its choices depend only on the
// injected random source.
func TestTalkerNeverRepeatsWithinItsMemory(t *testing.T) {
	draw := func(seed uint64) []string {
		tk := demodata.NewTalker()
		r := rand.New(rand.NewPCG(seed, 1))
		var out []string
		for i := range 300 {
			var line string
			switch i % 3 {
			case 0:
				line, _ = tk.Reply(r, french, "Vous avez reçu le devis ?")
			case 1:
				line, _ = tk.Reply(r, french, "Vous avez reçu le devis ?")
			default:
				line = tk.Open(r, galician, demodata.NumberEuropeDesk)
			}
			out = append(out, line)
		}
		return out
	}
	lines := draw(7)
	for i, l := range lines {
		if j := slices.Index(lines[max(0, i-demodata.Memory):i], l); j >= 0 {
			t.Fatalf("line %d %q repeats line %d", i, l, max(0, i-demodata.Memory)+j)
		}
	}
	if !slices.Equal(lines, draw(7)) {
		t.Error("same seed, different lines")
	}
	if slices.Equal(lines, draw(8)) {
		t.Error("different seeds, same lines")
	}
}
