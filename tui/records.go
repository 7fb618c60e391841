package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// recordSearchLimit bounds a search's results: a seller refines the query
// rather than scrolling through thousands of records.
const recordSearchLimit = 200

// recordsListTop is the body line of the first result: the search line and
// the column titles come first.
const recordsListTop = 2

// recordSearch is a search-as-you-type list over the records of every type
// (contacts, accounts, opportunities, leads), read through localdb's
// SearchRecords; the records view and the move lookup both use it.
type recordSearch struct {
	ctx   *Context
	query string
	items []crm.Record
	list  vlist
	names map[string]string // owner id → user or team name
	gen   uint64            // bumped per search: the rows' cache version
}

func newRecordSearch(ctx *Context) (*recordSearch, error) {
	s := &recordSearch{ctx: ctx, list: newVList()}
	if err := s.search(); err != nil {
		return nil, err
	}
	return s, nil
}

// search reruns the query.
func (s *recordSearch) search() error {
	items, err := s.ctx.DB.SearchRecords(s.query, recordSearchLimit)
	if err != nil {
		return err
	}
	names, err := ownerNames(s.ctx)
	if err != nil {
		return err
	}
	// Records whose name matches come first: typing "evergreen" means the
	// account before the contacts whose e-mail merely contains it.
	q := strings.ToLower(strings.TrimSpace(s.query))
	slices.SortStableFunc(items, func(a, b crm.Record) int {
		am, bm := strings.Contains(strings.ToLower(a.Name), q), strings.Contains(strings.ToLower(b.Name), q)
		switch {
		case am && !bm:
			return -1
		case bm && !am:
			return 1
		}
		return 0
	})
	s.items, s.names = items, names
	s.gen++
	s.list.jump(0, len(items))
	return nil
}

// setQuery changes the query and searches again.
func (s *recordSearch) setQuery(q string) error {
	s.query = q
	return s.search()
}

func (s *recordSearch) selected() (crm.Record, bool) {
	if s.list.cursor < 0 || s.list.cursor >= len(s.items) {
		return crm.Record{}, false
	}
	return s.items[s.list.cursor], true
}

// ownerNames maps user and team ids to their names.
func ownerNames(ctx *Context) (map[string]string, error) {
	users, err := ctx.DB.Users()
	if err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	teams, err := ctx.DB.Teams()
	if err != nil {
		return nil, fmt.Errorf("load teams: %w", err)
	}
	names := make(map[string]string, len(users)+len(teams))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	return names, nil
}

// ownerLabel names a record's owner: a user's name, or a team's with the
// word "team".
func (c *Context) ownerLabel(o crm.Owner, names map[string]string) string {
	name := names[o.ID]
	if name == "" {
		name = o.ID
	}
	name = safetext.Line(name)
	if o.Kind == crm.OwnerTeam {
		return c.T.T("records.team_owner", name)
	}
	return name
}

// recordColumns are the widths of the result columns at one width.
type recordColumns struct{ name, typ, phone, owner, state int }

func layoutRecordColumns(w int) recordColumns {
	c := recordColumns{typ: 12, phone: 16, owner: 18, state: 9}
	if w < 80 {
		c.owner, c.state = 0, 0
	}
	if w < 50 {
		c.phone = 0
	}
	used := c.typ + c.phone + c.owner + c.state + 5
	c.name = max(w-used, 10)
	return c
}

// primaryPhone is the number shown for a record in lists: mobile, then
// business, then an account's main phone.
func primaryPhone(r crm.Record) string {
	for _, f := range []crm.PhoneField{crm.PhoneMobile, crm.PhoneBusiness, crm.PhoneMain} {
		if n := r.Phones[f]; n != "" {
			return n
		}
	}
	return ""
}

// render draws the search line, the column titles and the visible results
// in w×h.
func (s *recordSearch) render(w, h int, prompt string) string {
	st, t := s.ctx.Styles, s.ctx.T
	c := layoutRecordColumns(w)
	heading := []string{
		fit(st.Prompt.Render(safetext.Line(prompt)+" ")+safetext.Line(s.query)+"█  "+st.Muted.Render(t.T("records.count", len(s.items))), w),
		st.ColumnHeader.Render(fit(s.columns(c, t.T("col.record"), t.T("records.col_type"), t.T("records.col_phone"),
			t.T("records.col_owner"), t.T("records.col_state")), w)),
	}
	return tableBody(st, &s.list, heading, len(s.items), w, h,
		func(i int) (string, uint64) { return s.items[i].ID, s.gen },
		func(i, w int, sel bool) string { return s.drawRow(s.items[i], w, sel) },
		t.T("records.none"))
}

func (s *recordSearch) columns(c recordColumns, name, typ, phone, owner, state string) string {
	cells := []string{fit(name, c.name), fit(typ, c.typ)}
	if c.phone > 0 {
		cells = append(cells, fit(phone, c.phone))
	}
	if c.owner > 0 {
		cells = append(cells, fit(owner, c.owner), fit(state, c.state))
	}
	return strings.Join(cells, " ")
}

func (s *recordSearch) drawRow(r crm.Record, w int, sel bool) string {
	ctx := s.ctx
	c := layoutRecordColumns(w)
	state := ctx.T.T("records.active")
	if !r.Active {
		state = ctx.T.T("records.inactive")
	}
	line := fit(s.columns(c, recordIcon(r.Type)+" "+safetext.Line(r.Name), ctx.recordTypeLabel(r.Type), safetext.Line(primaryPhone(r)),
		ctx.ownerLabel(r.Owner, s.names), state), w)
	return tableRow(ctx.Styles, line, sel, !r.Active)
}

// recordsView is the records view: search as you type, enter opens the
// record screen.
type recordsView struct {
	*recordSearch
}

// render draws the records view.
func (v *recordsView) render(w, h int) string {
	return v.recordSearch.render(w, h, v.ctx.T.T("records.search"))
}

// openRecords shows the records view, keeping the last query.
func (m *Model) openRecords() tea.Cmd {
	if m.wf.records == nil {
		s, err := newRecordSearch(m.ctx)
		if err != nil {
			m.fail(err)
			return nil
		}
		m.wf.records = &recordsView{s}
	} else if err := m.wf.records.search(); err != nil {
		m.fail(err)
		return nil
	}
	m.blurCompose()
	m.focus = focusRecords
	return nil
}

func (m *Model) recordsKey(msg tea.KeyPressMsg) tea.Cmd {
	v, k := m.wf.records, m.ctx.Keys.Workflow.List
	switch {
	case key.Matches(msg, k.Back):
		m.focus = focusGrid
	case key.Matches(msg, k.Open):
		if r, ok := v.selected(); ok {
			return m.openRecordScreen(r.ID, focusRecords)
		}
	case m.listKeys(msg, &v.list, len(v.items), false):
	default:
		q := v.query
		if editLine(&q, msg) && q != v.query {
			if err := v.setQuery(q); err != nil {
				m.fail(err)
			}
		}
	}
	return nil
}

// scrollScreen scrolls the list of the workflow screen in front.
func (m *Model) scrollScreen(delta int) {
	switch m.focus {
	case focusRecords:
		m.wf.records.list.scroll(delta, len(m.wf.records.items))
	case focusMove:
		m.wf.move.list.scroll(delta, len(m.wf.move.items))
	case focusTemplates:
		m.wf.picker.list.scroll(delta, len(m.wf.picker.view))
	case focusWorklist:
		m.wf.work.list.scroll(delta, len(m.wf.work.items))
	case focusRecord:
		r := m.wf.record
		r.list.scroll(delta, r.rows())
	}
}
