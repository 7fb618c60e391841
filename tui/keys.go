package tui

import (
	"charm.land/bubbles/v2/key"

	"smsdesk/i18n"
)

// KeyMap is every key binding, grouped by the screen that owns it (the
// crush pattern: nested structs of key.Binding). Help texts come from the
// catalog, so the help bar and the overlay speak the user's language.
type KeyMap struct {
	Global struct {
		Quit          key.Binding
		Help          key.Binding
		Notifications key.Binding
		Offline       key.Binding
		Undo          key.Binding // undoes the last move while its confirmation shows
	}
	Grid struct {
		Quit              key.Binding
		Up, Down          key.Binding
		Top, Bottom       key.Binding
		HalfDown, HalfUp  key.Binding
		Open              key.Binding
		Filter            key.Binding
		Sort              key.Binding
		NextUnread        key.Binding
		FocusPane         key.Binding
		ClearFilter       key.Binding
		AcceptFilterInput key.Binding
		Select, SelectAll key.Binding
		Change            key.Binding
		Records           key.Binding
		Worklist          key.Binding
	}
	Pane struct {
		Up, Down         key.Binding
		Top, Bottom      key.Binding
		HalfDown, HalfUp key.Binding
		Compose          key.Binding
		FromNumber       key.Binding
		ToNumber         key.Binding
		FocusGrid        key.Binding
		Close            key.Binding
		Change           key.Binding
		Templates        key.Binding
		Related          key.Binding
		Record           key.Binding
		Retry            key.Binding // a failed message, sent again
		CopyLink         key.Binding // copies the focused message's attachment link
		// Why explains the selected inbound message's routing.
		Why key.Binding
	}
	Compose struct {
		Send      key.Binding
		Newline   key.Binding
		Leave     key.Binding
		Templates key.Binding
	}
	// Workflow holds the keys of the records, move, template and work list
	// screens (keys_workflows.go).
	Workflow workflowKeys
	// Admin holds the Phone numbers screen's keys (keys_admin.go).
	Admin    adminKeys
	Selector struct {
		Up, Down key.Binding
		Choose   key.Binding
		Cancel   key.Binding
	}
	Notifications struct {
		Up, Down key.Binding
		Open     key.Binding
		Close    key.Binding
		// MarkAll reads every notification and every unread conversation.
		MarkAll key.Binding
	}
}

// NewKeyMap builds the bindings with help texts in t's language.
func NewKeyMap(t *i18n.Printer) *KeyMap {
	b := func(help string, desc i18n.Key, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t.T(desc)))
	}
	k := &KeyMap{}
	k.Global.Quit = b("ctrl+c", "key.quit", "ctrl+c")
	k.Global.Help = b("?", "key.help", "?")
	k.Global.Notifications = b("n", "key.notifications", "n")
	k.Global.Offline = b("ctrl+o", "key.offline", "ctrl+o")

	k.Grid.Quit = b("q", "key.quit", "q")
	k.Grid.Up = b("↑/k", "key.up", "up", "k")
	k.Grid.Down = b("↓/j", "key.down", "down", "j")
	k.Grid.Top = b("g", "key.top", "g", "home")
	k.Grid.Bottom = b("G", "key.bottom", "G", "end")
	k.Grid.HalfDown = b("ctrl+d", "key.half_down", "ctrl+d", "pgdown")
	k.Grid.HalfUp = b("ctrl+u", "key.half_up", "ctrl+u", "pgup")
	k.Grid.Open = b("enter", "key.open", "enter")
	k.Grid.Filter = b("/", "key.filter", "/")
	k.Grid.Sort = b("s", "key.sort", "s")
	k.Grid.NextUnread = b("u", "key.next_unread", "u")
	k.Grid.FocusPane = b("tab", "key.focus_pane", "tab", "right", "l")
	k.Grid.ClearFilter = b("esc", "key.clear_filter", "esc")
	k.Grid.AcceptFilterInput = b("enter", "key.accept_filter", "enter")

	k.Pane.Up = b("↑/k", "key.prev_message", "up", "k")
	k.Pane.Down = b("↓/j", "key.next_message", "down", "j")
	k.Pane.Top = b("g", "key.oldest", "g", "home")
	k.Pane.Bottom = b("G", "key.newest", "G", "end")
	k.Pane.HalfDown = b("ctrl+d", "key.half_down", "ctrl+d", "pgdown")
	k.Pane.HalfUp = b("ctrl+u", "key.half_up", "ctrl+u", "pgup")
	k.Pane.Compose = b("i", "key.compose", "i", "tab")
	k.Pane.FromNumber = b("f", "key.from_number", "f")
	k.Pane.ToNumber = b("t", "key.to_number", "t")
	k.Pane.FocusGrid = b("shift+tab", "key.focus_grid", "shift+tab", "left", "h")
	k.Pane.Close = b("esc", "key.close_pane", "esc", "q")
	k.Pane.Retry = b("R", "key.retry", "R")
	k.Pane.CopyLink = b("y", "key.copy_link", "y")
	k.Pane.Why = b("e", "key.why_here", "e")

	k.Compose.Send = b("enter", "key.send", "enter")
	k.Compose.Newline = b("alt+enter", "key.newline", "alt+enter", "ctrl+j")
	k.Compose.Leave = b("esc", "key.leave_compose", "esc", "shift+tab")

	k.Selector.Up = b("↑/k", "key.up", "up", "k")
	k.Selector.Down = b("↓/j", "key.down", "down", "j")
	k.Selector.Choose = b("enter", "key.choose", "enter")
	k.Selector.Cancel = b("esc", "key.cancel", "esc")

	k.Notifications.Up = b("↑/k", "key.up", "up", "k")
	k.Notifications.Down = b("↓/j", "key.down", "down", "j")
	k.Notifications.Open = b("enter", "key.open_notification", "enter")
	k.Notifications.Close = b("esc", "key.close", "esc", "n", "q")
	k.Notifications.MarkAll = b("a", "key.mark_all_read", "a")
	addWorkflowKeys(k, t)
	addAdminKeys(k, t)
	localizeKeyLabels(k, t)
	return k
}

// helpKeys adapts a short and a full list of bindings to help.KeyMap, so
// each focus shows its own keys in the help bar and the overlay.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
	// tail is how many of short's last keys the bar always shows (at
	// least one): the others give way, last first, when the line is too
	// narrow.
	tail int
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }

// helpFor returns the bindings that apply in focus f: a short list for the
// help bar, every key for the overlay.
func (k *KeyMap) helpFor(f focus, bellShown bool) helpKeys {
	global := []key.Binding{k.Global.Help, k.Global.Quit, k.Global.Offline, k.Global.Undo}
	short := []key.Binding{k.Global.Help}
	if bellShown {
		global = append([]key.Binding{k.Global.Notifications}, global...)
		short = append([]key.Binding{k.Global.Notifications}, short...)
	}
	if h, ok := k.workflowHelp(f, global); ok {
		return h
	}
	if h, ok := k.adminHelp(f, global); ok {
		return h
	}
	switch f {
	case focusPane:
		p := k.Pane
		// By priority: the bar drops from the end of the first part when
		// the line is narrow; help and quit always stay.
		return helpKeys{
			tail:  2,
			short: append([]key.Binding{p.Compose, p.Close, p.Templates, p.Change, p.Record, p.Related, p.FromNumber, p.ToNumber}, append(short, k.Global.Quit)...),
			full: [][]key.Binding{
				{p.Up, p.Down, p.Top, p.Bottom, p.HalfDown, p.HalfUp, p.Why},
				{p.Compose, p.Retry, p.FromNumber, p.ToNumber, p.FocusGrid, p.CopyLink, p.Close},
				{p.Templates, p.Change, p.Record, p.Related, k.Grid.Worklist},
				global,
			},
		}
	case focusCompose:
		c := k.Compose
		return helpKeys{
			tail:  2,
			short: []key.Binding{c.Send, c.Newline, c.Templates, c.Leave, k.Global.Quit},
			full:  [][]key.Binding{{c.Send, c.Newline, c.Templates, c.Leave}, {k.Global.Quit}},
		}
	case focusFilter:
		g := k.Grid
		return helpKeys{
			short: []key.Binding{g.AcceptFilterInput, g.ClearFilter},
			full:  [][]key.Binding{{g.AcceptFilterInput, g.ClearFilter}},
		}
	case focusFromSelector, focusToSelector:
		s := k.Selector
		return helpKeys{
			short: []key.Binding{s.Up, s.Down, s.Choose, s.Cancel},
			full:  [][]key.Binding{{s.Up, s.Down, s.Choose, s.Cancel}},
		}
	case focusNotifications:
		n := k.Notifications
		return helpKeys{
			tail:  3,
			short: []key.Binding{n.Open, n.MarkAll, n.Up, n.Down, n.Close, k.Global.Help, k.Global.Quit},
			full:  [][]key.Binding{{n.Up, n.Down, n.Open, n.MarkAll, n.Close}, global},
		}
	default:
		g := k.Grid
		return helpKeys{
			tail:  2,
			short: append([]key.Binding{g.Open, g.Filter, g.Select, g.Change, g.Records, g.Worklist, k.Admin.PhoneNumbers, g.Sort, g.NextUnread}, append(short, g.Quit)...),
			full: [][]key.Binding{
				{g.Up, g.Down, g.Top, g.Bottom, g.HalfDown, g.HalfUp},
				{g.Open, g.FocusPane, g.Filter, g.ClearFilter, g.Sort, g.NextUnread},
				{g.Select, g.SelectAll, g.Change, g.Records, g.Worklist, k.Admin.PhoneNumbers},
				append(global, g.Quit),
			},
		}
	}
}
