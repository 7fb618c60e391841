package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"

	"smsdesk/crm"
)

// shortHelpThatFits is the help bar at w cells: the screen's keys in their
// order of priority, dropping the least important ones until the line
// fits, so the last ones (help and quit on the grid and the pane, back on
// the other screens) are never cut off, whatever the language.
func shortHelpThatFits(h help.Model, keys helpKeys, w int) string {
	items := slices.Clone(keys.short)
	tail := min(max(keys.tail, 1), len(items))
	h.SetWidth(0) // measure the whole line; the bubble would cut it with "…"
	for {
		s := h.ShortHelpView(items)
		if ansiWidth(s) <= w || len(items) <= tail {
			return fit(s, w)
		}
		drop := len(items) - tail - 1
		items = slices.Delete(items, drop, drop+1)
	}
}

// helpLegend is the overlay's last lines: what the record-type icons of
// the grid and the panes mean, and what the mouse does.
func (m *Model) helpLegend(w int) string {
	st, t := m.ctx.Styles, m.ctx.T
	legend := ""
	for _, rt := range []crm.RecordType{crm.RecordContact, crm.RecordAccount, crm.RecordOpportunity, crm.RecordLead} {
		if legend != "" {
			legend += "   "
		}
		legend += recordIcon(rt) + " " + m.ctx.recordTypeLabel(rt)
	}
	lines := append(wrap(t.T("help.legend", legend), max(w, 10)), wrap(t.T("help.mouse"), max(w, 10))...)
	for i, l := range lines {
		lines[i] = st.Muted.Render(l)
	}
	return strings.Join(lines, "\n")
}
