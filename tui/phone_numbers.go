package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// The Phone numbers screen, for managers and admins (as on the server,
// which refuses anyone else): the organisation's business numbers with
// name, type, owner and state. Enter opens the owner lookup, a search as
// you type over users and teams; a pick is confirmed, then queued as a
// set_number_owner command. The cache gives the number its new owner at
// once (localdb's echo) and the server's number event confirms it; a
// refusal puts the old owner back, and its reason shows on the notice line.

// phoneNumbersTop is the body line of the first number: the count line and
// the column titles come first. The lookup has the same layout.
const phoneNumbersTop = 2

// canManageNumbers reports whether u may see the numbers and reassign
// them: managers and admins (backend.MayAdminister's rule for both).
func canManageNumbers(u crm.User) bool {
	return u.HasRole(crm.RoleManager) || u.HasRole(crm.RoleAdmin)
}

// numbersFocus reports whether f is the screen or its lookup.
func numbersFocus(f focus) bool { return f == focusPhoneNumbers || f == focusOwnerLookup }

// numbersShown reports whether the screen takes the body now (under the
// help overlay too).
func (m *Model) numbersShown() bool {
	return numbersFocus(m.focus) || (m.focus == focusHelp && numbersFocus(m.prevFocus))
}

// phoneNumbers is the screen. It outlives its closing, so an owner change
// still waiting for the server is reported wherever the user went.
type phoneNumbers struct {
	ctx    *Context
	items  []crm.BusinessNumber
	names  map[string]string // user and team id → name
	queued map[string]bool   // numbers whose owner change is in the outbox
	list   vlist
	gen    uint64 // bumped per load: the rows' cache version
	lookup *ownerLookup
	// pending are the owner changes sent and not yet answered, by command.
	pending map[string]pendingOwner
}

// pendingOwner is what an owner change asked for, to report its answer.
type pendingOwner struct {
	number string // the number's name, else its E.164 form
	owner  string // the new owner's label
}

// load rereads the numbers, their owners' names and the outbox, keeping
// the cursor on the same number.
func (v *phoneNumbers) load() error {
	keep := ""
	if n, ok := v.selected(); ok {
		keep = n.Number
	}
	items, err := v.ctx.DB.Numbers()
	if err != nil {
		return fmt.Errorf("load business numbers: %w", err)
	}
	names, err := ownerNames(v.ctx)
	if err != nil {
		return err
	}
	queued, err := v.ctx.DB.Outbox()
	if err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	v.queued = map[string]bool{}
	for _, c := range queued {
		if c.Kind == crm.CmdSetNumberOwner && c.NumberOwner != nil {
			v.queued[c.NumberOwner.Number] = true
		}
	}
	// By name, as an administrator thinks of them ("East desk"), removed
	// ones last.
	slices.SortStableFunc(items, func(a, b crm.BusinessNumber) int {
		if a.Removed != b.Removed {
			if a.Removed {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Number, b.Number))
	})
	v.items, v.names = items, names
	v.gen++
	v.list.jump(max(slices.IndexFunc(items, func(n crm.BusinessNumber) bool { return n.Number == keep }), 0), len(items))
	return nil
}

func (v *phoneNumbers) selected() (crm.BusinessNumber, bool) {
	if v.list.cursor < 0 || v.list.cursor >= len(v.items) {
		return crm.BusinessNumber{}, false
	}
	return v.items[v.list.cursor], true
}

// numberLabel names a number in a sentence: its name, else the number.
func numberLabel(n crm.BusinessNumber) string {
	if n.Name != "" {
		return safetext.Line(n.Name)
	}
	return safetext.Line(n.Number)
}

// numberTypeLabel is a number type in the user's language.
func (c *Context) numberTypeLabel(t crm.NumberType) string {
	switch t {
	case crm.NumberTollFree:
		return c.T.T("number_type.toll_free")
	case crm.NumberShortCode:
		return c.T.T("number_type.short_code")
	}
	return c.T.T("number_type.geo") // the server's default for an empty type
}

// numberColumns are the widths of the screen's columns at one width.
type numberColumns struct{ name, number, typ, owner, state int }

func layoutNumberColumns(w int) numberColumns {
	c := numberColumns{number: 16, typ: 12, owner: 24, state: 12}
	if w < 90 {
		c.typ = 0
	}
	if w < 70 {
		c.state, c.owner = 0, 16
	}
	used := c.number + c.typ + c.owner + c.state + 4
	c.name = max(w-used, 10)
	return c
}

func (c numberColumns) join(name, number, typ, owner, state string) string {
	cells := []string{fit(name, c.name), fit(number, c.number)}
	if c.typ > 0 {
		cells = append(cells, fit(typ, c.typ))
	}
	cells = append(cells, fit(owner, c.owner))
	if c.state > 0 {
		cells = append(cells, fit(state, c.state))
	}
	return strings.Join(cells, " ")
}

// render draws the count, the column titles and the visible numbers.
func (v *phoneNumbers) render(w, h int) string {
	st, t := v.ctx.Styles, v.ctx.T
	c := layoutNumberColumns(w)
	heading := []string{
		fit(st.Muted.Render(t.T("phone_numbers.count", len(v.items))), w),
		st.ColumnHeader.Render(fit(c.join(t.T("phone_numbers.col_name"), t.T("phone_numbers.col_number"),
			t.T("phone_numbers.col_type"), t.T("phone_numbers.col_owner"), t.T("phone_numbers.col_state")), w)),
	}
	return tableBody(st, &v.list, heading, len(v.items), w, h,
		func(i int) (string, uint64) { return v.items[i].Number, v.gen },
		func(i, w int, sel bool) string { return v.drawRow(v.items[i], w, sel) },
		t.T("phone_numbers.none"))
}

func (v *phoneNumbers) drawRow(n crm.BusinessNumber, w int, sel bool) string {
	ctx := v.ctx
	state := ctx.T.T("phone_numbers.active")
	switch {
	case v.queued[n.Number]:
		state = ctx.T.T("phone_numbers.pending")
	case n.Removed:
		state = ctx.T.T("phone_numbers.removed")
	}
	line := fit(layoutNumberColumns(w).join(safetext.Line(n.Name), safetext.Line(n.Number), ctx.numberTypeLabel(n.Type),
		ctx.ownerLabel(n.Owner, v.names), state), w)
	return tableRow(ctx.Styles, line, sel, n.Removed)
}

// openPhoneNumbers shows the screen, to managers and admins only.
func (m *Model) openPhoneNumbers() tea.Cmd {
	if !canManageNumbers(m.me) {
		m.setFlash(m.ctx.T.T("phone_numbers.not_allowed"), true)
		return nil
	}
	if m.numbers == nil {
		m.numbers = &phoneNumbers{ctx: m.ctx, list: newVList(), pending: map[string]pendingOwner{}}
	}
	m.numbers.lookup = nil
	if err := m.numbers.load(); err != nil {
		m.fail(err)
		return nil
	}
	m.blurCompose()
	m.focus = focusPhoneNumbers
	return nil
}

// applyRoles offers the screen's key to managers and admins only, and
// closes the screen when the user loses the role while it is open.
func (m *Model) applyRoles() {
	allowed := canManageNumbers(m.me)
	k := &m.ctx.Keys.Admin.PhoneNumbers
	if k.Enabled() != allowed {
		k.SetEnabled(allowed)
		m.frame.help = "" // the help bar lists the key, or no longer does
	}
	if allowed || !m.numbersShown() {
		return
	}
	if m.numbers != nil {
		m.numbers.lookup = nil
	}
	m.focus = focusGrid
	m.setFlash(m.ctx.T.T("phone_numbers.not_allowed"), true)
}

// phoneNumbersTitle is the title line while the screen is shown.
func (m *Model) phoneNumbersTitle() (string, bool) {
	if !m.numbersShown() || m.numbers == nil {
		return "", false
	}
	s := m.ctx.T.T("phone_numbers.view")
	if m.numbers.lookup != nil {
		s = m.ctx.T.T("phone_numbers.owner_view")
	}
	return m.ctx.Styles.Title.Render(s), true
}

// renderPhoneNumbers draws the screen, or its lookup when open.
func (m *Model) renderPhoneNumbers(w, h int) string {
	v := m.numbers
	if v == nil {
		return ""
	}
	if v.lookup != nil {
		return v.lookup.render(w, h)
	}
	return v.render(w, h)
}

// phoneNumbersKey handles a key on the screen or its lookup.
func (m *Model) phoneNumbersKey(msg tea.KeyPressMsg) tea.Cmd {
	v := m.numbers
	if v == nil || !canManageNumbers(m.me) {
		m.focus = focusGrid
		return nil
	}
	if m.focus == focusOwnerLookup && v.lookup != nil {
		return m.ownerLookupKey(msg)
	}
	k := m.ctx.Keys.Admin.Numbers
	switch {
	case key.Matches(msg, k.Back):
		m.focus = focusGrid
	case key.Matches(msg, k.Owner):
		n, ok := v.selected()
		if !ok {
			return nil
		}
		l, err := newOwnerLookup(m.ctx, n)
		if err != nil {
			m.fail(err)
			return nil
		}
		v.lookup = l
		m.focus = focusOwnerLookup
	case key.Matches(msg, k.Up):
		v.list.move(-1, len(v.items))
	case key.Matches(msg, k.Down):
		v.list.move(1, len(v.items))
	case m.listKeys(msg, &v.list, len(v.items), false):
	}
	return nil
}

// ownerLookupKey handles a key in the lookup: typing filters, enter picks
// and then confirms.
func (m *Model) ownerLookupKey(msg tea.KeyPressMsg) tea.Cmd {
	v, k := m.numbers, m.ctx.Keys.Admin.Owner
	l := v.lookup
	if l.chosen != nil {
		switch {
		case key.Matches(msg, k.Confirm):
			return m.reassignNumber(l.number, *l.chosen)
		case key.Matches(msg, k.Back):
			l.chosen = nil
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		v.lookup = nil
		m.focus = focusPhoneNumbers
	case key.Matches(msg, k.Confirm):
		c, ok := l.selected()
		switch {
		case !ok:
		case c.owner == l.number.Owner:
			m.setFlash(m.ctx.T.T("owner_lookup.same", numberLabel(l.number), c.label), false)
		default:
			l.chosen = &c
		}
	case m.listKeys(msg, &l.list, len(l.items), false):
	default:
		q := l.query
		if editLine(&q, msg) && q != l.query {
			l.setQuery(q)
		}
	}
	return nil
}

// reassignNumber queues the owner change: the cache shows it at once, the
// outbox delivers it (offline too), the answer is reported when it comes.
func (m *Model) reassignNumber(n crm.BusinessNumber, to ownerChoice) tea.Cmd {
	v := m.numbers
	cmd := crm.Command{
		ID: crm.NewID("cmd", m.ctx.Rand), Kind: crm.CmdSetNumberOwner,
		NumberOwner: &crm.SetNumberOwner{Number: n.Number, Owner: to.owner},
	}
	if err := m.ctx.DB.Enqueue(cmd); err != nil {
		m.setFlash(m.ctx.T.T("error.queue", err.Error()), true)
		return nil
	}
	v.pending[cmd.ID] = pendingOwner{number: numberLabel(n), owner: to.label}
	v.lookup = nil
	m.focus = focusPhoneNumbers
	if err := v.load(); err != nil {
		m.fail(err)
		return nil
	}
	m.setFlash(m.ctx.T.T("phone_numbers.queued", numberLabel(n), to.label), false)
	return m.flush()
}

// refreshPhoneNumbers brings the screen up to date with a cache change and
// reports the server's answers to owner changes: an acceptance, or a
// refusal with its reason. The answers travel in the change itself, so
// they are reported in the order they came, whatever the cache holds now.
func (m *Model) refreshPhoneNumbers(c localdb.Change) error {
	v := m.numbers
	if v == nil {
		return nil
	}
	if m.numbersShown() && (c.Snapshot || c.Outbox || slices.ContainsFunc(c.Kinds, func(k crm.EventKind) bool {
		return k == crm.EventNumber || k == crm.EventUser || k == crm.EventTeam
	})) {
		if err := v.load(); err != nil {
			return err
		}
	}
	for _, res := range c.Answers {
		p, ok := v.pending[res.ID]
		if !ok {
			continue // another session's, or from before a restart
		}
		delete(v.pending, res.ID)
		if res.OK && res.Error == nil {
			m.setFlash(m.ctx.T.T("phone_numbers.confirmed", p.number, p.owner), false)
		} else {
			m.setFlash(m.ctx.T.T("phone_numbers.refused", p.number, m.ctx.ownerRefusalText(res.Error)), true)
		}
	}
	return nil
}

// ownerRefusalText says why the server refused an owner change, in the
// user's language for the refusals the server documents.
func (c *Context) ownerRefusalText(e *crm.CommandError) string {
	switch {
	case e == nil:
		return string(crm.ErrInternal) // refused without a reason: a server bug
	case e.Code == crm.ErrForbidden:
		return c.T.T("phone_numbers.err_forbidden")
	case e.Code == crm.ErrNotFound && e.Field == "number":
		return c.T.T("phone_numbers.err_number")
	case e.Code == crm.ErrNotFound && e.Field == "owner":
		return c.T.T("phone_numbers.err_owner")
	}
	return e.Error()
}
