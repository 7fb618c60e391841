package tui

import "strings"

// tableBody draws a list screen's body in w×h: its heading lines (a count,
// the column titles), the rows of its virtual list that are on screen,
// and none when there is no row. The records search and the phone numbers
// screen share it; each draws its own rows.
func tableBody(st *Styles, l *vlist, heading []string, n, w, h int,
	key func(i int) (string, uint64), draw func(i, w int, sel bool) string, none string) string {
	l.setHeight(h-len(heading), n)
	lines := append(heading, l.render(n, w, key, draw)...)
	if n == 0 {
		lines = append(lines, st.Muted.Render(fit(none, w)))
	}
	return strings.Join(lines, "\n")
}

// tableRow styles one table line: selected, dimmed (inactive, removed) or
// plain.
func tableRow(st *Styles, line string, sel, dim bool) string {
	switch {
	case sel:
		return st.RowSelected.Render(line)
	case dim:
		return st.Muted.Render(line)
	}
	return st.Row.Render(line)
}
