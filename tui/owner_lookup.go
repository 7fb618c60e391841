package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// ownerChoice is one possible owner of a number: a user or a team.
type ownerChoice struct {
	owner  crm.Owner
	label  string // as the numbers list shows it: "Alice Martin", "East (team)"
	name   string
	detail string // a user's roles, a team's member count
}

// ownerLookup is the Phone numbers screen's owner lookup: the users and
// teams (a few hundred at most, held in memory), filtered as the user
// types, then a confirmation of the pick.
type ownerLookup struct {
	ctx    *Context
	number crm.BusinessNumber
	owner  string // the number's owner now, as the list shows it
	all    []ownerChoice
	query  string
	items  []ownerChoice
	list   vlist
	gen    uint64
	chosen *ownerChoice // set once picked: the confirmation shows
}

func newOwnerLookup(ctx *Context, n crm.BusinessNumber) (*ownerLookup, error) {
	users, err := ctx.DB.Users()
	if err != nil {
		return nil, fmt.Errorf("load users: %w", err)
	}
	teams, err := ctx.DB.Teams()
	if err != nil {
		return nil, fmt.Errorf("load teams: %w", err)
	}
	names, err := ownerNames(ctx)
	if err != nil {
		return nil, err
	}
	members := map[string]int{}
	for _, u := range users {
		for _, t := range u.Teams {
			members[t]++
		}
	}
	l := &ownerLookup{ctx: ctx, number: n, owner: ctx.ownerLabel(n.Owner, names), list: newVList()}
	for _, u := range users {
		o := crm.Owner{Kind: crm.OwnerUser, ID: u.ID}
		l.all = append(l.all, ownerChoice{owner: o, label: ctx.ownerLabel(o, names), name: cmp.Or(u.Name, u.ID), detail: ctx.rolesLabel(u.Roles)})
	}
	for _, t := range teams {
		o := crm.Owner{Kind: crm.OwnerTeam, ID: t.ID}
		l.all = append(l.all, ownerChoice{owner: o, label: ctx.ownerLabel(o, names), name: cmp.Or(t.Name, t.ID),
			detail: ctx.T.T("owner_lookup.members", members[t.ID])})
	}
	slices.SortFunc(l.all, func(a, b ownerChoice) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.name), strings.ToLower(b.name)),
			cmp.Compare(a.owner.Kind, b.owner.Kind), cmp.Compare(a.owner.ID, b.owner.ID))
	})
	l.setQuery("")
	// Start on the current owner when nothing is typed yet.
	l.list.jump(max(slices.IndexFunc(l.items, func(c ownerChoice) bool { return c.owner == n.Owner }), 0), len(l.items))
	return l, nil
}

// rolesLabel lists roles in the user's language.
func (c *Context) rolesLabel(roles []crm.Role) string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		switch r {
		case crm.RoleSeller:
			out = append(out, c.T.T("cli.role.seller"))
		case crm.RoleManager:
			out = append(out, c.T.T("cli.role.manager"))
		case crm.RoleAdmin:
			out = append(out, c.T.T("cli.role.admin"))
		default:
			out = append(out, safetext.Line(string(r))) // a newer server's role: its id
		}
	}
	return strings.Join(out, ", ")
}

// setQuery filters the choices on their names and ids.
func (l *ownerLookup) setQuery(q string) {
	l.query = q
	needle := strings.ToLower(strings.TrimSpace(q))
	l.items = l.items[:0]
	for _, c := range l.all {
		if strings.Contains(strings.ToLower(c.name), needle) || strings.Contains(strings.ToLower(c.owner.ID), needle) {
			l.items = append(l.items, c)
		}
	}
	l.gen++
	l.list.jump(0, len(l.items))
}

func (l *ownerLookup) selected() (ownerChoice, bool) {
	if l.list.cursor < 0 || l.list.cursor >= len(l.items) {
		return ownerChoice{}, false
	}
	return l.items[l.list.cursor], true
}

// lookupColumns are the widths of the lookup's columns.
type lookupColumns struct{ name, kind, detail int }

func layoutLookupColumns(w int) lookupColumns {
	c := lookupColumns{kind: 12, detail: 36}
	if w < 80 {
		c.detail = 20
	}
	c.name = max(w-c.kind-c.detail-2, 10)
	return c
}

func (c lookupColumns) join(name, kind, detail string) string {
	return fit(name, c.name) + " " + fit(kind, c.kind) + " " + fit(detail, c.detail)
}

// render draws the search line, the column titles and the choices, or the
// confirmation once one is picked.
func (l *ownerLookup) render(w, h int) string {
	st, t := l.ctx.Styles, l.ctx.T
	if l.chosen != nil {
		return l.renderConfirm(w)
	}
	c := layoutLookupColumns(w)
	prompt := t.T("owner_lookup.prompt", numberLabel(l.number), l.number.Number)
	lines := []string{
		fit(st.Prompt.Render(safetext.Line(prompt)+" ")+safetext.Line(l.query)+"█  "+st.Muted.Render(t.T("owner_lookup.count", len(l.items))), w),
		st.ColumnHeader.Render(fit(c.join(t.T("owner_lookup.col_name"), t.T("owner_lookup.col_kind"), t.T("owner_lookup.col_detail")), w)),
	}
	l.list.setHeight(h-len(lines), len(l.items))
	rows := l.list.render(len(l.items), w,
		func(i int) (string, uint64) { return string(l.items[i].owner.Kind) + ":" + l.items[i].owner.ID, l.gen },
		func(i, w int, sel bool) string { return l.drawRow(l.items[i], w, sel) })
	lines = append(lines, rows...)
	if len(l.items) == 0 {
		lines = append(lines, st.Muted.Render(fit(t.T("owner_lookup.none"), w)))
	}
	return strings.Join(lines, "\n")
}

func (l *ownerLookup) drawRow(ch ownerChoice, w int, sel bool) string {
	st, t := l.ctx.Styles, l.ctx.T
	kind := t.T("owner_lookup.user")
	if ch.owner.Kind == crm.OwnerTeam {
		kind = t.T("owner_lookup.team")
	}
	detail := ch.detail
	if ch.owner == l.number.Owner {
		detail = strings.Join(slices.DeleteFunc([]string{"✓ " + t.T("owner_lookup.current"), detail},
			func(s string) bool { return s == "" }), " · ")
	}
	line := fit(layoutLookupColumns(w).join(safetext.Line(ch.name), kind, detail), w)
	if sel {
		return st.RowSelected.Render(line)
	}
	return st.Row.Render(line)
}

// renderConfirm asks to confirm the pick, with the change it makes.
func (l *ownerLookup) renderConfirm(w int) string {
	st, t, k := l.ctx.Styles, l.ctx.T, l.ctx.Keys.Admin.Owner
	n := l.number
	return strings.Join([]string{
		fit(st.Warning.Render(safetext.Line(t.T("owner_lookup.confirm", numberLabel(n), n.Number, l.chosen.label))), w),
		fit(st.Muted.Render(t.T("owner_lookup.confirm_keys", k.Confirm.Help().Key, k.Back.Help().Key)), w),
		"",
		fit("  "+t.T("owner_lookup.change", l.owner, st.Prompt.Render(l.chosen.label)), w),
	}, "\n")
}
