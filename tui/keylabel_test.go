package tui

import (
	"testing"

	"golang.org/x/text/language"
)

func TestKeyNamesInTheHelpSpeakTheLanguage(t *testing.T) {
	cases := []struct {
		tag   language.Tag
		label string
		want  string
	}{
		{language.English, "shift+tab", "shift+tab"},
		{language.French, "shift+tab", "maj+tab"},
		{language.Make("gl"), "enter", "intro"},
		{language.French, "ctrl+c", "ctrl+c"},
		{language.French, "↑/k", "↑/k"},
		{language.Make("gl"), "alt+enter", "alt+intro"},
	}
	for _, c := range cases {
		if got := keyLabel(printer(t, c.tag), c.label); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.tag, c.label, got, c.want)
		}
	}
	// Every binding of the map is relabelled, the workflow screens' too,
	// and the keys it answers to are unchanged.
	k := NewKeyMap(printer(t, language.French))
	if got := k.Pane.FocusGrid.Help().Key; got != "maj+tab" {
		t.Errorf("pane focus-grid key reads %q", got)
	}
	if got := k.Workflow.List.Back.Help().Key; got != "échap" {
		t.Errorf("workflow back key reads %q", got)
	}
	if keys := k.Pane.FocusGrid.Keys(); len(keys) == 0 || keys[0] != "shift+tab" {
		t.Errorf("pane focus-grid answers to %v", keys)
	}
}
