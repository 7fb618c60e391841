package tui

import (
	"smsdesk/safetext"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// narrowWidth: below this many columns the pane takes the whole screen.
const narrowWidth = 100

// Screen rows around the body: the header and title above, the notice line
// and the help bar below.
const (
	headerLines = 2
	footerLines = 2
)

// layout is where each screen sits for the current size.
type layout struct {
	bodyY, bodyH   int
	gridW          int // 0 when the grid is hidden
	paneX, paneW   int // paneW 0 when the pane is hidden
	notesX, notesW int // the notification center, when open
	screenW        int // a workflow screen (workflows.go), when one is in front
}

func (m *Model) narrow() bool { return m.ctx.Width < narrowWidth }

func (m *Model) layout() layout {
	w, h := m.ctx.Width, m.ctx.Height
	l := layout{bodyY: headerLines, bodyH: max(h-headerLines-footerLines, 3)}
	paneFocus := m.focus == focusPane || m.focus == focusCompose ||
		m.focus == focusFromSelector || m.focus == focusToSelector || m.focus == focusRelated
	switch {
	case m.notesOpen:
		l.notesW = w
	case m.screenShown() || m.numbersShown():
		l.screenW = w
	case m.pane == nil:
		l.gridW = w
	case m.narrow():
		if paneFocus || (m.focus == focusHelp && m.prevFocus != focusGrid && m.prevFocus != focusFilter) {
			l.paneW = w
		} else {
			l.gridW = w
		}
	default:
		l.gridW = max(w*45/100, 40)
		l.paneX = l.gridW + 1
		// The pane's left border and padding take two columns.
		l.paneW = w - l.paneX
	}
	return l
}

// View draws the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.ctx.T.T("app.name")
	return v
}

// render is View's content: also what golden files record.
func (m *Model) render() string {
	ctx := m.ctx
	if d := startOfDay(ctx.today()); !d.Equal(m.day) {
		// "Today" and "yesterday" moved: every cached row may be stale.
		m.day = d
		m.invalidate()
	}
	l := m.layout()
	w := ctx.Width
	parts := make([]string, 0, 5)
	parts = append(parts, m.headerLine(w))

	var body string
	switch {
	case l.notesW > 0:
		body = m.notes.render(l.notesW, l.bodyH)
	case l.screenW > 0 && m.numbersShown():
		body = m.renderPhoneNumbers(l.screenW, l.bodyH)
	case l.screenW > 0:
		body = m.renderScreen(l.screenW, l.bodyH)
	case l.gridW > 0 && l.paneW > 0:
		m.pane.setSize(l.paneW-2, l.bodyH)
		body = sideBySide(m.grid.render(l.gridW, l.bodyH), m.paneContent(), l.bodyH, l.gridW,
			ctx.Styles.PaneBorder.Render("│")+" ")
	case l.paneW > 0:
		m.pane.setSize(l.paneW, l.bodyH)
		body = m.paneContent()
	default:
		body = m.grid.render(l.gridW, l.bodyH)
	}
	if m.focus == focusHelp {
		body = m.helpOverlay(w, l.bodyH)
	}
	body = clipLines(body, l.bodyH, w)
	// The title after the body: it counts the grid's rows below the fold,
	// which drawing the grid has just scrolled to.
	parts = append(parts, m.titleLine(w), body, m.noticeLine(w), m.helpBar(w))
	return strings.Join(parts, "\n")
}

// paneContent draws the pane with its open selector, if any.
func (m *Model) paneContent() string {
	p := m.pane
	switch m.focus {
	case focusFromSelector:
		return p.render(&p.from, m.ctx.T.T("pane.choose_from"))
	case focusToSelector:
		return p.render(&p.to, m.ctx.T.T("pane.choose_to"))
	case focusRelated:
		if m.wf.related != nil {
			return p.renderWith(m.wf.related.lines(p.width))
		}
	case focusPane:
		if m.why != nil && m.why.convID == p.convID {
			return p.renderWith(m.why.lines(m.ctx, p.width))
		}
	}
	return p.render(nil, "")
}

// clipLines makes s exactly h lines. Every screen already fits its lines
// to its width, so only the count is checked here: measuring each line's
// width again would cost more than the rest of the frame.
func clipLines(s string, h, w int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// sideBySide joins the grid's and the pane's lines with the rule between
// them. Both sides are already exactly as wide as their columns, so this is
// plain concatenation, not lipgloss's measuring join.
func sideBySide(left, right string, h, leftW int, rule string) string {
	ls, rs := strings.Split(left, "\n"), strings.Split(right, "\n")
	pad := strings.Repeat(" ", leftW)
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(ls) && ls[i] != "" {
			b.WriteString(ls[i])
		} else {
			b.WriteString(pad)
		}
		b.WriteString(" ")
		b.WriteString(rule)
		if i < len(rs) {
			b.WriteString(rs[i])
		}
	}
	return b.String()
}

// titleLine is the view's name with the grid's count and order.
func (m *Model) titleLine(w int) string {
	if s, ok := m.phoneNumbersTitle(); ok {
		return fit(s, w)
	}
	if s, ok := m.screenTitle(); ok {
		return fit(s, w)
	}
	st, t := m.ctx.Styles, m.ctx.T
	title := st.Title.Render(t.T("grid.view"))
	count := t.T("grid.count", len(m.grid.view))
	// Right after the count, where a narrow title still shows it.
	if n := m.grid.belowFold(); n > 0 && m.layout().gridW > 0 {
		count += " · " + t.T("grid.below_fold", n)
	}
	info := st.Muted.Render(count + " · " + t.T("grid.sorted_by", m.grid.sortLabel()))
	if n := len(m.grid.marked); n > 0 {
		info += " · " + st.Prompt.Render(t.T("grid.marked", n))
	}
	return fit(title+"  "+info, w)
}

// noticeLine shows the last flash notice.
func (m *Model) noticeLine(w int) string {
	if m.flash == "" && m.wf.undo != nil {
		return fit(m.ctx.Styles.Prompt.Render(safetext.Line(m.undoNotice())), w)
	}
	if m.flash == "" && m.stopped != "" {
		return fit(m.ctx.Styles.Error.Render("⚠ "+safetext.Line(m.stopped)), w)
	}
	if n := m.offlineFromCacheNotice(); m.flash == "" && n != "" {
		return fit(m.ctx.Styles.Warning.Render("⚠ "+n), w)
	}
	if m.flash == "" {
		return ""
	}
	if m.flashBad {
		return fit(m.ctx.Styles.Warning.Render("⚠ "+safetext.Line(m.flash)), w)
	}
	return fit(m.ctx.Styles.Muted.Render(safetext.Line(m.flash)), w)
}

// frameCache keeps the lines that rarely change between frames (header,
// help bar), keyed by everything they are drawn from: most key presses
// change neither, and drawing them measures every grapheme again.
type frameCache struct {
	headerKey headerKey
	header    string
	helpKey   helpKey
	help      string
}

type headerKey struct {
	h      headerState
	w      int
	styles *Styles
}

type helpKey struct {
	f      focus
	bell   bool
	w      int
	styles *Styles
}

// headerLine is the header, from the cache when nothing it shows changed.
func (m *Model) headerLine(w int) string {
	k := headerKey{h: m.header, w: w, styles: m.ctx.Styles}
	if k != m.frame.headerKey || m.frame.header == "" {
		m.frame.headerKey, m.frame.header = k, renderHeader(m.ctx, m.header, m.bar, w)
	}
	return m.frame.header
}

// helpBar lists the focused screen's keys.
func (m *Model) helpBar(w int) string {
	k := helpKey{f: m.helpFocus(), bell: m.bellShown(), w: w, styles: m.ctx.Styles}
	if k != m.frame.helpKey || m.frame.help == "" {
		m.help.SetWidth(w)
		// fit: the help bubble can overflow by an item when no ellipsis fits.
		m.frame.helpKey = k
		m.frame.help = shortHelpThatFits(m.help, m.ctx.Keys.helpFor(k.f, k.bell), w)
	}
	return m.frame.help
}

func (m *Model) helpFocus() focus {
	if m.focus == focusHelp {
		return m.prevFocus
	}
	return m.focus
}

// helpOverlay is the full help, centred over the body.
func (m *Model) helpOverlay(w, h int) string {
	st := m.ctx.Styles
	keys := m.ctx.Keys.helpFor(m.helpFocus(), m.bellShown())
	content := st.Title.Render(m.ctx.T.T("help.title")) + "\n\n" + m.helpColumns(keys.FullHelp(), w-6) +
		"\n\n" + m.helpLegend(w-6) +
		"\n\n" + st.Muted.Render(m.ctx.T.T("help.close"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, st.Overlay.Render(content))
}

// helpColumns lays the groups of keys out as columns, starting a new row of
// columns when the next one would not fit width: a narrow terminal or a
// longer translation moves a column under the others instead of dropping it.
func (m *Model) helpColumns(groups [][]key.Binding, width int) string {
	m.help.SetWidth(0) // measure whole columns; the rows are made to fit
	var rows []string
	var row [][]key.Binding
	for _, g := range groups {
		if len(row) > 0 && lipgloss.Width(m.help.FullHelpView(append(row, g))) > width {
			rows = append(rows, m.help.FullHelpView(row))
			row = nil
		}
		row = append(row, g)
	}
	if len(row) > 0 {
		rows = append(rows, m.help.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}
