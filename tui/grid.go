package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"smsdesk/crm"
	"smsdesk/localdb"
	"smsdesk/safetext"
)

// sortMode is the grid's order; the sort key cycles through them.
type sortMode int

const (
	sortActivity sortMode = iota // newest activity first
	sortRecord                   // record name A→Z
	sortUnread                   // most unread first
	sortModes
)

// gridRow is one conversation in the grid with what the grid derives from it.
type gridRow struct {
	localdb.ConversationRow
	version uint64 // bumped when the row's data changes: the render cache key
	hay     string // lower-cased text the filter searches; built on first filter

	// lastOut is the newest outbound message when the last message is an
	// inbound reply, read when the row is first drawn at this version.
	lastOut        *crm.Message
	lastOutVersion uint64
}

// lastOutboundScan is how far back the grid looks for the last outbound
// message behind a run of replies; further back, the column stays empty.
const lastOutboundScan = 10

// lastOutbound is the newest outbound message of the row, if recent.
func (g *grid) lastOutbound(r *gridRow) *crm.Message {
	if m := r.LastMessage; m == nil || m.Direction == crm.Outbound {
		return m
	}
	if r.lastOutVersion == r.version {
		return r.lastOut
	}
	r.lastOut, r.lastOutVersion = nil, r.version
	msgs, err := g.ctx.DB.LastMessages(r.ID, lastOutboundScan)
	if err != nil {
		return nil // a cell left empty beats a failed frame
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Direction == crm.Outbound {
			m := msgs[i]
			r.lastOut = &m
			break
		}
	}
	return r.lastOut
}

// grid is the Activities grid, "Conversation > My text messages". It holds
// one row per conversation in memory (never messages), filters and sorts
// them, and draws only the visible rows through a vlist.
type grid struct {
	ctx *Context

	all  []*gridRow // as the cache orders them: newest activity first
	byID map[string]*gridRow
	view []*gridRow // filtered and sorted: what is on screen

	// marked are the conversations selected for a move (move.go).
	marked map[string]bool

	// unreachable explains, in place of "No conversations yet", that the
	// server has not answered since start: an empty grid is then not an
	// empty inbox. nil otherwise.
	unreachable []string
	// detached is set while the pane shows a new thread the grid has no
	// row for (a related record's): no row is highlighted then, so the
	// grid never points at another conversation than the pane's.
	detached bool

	sort      sortMode
	filter    string
	filtering bool // the filter line has the keyboard

	list    vlist
	version uint64 // source of row versions

	// The column titles, drawn once per width and theme.
	headerW      int
	headerStyles *Styles
	headerLine   string
}

func newGrid(ctx *Context) *grid {
	return &grid{ctx: ctx, byID: map[string]*gridRow{}, marked: map[string]bool{}, list: newVList()}
}

// load replaces every row from the cache (start, snapshot).
func (g *grid) load() error {
	rows, err := g.ctx.DB.Conversations()
	if err != nil {
		return fmt.Errorf("load conversations: %w", err)
	}
	keep := g.selectedID()
	g.all = g.all[:0]
	clear(g.byID)
	for _, r := range rows {
		g.version++
		gr := &gridRow{ConversationRow: r, version: g.version}
		g.all = append(g.all, gr)
		g.byID[r.ID] = gr
	}
	g.rebuild(keep)
	return nil
}

// patch refreshes the named conversations and drops the removed ones, keeping
// the selection on the same conversation: a live inbound message must not
// move the cursor to another row.
func (g *grid) patch(changed, removed []string) error {
	keep := g.selectedID()
	for _, id := range removed {
		if _, ok := g.byID[id]; ok {
			delete(g.byID, id)
			g.all = slices.DeleteFunc(g.all, func(r *gridRow) bool { return r.ID == id })
		}
	}
	for _, id := range changed {
		r, ok, err := g.ctx.DB.Conversation(id)
		if err != nil {
			return fmt.Errorf("load conversation %s: %w", id, err)
		}
		if !ok {
			if _, had := g.byID[id]; had {
				delete(g.byID, id)
				g.all = slices.DeleteFunc(g.all, func(r *gridRow) bool { return r.ID == id })
			}
			continue
		}
		g.version++
		if gr, had := g.byID[id]; had {
			gr.ConversationRow, gr.version, gr.hay = r, g.version, ""
			continue
		}
		gr := &gridRow{ConversationRow: r, version: g.version}
		g.all = append(g.all, gr)
		g.byID[id] = gr
	}
	// Newest activity first is the base order every other sort refines.
	slices.SortStableFunc(g.all, byActivity)
	g.rebuild(keep)
	return nil
}

func byActivity(a, b *gridRow) int {
	if c := b.LastMessageAt.Compare(a.LastMessageAt); c != 0 {
		return c
	}
	if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// haystack is what the filter matches: record, numbers, last message.
func haystack(r localdb.ConversationRow) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.RecordName))
	b.WriteByte(0)
	b.WriteString(r.CustomerNumber)
	b.WriteByte(0)
	b.WriteString(r.BusinessNumber)
	if r.LastMessage != nil {
		b.WriteByte(0)
		b.WriteString(strings.ToLower(r.LastMessage.Body))
	}
	return b.String()
}

// rebuild recomputes the visible rows from filter and sort and puts the
// cursor back on conversation keep when it is still there.
func (g *grid) rebuild(keep string) {
	g.view = g.view[:0]
	q := strings.ToLower(strings.TrimSpace(g.filter))
	for _, r := range g.all {
		if q == "" {
			g.view = append(g.view, r)
			continue
		}
		if r.hay == "" {
			r.hay = haystack(r.ConversationRow)
		}
		if strings.Contains(r.hay, q) {
			g.view = append(g.view, r)
		}
	}
	switch g.sort {
	case sortRecord:
		slices.SortStableFunc(g.view, func(a, b *gridRow) int {
			return cmp.Compare(strings.ToLower(a.RecordName), strings.ToLower(b.RecordName))
		})
	case sortUnread:
		slices.SortStableFunc(g.view, func(a, b *gridRow) int { return cmp.Compare(b.Unread, a.Unread) })
	}
	if keep != "" {
		for i, r := range g.view {
			if r.ID == keep {
				// Keep the row on the same screen line when it can be:
				// moving the cursor's row under the reader's eyes is the
				// jump the seller must not see.
				line := g.list.cursor - g.list.offset
				g.list.cursor = i
				g.list.offset = i - line
				break
			}
		}
	}
	g.list.clamp(len(g.view))
}

// selected is the row under the cursor, nil when the grid is empty.
func (g *grid) selected() *gridRow {
	if g.list.cursor < 0 || g.list.cursor >= len(g.view) {
		return nil
	}
	return g.view[g.list.cursor]
}

func (g *grid) selectedID() string {
	if r := g.selected(); r != nil {
		return r.ID
	}
	return ""
}

// selectID puts the cursor on conversation id if it is visible.
func (g *grid) selectID(id string) {
	for i, r := range g.view {
		if r.ID == id {
			g.list.jump(i, len(g.view))
			return
		}
	}
}

// nextUnread moves the cursor to the next row with unread messages after the
// cursor, wrapping around; it reports whether there was one.
func (g *grid) nextUnread() bool {
	n := len(g.view)
	for k := 1; k <= n; k++ {
		i := (g.list.cursor + k) % n
		if g.view[i].Unread > 0 {
			g.list.jump(i, n)
			return true
		}
	}
	return false
}

// cycleSort switches to the next sort mode.
func (g *grid) cycleSort() {
	g.sort = (g.sort + 1) % sortModes
	g.rebuild(g.selectedID())
	g.list.invalidate()
}

// setFilter changes the filter text and re-filters the in-memory rows.
func (g *grid) setFilter(q string) {
	g.filter = q
	g.rebuild(g.selectedID())
}

// columns is the grid's layout at one width: which columns show and how wide
// each is. Narrow grids drop the business number, then the customer number,
// then the last message.
type columns struct {
	record, customer, business, last, when, unread, state int
}

func layoutColumns(width int) columns {
	c := columns{record: 22, customer: 16, business: 16, when: 10, unread: 4, state: 12}
	// used is the width of the shown columns and the single spaces between
	// them, the last message aside.
	used := func() int {
		n, cols := 0, 0
		for _, w := range []int{c.record, c.customer, c.business, c.when, c.unread, c.state} {
			if w > 0 {
				n += w
				cols++
			}
		}
		return n + cols // one space before each column, including the message's
	}
	if width-used() < 16 {
		c.business = 0
	}
	if width-used() < 16 {
		c.customer = 0
	}
	if width-used() < 12 {
		c.state = 2
	}
	if width-used() < 10 {
		c.record = max(width-c.when-c.unread-c.state-4, 8)
		c.last = 0
		return c
	}
	c.last = width - used()
	// A wide grid shares its room: past a comfortable message width, the
	// record column (names run long) takes half of the rest, up to 40.
	const comfortable = 48
	if c.last > comfortable {
		grow := min((c.last-comfortable)/2, 40-c.record)
		c.record += grow
		c.last -= grow
	}
	return c
}

// header renders the column titles.
func (g *grid) header(width int) string {
	if g.headerW == width && g.headerStyles == g.ctx.Styles && g.headerLine != "" {
		return g.headerLine
	}
	g.headerW, g.headerStyles = width, g.ctx.Styles
	g.headerLine = g.drawHeader(width)
	return g.headerLine
}

func (g *grid) drawHeader(width int) string {
	c, t := layoutColumns(width), g.ctx.T
	cells := []string{fit(t.T("col.record"), c.record)}
	if c.customer > 0 {
		cells = append(cells, fit(t.T("col.customer"), c.customer))
	}
	if c.business > 0 {
		cells = append(cells, fit(t.T("col.business"), c.business))
	}
	if c.last > 0 {
		cells = append(cells, fit(t.T("col.last_message"), c.last))
	}
	cells = append(cells, fit(t.T("col.time"), c.when), fitRight(t.T("col.unread"), c.unread), fit(t.T("col.state"), c.state))
	return g.ctx.Styles.ColumnHeader.Render(fit(strings.Join(cells, " "), width))
}

// drawRow renders one row; the vlist caches what it returns.
func (g *grid) drawRow(r *gridRow, width int, selected bool) string {
	c, ctx := layoutColumns(width), g.ctx
	st := ctx.Styles
	mark := ""
	if g.marked[r.ID] {
		mark = "✓ "
	}
	cells := []string{fit(mark+recordIcon(r.Record.Type)+" "+safetext.Line(r.RecordName), c.record)}
	if c.customer > 0 {
		cells = append(cells, fit(safetext.Line(r.CustomerNumber), c.customer))
	}
	if c.business > 0 {
		cells = append(cells, fit(safetext.Line(r.BusinessNumber), c.business))
	}
	var last, state string
	if m := r.LastMessage; m != nil {
		last = safetext.Line(messagePreview(*m))
		if m.Direction == crm.Outbound {
			last = ctx.T.T("grid.you_prefix", last)
		}
	}
	out := g.lastOutbound(r)
	if out != nil {
		if c.state > 2 {
			state = statusGlyph(out.Status) + " " + ctx.statusLabel(out.Status)
		} else {
			state = statusGlyph(out.Status)
		}
	}
	if r.OptedOut {
		// A STOP outranks the last text's delivery: nothing more can be
		// sent to this customer until they reply START.
		state = "⊘"
		if c.state > 2 {
			state += " " + ctx.T.T("grid.opted_out")
		}
	}
	if c.last > 0 {
		cells = append(cells, fit(last, c.last))
	}
	unread := ""
	if r.Unread > 0 {
		unread = fmt.Sprint(r.Unread)
	}
	cells = append(cells, fit(ctx.gridTime(r.LastMessageAt), c.when), fitRight(unread, c.unread))
	line := strings.Join(cells, " ") + " "
	stateCell := fit(state, c.state)
	line = fit(line+stateCell, width)
	switch {
	case selected:
		return st.RowSelected.Render(line)
	case r.Unread > 0:
		return st.RowUnread.Render(line)
	}
	if r.OptedOut && c.state > 0 {
		head := fit(strings.Join(cells, " ")+" ", width-c.state)
		return st.Row.Render(head) + st.Warning.Render(fit(state, width-ansiWidth(head)))
	}
	if out != nil && c.state > 0 {
		// Colour only the state cell so a failure stands out in the list.
		head := fit(strings.Join(cells, " ")+" ", width-c.state)
		return st.Row.Render(head) + st.status(out.Status)(fit(state, width-ansiWidth(head)))
	}
	return st.Row.Render(line)
}

// setDetached turns the cursor's highlight off (true) or back on; the
// rows drawn with it are drawn again.
func (g *grid) setDetached(d bool) {
	if g.detached != d {
		g.detached = d
		g.list.invalidate()
	}
}

// belowFold is how many rows of the view are past the last one on screen.
func (g *grid) belowFold() int {
	if g.list.height <= 0 {
		return 0
	}
	return max(len(g.view)-g.list.offset-g.list.height, 0)
}

// view renders the grid in width×height: column titles, the visible rows,
// and the filter line while filtering.
func (g *grid) render(width, height int) string {
	var b strings.Builder
	b.WriteString(g.header(width))
	rowsHeight := height - 1
	if g.filtering || g.filter != "" {
		rowsHeight--
	}
	g.list.setHeight(rowsHeight, len(g.view))
	lines := g.list.render(len(g.view), width,
		func(i int) (string, uint64) { return g.view[i].ID, g.view[i].version },
		func(i, w int, sel bool) string { return g.drawRow(g.view[i], w, sel && !g.detached) })
	for _, l := range lines {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	if len(g.view) == 0 {
		b.WriteByte('\n')
		switch {
		case g.filter != "":
			b.WriteString(g.ctx.Styles.Muted.Render(fit(g.ctx.T.T("grid.no_match"), width)))
		case len(g.unreachable) > 0:
			// Wrapped, not cut: the address and the cause are the point.
			var text []string
			for _, l := range g.unreachable {
				text = append(text, wrap(l, width)...)
			}
			for i, l := range text[:min(len(text), max(rowsHeight, 1))] {
				if i > 0 {
					b.WriteByte('\n')
					lines = append(lines, "")
				}
				b.WriteString(g.ctx.Styles.Warning.Render(fit(l, width)))
			}
		default:
			b.WriteString(g.ctx.Styles.Muted.Render(fit(g.ctx.T.T("grid.empty"), width)))
		}
		lines = append(lines, "")
	}
	for i := len(lines); i < rowsHeight; i++ {
		b.WriteByte('\n')
	}
	if g.filtering || g.filter != "" {
		b.WriteByte('\n')
		cursor := ""
		if g.filtering {
			cursor = "█"
		}
		b.WriteString(fit(g.ctx.Styles.Prompt.Render("/ ")+safetext.Line(g.filter)+cursor+"  "+
			g.ctx.Styles.Muted.Render(g.ctx.T.T("grid.filter_count", len(g.view), len(g.all))), width))
	}
	return b.String()
}

// sortLabel names the current sort for the title line.
func (g *grid) sortLabel() string {
	switch g.sort {
	case sortRecord:
		return g.ctx.T.T("sort.record")
	case sortUnread:
		return g.ctx.T.T("sort.unread")
	}
	return g.ctx.T.T("sort.activity")
}
