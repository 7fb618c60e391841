package i18n

// englishNotify holds the keys of reading notifications (mark all read),
// the seller-privilege notice and the "why is this message here?" panel.
func englishNotify() map[Key]entry {
	return map[Key]entry{
		"key.mark_all_read":        text("mark all read"),
		"key.why_here":             text("why here?"),
		"notify.no_seller_role":    text("You don't receive inbound text messages: you don't have the seller privilege. Ask your administrator"),
		"why.title":                text("Why is this message here?"),
		"why.landed":               text("It landed on %s (%s)."),
		"why.over_item":            text("  %s %s (%s)"),
		"why.over":                 text("Chosen over:"),
		"why.over_none":            text("No other record competed."),
		"why.hidden":               text("a record you can't see"),
		"why.more":                 plural1("  … and %d more record", "  … and %d more records"),
		"why.not_inbound":          text("Only a message from the customer was routed."),
		"why.no_decision":          text("This message was stored without its routing decision."),
		"why.rule.only_candidate":  text("Only this record has the customer's number or a conversation with it."),
		"why.rule.new_lead":        text("No record had the customer's number, so a new lead was created for it."),
		"why.rule.recent":          text("It holds the most recent conversation with this customer on this number."),
		"why.rule.addressed":       text("It belongs to the seller who owns the number the customer wrote to."),
		"why.rule.team":            text("It belongs to the team that owns the number, or to one of its members."),
		"why.rule.record_type":     text("Its type comes first (contact, then account, opportunity, lead)."),
		"why.rule.active":          text("It is active; the others are not."),
		"why.rule.recently_update": text("It was updated most recently."),
		"why.rule.record_id":       text("The records tie on every rule; the first record id was kept."),
		"why.rule.unknown":         text("Routed by the rule %s."),
		"why.close":                text("esc closes"),
	}
}
