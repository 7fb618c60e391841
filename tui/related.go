package tui

import (
	"fmt"
	"maps"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// relatedDrop is the pane's related records drop-down, offered for contact
// and opportunity records: the contact and the opportunities linked to it.
// Choosing one shows that record's history on the same pair of numbers.
type relatedDrop struct {
	ctx     *Context
	records []crm.Record
	cursor  int
}

// relatedRecords lists the contact behind rec (rec itself for a contact)
// and every opportunity whose contact it is, rec excluded. Records are a
// few thousand: one search over them, when the drop-down opens, is cheap.
func relatedRecords(ctx *Context, rec crm.Record) ([]crm.Record, error) {
	contactID := rec.ID
	if rec.Type == crm.RecordOpportunity {
		contactID = rec.ContactID
	}
	if contactID == "" {
		return nil, nil
	}
	var out []crm.Record
	if contactID != rec.ID {
		if c, ok, err := ctx.DB.Record(contactID); err != nil {
			return nil, err
		} else if ok {
			out = append(out, c)
		}
	}
	all, err := ctx.DB.SearchRecords("", 0)
	if err != nil {
		return nil, err
	}
	for _, r := range all {
		if r.Type == crm.RecordOpportunity && r.ContactID == contactID && r.ID != rec.ID {
			out = append(out, r)
		}
	}
	return out, nil
}

// openRelated opens the drop-down for the pane's record.
func (m *Model) openRelated() tea.Cmd {
	p := m.pane
	if !p.hasRecord || (p.record.Type != crm.RecordContact && p.record.Type != crm.RecordOpportunity) {
		m.setFlash(m.ctx.T.T("related.not_offered"), false)
		return nil
	}
	recs, err := relatedRecords(m.ctx, p.record)
	if err != nil {
		m.fail(err)
		return nil
	}
	if len(recs) == 0 {
		m.setFlash(m.ctx.T.T("related.none", p.record.Name), false)
		return nil
	}
	m.wf.related = &relatedDrop{ctx: m.ctx, records: recs}
	m.focus = focusRelated
	return nil
}

// lines draws the drop-down for the bottom of the pane.
func (d *relatedDrop) lines(w int) []string {
	st := d.ctx.Styles
	lines := []string{fit(st.Title.Render(d.ctx.T.T("related.title")), w)}
	for i, r := range d.records {
		text := recordIcon(r.Type) + " " + safetext.Line(r.Name) + "  " + d.ctx.recordTypeLabel(r.Type)
		if i == d.cursor {
			lines = append(lines, st.RowSelected.Render(fit("▸ "+text, w)))
			continue
		}
		lines = append(lines, fit("  "+text, w))
	}
	return lines
}

func (m *Model) relatedKey(msg tea.KeyPressMsg) tea.Cmd {
	d, k := m.wf.related, m.ctx.Keys.Selector
	switch {
	case key.Matches(msg, k.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Down):
		d.cursor = min(d.cursor+1, len(d.records)-1)
	case key.Matches(msg, k.Cancel):
		m.wf.related = nil
		m.focus = focusPane
	case key.Matches(msg, k.Choose):
		rec := d.records[d.cursor]
		m.wf.related = nil
		m.focus = focusPane
		return m.showRelated(rec)
	}
	return nil
}

// showRelated switches the pane to rec's conversation on the numbers in
// use: the existing one, or a new thread on that record.
func (m *Model) showRelated(rec crm.Record) tea.Cmd {
	p := m.pane
	from, _ := p.from.choice()
	to, _ := p.to.choice()
	rows, err := m.ctx.DB.RecordConversations(rec.ID)
	if err != nil {
		m.fail(err)
		return nil
	}
	if i := slices.IndexFunc(rows, func(r localdb.ConversationRow) bool {
		return r.BusinessNumber == from.Number && r.CustomerNumber == to.Number
	}); i >= 0 {
		return m.openConversation(rows[i].ID)
	}
	np, err := newThreadPane(m.ctx, m.me, rec, from.Number, to.Number)
	if err != nil {
		m.fail(err)
		return nil
	}
	m.pane.blurCompose()
	m.keepDraft()
	m.pane = np
	m.focus = focusPane
	m.grid.setDetached(true)
	return nil
}

// borrowContactNumber lets an opportunity without phone numbers of its own
// be texted on its contact's numbers (the related records drop-down moves
// a thread there): the customer number counts as the record's when the
// linked contact holds it.
func (p *pane) borrowContactNumber() error {
	p.contactNumber = ""
	rec, to := p.record, p.row.CustomerNumber
	if !p.hasRecord || len(rec.Phones) > 0 || rec.ContactID == "" || to == "" {
		return nil
	}
	c, ok, err := p.ctx.DB.Record(rec.ContactID)
	if err != nil {
		return fmt.Errorf("load contact of %s: %w", rec.ID, err)
	}
	if ok && slices.Contains(slices.Collect(maps.Values(c.Phones)), to) {
		p.contactNumber = to
	}
	return nil
}

// clickRelated selects the clicked record of the drop-down, which sits at
// the bottom of the history's histH lines; a double click chooses it.
func (m *Model) clickRelated(line, histH int) tea.Cmd {
	d := m.wf.related
	i := line - (histH - len(d.records) - 1) - 1
	if i < 0 || i >= len(d.records) {
		return nil
	}
	prev := m.lastClick
	now := m.ctx.Now()
	m.lastClick = click{at: now, area: clickScreen, row: i}
	d.cursor = i
	if prev.area == clickScreen && prev.row == i && now.Sub(prev.at) <= doubleClickWindow {
		return m.relatedKey(tea.KeyPressMsg{Code: tea.KeyEnter})
	}
	return nil
}
