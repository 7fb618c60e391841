package sim

import (
	"math/rand/v2"
	"strings"
)

// ReplyFunc chooses a simulated customer's answer to body, which the
// business number sent to customer; ok false means no reply. r is the
// provider's random source, already locked by the caller.
type ReplyFunc func(r *rand.Rand, customer, body string) (reply string, ok bool)

// DefaultReplies answers like a busy but interested customer: a question
// gets an answer, a price a negotiation, a meeting a confirmation, anything
// else a thank-you. It always replies.
func DefaultReplies(r *rand.Rand, _ string, body string) (string, bool) {
	choices := replyChoices(strings.ToLower(body))
	return choices[r.IntN(len(choices))], true
}

// replyChoices holds plausible answers from a customer of a sales team, by
// what was sent (body is lower-cased).
func replyChoices(body string) []string {
	switch {
	case containsAny(body, "price", "quote", "€", "$", "discount", "offer"):
		return []string{
			"Thanks. Is there any flexibility on the price?",
			"That is a bit above our budget. What could you do for 500 units?",
			"Looks good. Can you send the formal quote?",
			"Does that include delivery and installation?",
		}
	case containsAny(body, "meeting", "call", "demo", "visit", "appointment", "tomorrow",
		"monday", "tuesday", "wednesday", "thursday", "friday"):
		return []string{
			"Confirmed, see you then.",
			"Can we move it 30 minutes later?",
			"Great, I will bring our technical lead.",
			"Will it be a video call or at our office?",
		}
	case strings.Contains(body, "?"):
		return []string{
			"Yes, that works for me.",
			"Tuesday afternoon would be better, around 3pm?",
			"Let me check with my manager and get back to you.",
			"Not this week, sorry. Can we look at next week?",
			"Sure, go ahead.",
			"Could you send me the details by email first?",
		}
	}
	return []string{
		"Thanks for the update!",
		"Got it, thank you.",
		"Received, I will have a look today.",
		"Perfect, thanks.",
		"OK 👍",
		"Thanks, I will call you later today.",
	}
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
