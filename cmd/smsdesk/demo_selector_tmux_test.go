package main

import (
	"strings"
	"testing"

	"smsdesk/cmd/smsdesk/demodata"
)

// The defect 6, as the presenter shows it: in Sofia Rossi's
// conversation (her mobile is unreachable) `t` offers her office line too.
func TestDemoToSelectorInTmux(t *testing.T) {
	s, _ := demoInTmux(t, "demo-selector", 200, 50, false)

	s.waitScreen("the grid, online", contains("Online"))
	s.keys("/")
	s.text("sofia")
	s.keys("Enter")
	s.keys("Enter")
	s.waitScreen("Sofia's conversation", contains("To "+demodata.UnreachableCustomer))
	s.keys("t")
	s.waitScreen("the to-number selector with both her numbers", func(screen string) bool {
		return strings.Contains(screen, demodata.SofiaOffice+" (business)") && strings.Contains(screen, demodata.UnreachableCustomer+" (mobile)")
	})
	s.keys("Escape")
	s.keys("C-c")
}
