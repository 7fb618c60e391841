package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// composer is the compose box: a textarea that sends on Enter, with a live
// count of characters and SMS segments under it.
type composer struct {
	ctx  *Context
	area textarea.Model

	// The last rendering and what it was drawn from: while the seller
	// reads the history, the box does not change and is not redrawn.
	drawnKey composeKey
	drawn    string
}

type composeKey struct {
	value         string
	focused       bool
	width         int
	line, col     int
	styles        *Styles
	height, areaW int
}

func newComposer(ctx *Context) *composer {
	a := textarea.New()
	a.ShowLineNumbers = false
	a.Prompt = ""
	a.Placeholder = ctx.T.T("compose.placeholder")
	a.CharLimit = 1600 // Twilio's maximum body
	a.SetHeight(3)
	a.KeyMap.InsertNewline = ctx.Keys.Compose.Newline
	styles := textarea.DefaultStyles(ctx.Dark)
	// A blinking cursor is a ticker running forever; a steady one costs
	// nothing while the seller reads.
	styles.Cursor.Blink = false
	a.SetStyles(styles)
	return &composer{ctx: ctx, area: a}
}

func (c *composer) setWidth(w int) { c.area.SetWidth(max(w-2, 10)) }

func (c *composer) focus() tea.Cmd { return c.area.Focus() }
func (c *composer) blur()          { c.area.Blur() }

// value is the text to send, trimmed.
func (c *composer) value() string { return strings.TrimSpace(c.area.Value()) }

func (c *composer) reset() { c.area.Reset() }

// update feeds a key to the textarea; Enter is handled by the pane (send).
func (c *composer) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, c.ctx.Keys.Compose.Send) {
		return nil
	}
	var cmd tea.Cmd
	c.area, cmd = c.area.Update(msg)
	c.dropUnsafe()
	return cmd
}

// dropUnsafe takes out of the box what the textarea lets in but its echo
// would obey: it drops a pasted ESC itself, not a bidi override (from a
// paste, the clipboard key or a customer's text in a template). Checked
// after every change, whatever brought the text in; rare enough that the
// cursor going to the end then does not matter.
func (c *composer) dropUnsafe() {
	if v := c.area.Value(); safetext.Input(v) != v {
		c.area.SetValue(safetext.Input(v))
	}
}

// counter is the line under the box: characters, segments, encoding; when
// one character switches the message to UCS-2 the line says which, and
// turns into a warning.
func (c *composer) counter(width int) string {
	body := c.area.Value()
	sc := crm.CountSegments(body)
	t, st := c.ctx.T, c.ctx.Styles
	chars := len([]rune(body))
	// Independent fields, each a whole catalog message with its own plural.
	fields := []string{t.T("compose.chars", chars), t.T("compose.segments", sc.Segments)}
	if sc.Encoding == crm.EncodingUCS2 {
		fields = append(fields, t.T("compose.left", sc.Remaining), t.T("compose.ucs2", safetext.Line(string(sc.NonGSM))))
		return fit(st.Warning.Render("⚠ "+strings.Join(fields, " · ")), width)
	}
	fields = append(fields, string(sc.Encoding), t.T("compose.left", sc.Remaining))
	return fit(st.Counter.Render(strings.Join(fields, " · ")), width)
}

// render draws the box and its counter.
func (c *composer) render(width int) string {
	k := composeKey{
		value: c.area.Value(), focused: c.area.Focused(), width: width,
		line: c.area.Line(), col: c.area.Column(), styles: c.ctx.Styles,
		height: c.area.Height(), areaW: c.area.Width(),
	}
	if k != c.drawnKey || c.drawn == "" {
		c.drawnKey = k
		c.drawn = c.ctx.Styles.Compose.Width(width).Render(c.area.View()) + "\n" + c.counter(width)
	}
	return c.drawn
}

// height is how many lines render returns.
func (c *composer) height() int { return c.area.Height() + 2 + 1 }
