package tui

import (
	"charm.land/bubbles/v2/key"

	"smsdesk/i18n"
)

// workflowKeys are the keys of the workflow screens. The records search,
// the move lookup, the template picker and the template form are typed
// into, so their keys are arrows, enter, tab, esc and ctrl chords only.
type workflowKeys struct {
	List struct { // every list screen
		Up, Down key.Binding
		Open     key.Binding
		Back     key.Binding
	}
	Record struct {
		Tab     key.Binding // Details ↔ Activity
		Message key.Binding
		Change  key.Binding
	}
	Move struct {
		Confirm key.Binding
	}
	Templates struct {
		Use key.Binding
		New key.Binding
		// Edit and Delete are enabled only while crm.CanEditTemplate
		// allows the selected template (applyTemplateKeys); pressed while
		// disabled they say why.
		Edit, Delete key.Binding
	}
	Form struct {
		Next, Prev  key.Binding
		Left, Right key.Binding
		Insert      key.Binding
		Save        key.Binding
		Cancel      key.Binding // esc drops what was typed: it says so
	}
	Worklist struct {
		Open   key.Binding
		Skip   key.Binding
		Snooze key.Binding
	}
}

// addWorkflowKeys adds the workflow bindings to k, with help texts in t's
// language.
func addWorkflowKeys(k *KeyMap, t *i18n.Printer) {
	b := func(help string, desc i18n.Key, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t.T(desc)))
	}
	k.Global.Undo = b("z", "key.undo_move", "z")

	k.Grid.Select = b("space", "key.select", "space")
	k.Grid.SelectAll = b("*/ctrl+a", "key.select_all", "*", "ctrl+a")
	k.Grid.Change = b("c", "key.change_record", "c")
	k.Grid.Records = b("r", "key.records", "r")
	k.Grid.Worklist = b("w", "key.worklist", "w")

	k.Pane.Change = b("c", "key.change_record", "c")
	k.Pane.Templates = b("T", "key.templates", "T")
	k.Pane.Related = b("o", "key.related", "o")
	k.Pane.Record = b("r", "key.open_record", "r")

	k.Compose.Templates = b("ctrl+t", "key.templates", "ctrl+t")

	w := &k.Workflow
	w.List.Up = b("↑", "key.up", "up")
	w.List.Down = b("↓", "key.down", "down")
	w.List.Open = b("enter", "key.open", "enter")
	w.List.Back = b("esc", "key.back", "esc")
	w.Record.Tab = b("tab", "key.record_tab", "tab")
	w.Record.Message = b("enter", "key.message_number", "enter")
	w.Record.Change = b("c", "key.change_record", "c")
	w.Move.Confirm = b("enter", "key.confirm_move", "enter")
	w.Templates.Use = b("enter", "key.use_template", "enter")
	w.Templates.New = b("ctrl+n", "key.new_template", "ctrl+n")
	w.Templates.Edit = b("ctrl+e", "key.edit_template", "ctrl+e")
	w.Templates.Delete = b("ctrl+d", "key.delete_template", "ctrl+d")
	w.Form.Next = b("tab", "key.next_field", "tab")
	w.Form.Prev = b("shift+tab", "key.prev_field", "shift+tab")
	w.Form.Left = b("←", "key.prev_choice", "left")
	w.Form.Right = b("→", "key.next_choice", "right")
	w.Form.Insert = b("enter", "key.insert_field", "enter")
	w.Form.Save = b("ctrl+s", "key.save_template", "ctrl+s")
	w.Form.Cancel = b("esc", "key.cancel", "esc")
	w.Worklist.Open = b("enter", "key.open_step", "enter")
	w.Worklist.Skip = b("s", "key.skip_step", "s")
	// Not z: that undoes a move while its offer shows.
	w.Worklist.Snooze = b("p", "key.snooze_step", "p")
}

// workflowHelp returns the help of a workflow screen's focus.
func (k *KeyMap) workflowHelp(f focus, global []key.Binding) (helpKeys, bool) {
	w := k.Workflow
	l := w.List
	var keys []key.Binding
	switch f {
	case focusRecords:
		keys = []key.Binding{l.Open, l.Up, l.Down, l.Back}
	case focusRecord:
		keys = []key.Binding{w.Record.Message, w.Record.Tab, l.Up, l.Down, w.Record.Change, l.Back}
	case focusMove:
		keys = []key.Binding{w.Move.Confirm, l.Up, l.Down, l.Back}
	case focusTemplates:
		// By priority: the arrows go first when the bar is narrow.
		keys = []key.Binding{w.Templates.Use, w.Templates.New, w.Templates.Edit, w.Templates.Delete, l.Up, l.Down, l.Back}
	case focusTemplateForm:
		// Only the keys every field shares: they just fit 80 columns in
		// French, where a fifth item would push the help bar over and cut
		// esc's text. The field-specific keys show in the form itself: the
		// focused choice's ◂ ▸, the fields list's hint.
		fm := w.Form
		keys = []key.Binding{fm.Save, fm.Next, fm.Prev, fm.Cancel}
		return helpKeys{short: keys, full: [][]key.Binding{
			{fm.Save, fm.Next, fm.Prev, fm.Cancel, fm.Left, fm.Right, fm.Insert}, {k.Global.Quit},
		}}, true
	case focusRelated:
		s := k.Selector
		keys = []key.Binding{s.Up, s.Down, s.Choose, s.Cancel}
	case focusWorklist:
		keys = []key.Binding{w.Worklist.Open, w.Worklist.Skip, w.Worklist.Snooze, l.Up, l.Down, l.Back}
	default:
		return helpKeys{}, false
	}
	full := [][]key.Binding{keys}
	if f == focusRecord || f == focusWorklist {
		full = append(full, global)
		// Not typed into: ? opens the help there, and the bar ends with
		// back, help and quit, whatever else gives way.
		return helpKeys{short: append(keys, k.Global.Help, k.Global.Quit), full: full, tail: 3}, true
	}
	full = append(full, []key.Binding{k.Global.Quit})
	// Typed into: ? is text, so the bar ends with back and quit.
	return helpKeys{short: append(keys, k.Global.Quit), full: full, tail: 2}, true
}
