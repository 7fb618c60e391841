package demodata

// englishCorpus is what the demo's English-speaking customers write.
func englishCorpus() corpus {
	return corpus{
		replies: map[Kind]lines{
			KindQuestion: {
				leads: []string{"Good question.", "Sorry for the slow reply.", "Just saw this.", "Hi!"},
				bodies: []string{
					"Yes, that's right.",
					"Not yet, I'll look at it tonight.",
					"Let me check with my manager and get back to you.",
					"I think so, but let me double-check.",
					"Yes, we got it, thanks.",
					"No, not on our side. Could you resend it?",
					"Honestly, I'm not sure. Can you send me the details by email?",
				},
			},
			KindProposal: {
				leads: []string{"Thanks for the offer.", "Sounds interesting.", "OK.", "Let me see."},
				bodies: []string{
					"That works for me.",
					"Could we make it a bit later in the day?",
					"That's a little above our budget. Any flexibility?",
					"Let me check my calendar and confirm this afternoon.",
					"Good for us, please send the invite.",
					"Can we do the same time next week instead?",
					"Deal. Send over the paperwork.",
				},
			},
			KindConfirmation: {
				leads: []string{"Great.", "Perfect.", "Thanks!", "Noted."},
				bodies: []string{
					"See you then.",
					"All good on our side.",
					"I've put it in the calendar.",
					"I'll let the team know.",
					"Talk soon.",
					"Received, thank you.",
					"I'll bring our technical lead.",
				},
			},
			KindOther: {
				leads: []string{"Thanks for the update.", "Got it.", "Good to know.", "OK 👍"},
				bodies: []string{
					"I'll have a look today.",
					"I'll pass it on to the team.",
					"Keep me posted.",
					"Let's talk about it next week.",
					"That helps, thank you.",
					"I'll call you later today.",
					"Nothing else needed for now.",
				},
			},
		},
		openers: lines{
			leads: []string{"Hi!", "Hello.", "Good morning.", "Quick one."},
			bodies: []string{
				"Is the quote ready?",
				"Can you call me back when you have a minute?",
				"We'd like to add ten units to our last order.",
				"Do you have a price list for next year yet?",
				"Our delivery hasn't arrived yet, any news?",
				"Are you free for a call this week?",
				"Could you send me the brochure again?",
				"My colleague would like a demo too. Is that possible?",
			},
		},
	}
}
