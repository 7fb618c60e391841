// Package catalogcheck is the catalog checker's test case
// (TestCatalogCheckerFlagsAStringInAView): each line marked "// want" holds
// a literal the checker must report, every other literal is one a rule
// allows. It lives in testdata, so the go command never builds it.
package catalogcheck

import (
	"errors"
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"smsdesk/i18n"
)

type printer interface {
	T(key i18n.Key, args ...any) string
}

type model struct {
	t      printer
	style  lipgloss.Style
	params map[string]string
	Name   string `json:"name"`
}

var weekdays = [...]i18n.Key{"weekday.sunday", "weekday.monday"}

var accent = lipgloss.Color("#5A3FC0")

func bind(help string, desc i18n.Key, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, string(desc)))
}

func (m model) param(name string) string { return m.params[name] }

func (m model) View(pressed string, n int) string {
	_ = bind("ctrl+s", "key.send", "ctrl+s")
	if pressed == "enter" {
		return m.style.Render("⚠ " + m.t.T("compose.placeholder"))
	}
	switch pressed {
	case "esc":
		return fmt.Sprintf("%d/%d", n, n)
	}
	who := m.param("record_name")
	if who == "" {
		return m.style.Render("Send") // want
	}
	if err := errors.New("load user"); err != nil {
		return fmt.Sprintf("%d conversations", n) // want
	}
	return m.t.T(weekdays[0]) + " · " + m.t.T(i18n.Key("day.today")) + fmt.Sprint(accent) + ("Press any key") // want
}
