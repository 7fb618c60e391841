package tui

import (
	"fmt"
	"strings"

	"smsdesk/crm"
)

// whyOverShown is how many competing records the panel lists; the rest are
// counted on one line.
const whyOverShown = 6

// whyPanel answers "why is this message here?" for the inbound message
// selected in the pane: the routing rule that decided, in the seller's
// language, and the records it was chosen over. It is built once when
// opened (the decision never changes) and drawn at the bottom of the
// history, like the related-records drop-down.
type whyPanel struct {
	convID string
	text   []string // unstyled lines, fitted when drawn
}

// openWhy builds the panel for the pane's selected message. A message that
// was not routed (outbound) says so on the notice line instead.
func (m *Model) openWhy() {
	p := m.pane
	h := p.history
	if h.sel < 0 || h.sel >= len(h.msgs) {
		return
	}
	msg := h.msgs[h.sel]
	t := m.ctx.T
	switch {
	case msg.Direction != crm.Inbound:
		m.setFlash(t.T("why.not_inbound"), false)
		return
	case msg.Routing == nil:
		m.setFlash(t.T("why.no_decision"), false)
		return
	}
	d := msg.Routing
	lines := []string{t.T("why.title"), t.T("why.landed", m.ctx.whyRecordName(d.Record), m.ctx.recordTypeLabel(d.Record.Type)),
		m.ctx.ruleSentence(d.Rule)}
	if len(d.Over) == 0 {
		if d.Candidates <= 1 {
			lines = append(lines, t.T("why.over_none"))
		}
	} else {
		lines = append(lines, t.T("why.over"))
		for i, r := range d.Over {
			if i == whyOverShown {
				break
			}
			lines = append(lines, t.T("why.over_item", recordIcon(r.Type), m.ctx.whyRecordName(r), m.ctx.recordTypeLabel(r.Type)))
		}
	}
	// Candidates counts every competitor, also those a long list left out
	// of the stored decision.
	if more := d.Candidates - 1 - min(len(d.Over), whyOverShown); more > 0 && len(d.Over) > 0 {
		lines = append(lines, t.T("why.more", more))
	}
	lines = append(lines, t.T("why.close"))
	m.why = &whyPanel{convID: p.convID, text: lines}
}

// whyRecordName is a record's name as this seller's cache holds it, or "a
// record you can't see" for one it does not (records the server never sent
// this user).
func (c *Context) whyRecordName(r crm.RecordRef) string {
	rec, ok, err := c.DB.Record(r.ID)
	if err != nil || !ok {
		return c.T.T("why.hidden")
	}
	return oneLine(rec.Name)
}

// ruleSentence says a routing rule in the seller's language (README,
// "Routing rules").
func (c *Context) ruleSentence(r crm.RoutingRule) string {
	t := c.T
	switch r {
	case crm.RuleOnlyCandidate:
		return t.T("why.rule.only_candidate")
	case crm.RuleNewLead:
		return t.T("why.rule.new_lead")
	case crm.RuleRecentConversation:
		return t.T("why.rule.recent")
	case crm.RuleAddressedSeller:
		return t.T("why.rule.addressed")
	case crm.RuleTeamSeller:
		return t.T("why.rule.team")
	case crm.RuleRecordType:
		return t.T("why.rule.record_type")
	case crm.RuleActive:
		return t.T("why.rule.active")
	case crm.RuleRecentlyUpdated:
		return t.T("why.rule.recently_update")
	case crm.RuleRecordID:
		return t.T("why.rule.record_id")
	}
	return t.T("why.rule.unknown", fmt.Sprint(r))
}

// lines draws the panel w wide: a rule, the text, a rule.
func (wp *whyPanel) lines(ctx *Context, w int) []string {
	st := ctx.Styles
	out := []string{st.Muted.Render(strings.Repeat("─", max(w, 0)))}
	for i, l := range wp.text {
		switch {
		case i == 0:
			out = append(out, fit(st.Title.Render(l), w))
		case i == len(wp.text)-1:
			out = append(out, fit(st.Muted.Render(l), w))
		default:
			// The rule's sentence is longer than a narrow pane: wrap it.
			for _, part := range wrap(l, w) {
				out = append(out, fit(part, w))
			}
		}
	}
	return out
}
