package tui

import (
	"charm.land/bubbles/v2/key"

	"smsdesk/i18n"
)

// adminKeys are the keys of the Phone numbers screen and its owner lookup.
// The lookup is typed into, so its keys are arrows, enter and esc only.
type adminKeys struct {
	// PhoneNumbers opens the screen from the grid. It starts disabled and
	// is enabled for managers and admins (applyRoles), so a seller's help
	// never lists it and the key does nothing for them.
	PhoneNumbers key.Binding
	Numbers      struct {
		Up, Down key.Binding
		Owner    key.Binding
		Back     key.Binding
	}
	Owner struct {
		Confirm key.Binding
		Back    key.Binding
	}
}

// addAdminKeys adds the administration bindings to k, with help texts in
// t's language.
func addAdminKeys(k *KeyMap, t *i18n.Printer) {
	b := func(help string, desc i18n.Key, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t.T(desc)))
	}
	a := &k.Admin
	a.PhoneNumbers = b("p", "key.phone_numbers", "p")
	a.PhoneNumbers.SetEnabled(false)
	a.Numbers.Up = b("↑/k", "key.up", "up", "k")
	a.Numbers.Down = b("↓/j", "key.down", "down", "j")
	a.Numbers.Owner = b("enter", "key.change_owner", "enter", "o")
	a.Numbers.Back = b("esc", "key.back", "esc", "q")
	a.Owner.Confirm = b("enter", "key.confirm_owner", "enter")
	a.Owner.Back = b("esc", "key.back", "esc")
}

// adminHelp returns the help of the Phone numbers screen's foci.
func (k *KeyMap) adminHelp(f focus, global []key.Binding) (helpKeys, bool) {
	a, l := k.Admin, k.Workflow.List
	switch f {
	case focusPhoneNumbers:
		keys := []key.Binding{a.Numbers.Owner, a.Numbers.Up, a.Numbers.Down, a.Numbers.Back}
		return helpKeys{short: keys, full: [][]key.Binding{keys, global}}, true
	case focusOwnerLookup:
		keys := []key.Binding{a.Owner.Confirm, l.Up, l.Down, a.Owner.Back}
		return helpKeys{short: keys, full: [][]key.Binding{keys, {k.Global.Quit}}}, true
	}
	return helpKeys{}, false
}
