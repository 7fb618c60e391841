package tui

import (
	"reflect"
	"strings"

	"charm.land/bubbles/v2/key"

	"smsdesk/i18n"
)

// localizeKeyLabels rewrites the key half of every binding's help in t's
// language ("shift+tab" reads "maj+tab" in French, "enter" "intro" in
// Galician), whichever file of the package built the binding: it walks the
// whole KeyMap, so a new binding needs nothing more.
func localizeKeyLabels(k *KeyMap, t *i18n.Printer) {
	bindingType := reflect.TypeOf(key.Binding{})
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == bindingType:
			if !v.CanAddr() || !v.Addr().CanInterface() {
				return
			}
			b := v.Addr().Interface().(*key.Binding)
			h := b.Help()
			b.SetHelp(keyLabel(t, h.Key), h.Desc)
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(k).Elem())
}

// keyLabel writes a key or a chord as typed ("ctrl+c", "shift+tab",
// "↑/k") with each named key in t's language; letters, digits and glyphs
// stay as they are.
func keyLabel(t *i18n.Printer, label string) string {
	parts := strings.Split(label, "+")
	for i, p := range parts {
		parts[i] = keyName(t, p)
	}
	return strings.Join(parts, "+")
}

// keyName is one named key's label, name itself when it is not a named key.
func keyName(t *i18n.Printer, name string) string {
	switch name {
	case "enter":
		return t.T("keyname.enter")
	case "esc":
		return t.T("keyname.esc")
	case "space":
		return t.T("keyname.space")
	case "tab":
		return t.T("keyname.tab")
	case "shift":
		return t.T("keyname.shift")
	case "ctrl":
		return t.T("keyname.ctrl")
	case "alt":
		return t.T("keyname.alt")
	case "home":
		return t.T("keyname.home")
	case "end":
		return t.T("keyname.end")
	case "pgup":
		return t.T("keyname.pgup")
	case "pgdown":
		return t.T("keyname.pgdown")
	case "backspace":
		return t.T("keyname.backspace")
	case "delete":
		return t.T("keyname.delete")
	}
	return name
}
