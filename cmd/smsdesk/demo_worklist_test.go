package main

import (
	"strings"
	"testing"
	"time"
)

// Issue 14.1 and 14.10 in the demo, as a presenter shows them: Kevin
// Walsh's step, sent from the work list, fails (InvalidSendingParameters)
// and comes back on the work list marked failed, not done; once Brian
// Foster has texted STOP (50 s into the demo) the grid and the work list
// mark him opted out, and his step is skipped with that reason.
func TestDemoWorklistFailedStepAndOptOut(t *testing.T) {
	s, _ := demoInTmux(t, "demo-worklist", 160, 40, false)

	s.waitScreen("the grid, online", contains("Online"))
	s.keys("w")
	s.waitScreen("the work list on Kevin's step", func(sc string) bool {
		return strings.Contains(sc, "Sales accelerator > Work list") && strings.Contains(sc, "☺ Kevin Walsh  Contact")
	})
	s.keys("Enter")
	s.waitScreen("Kevin's pane with the template", contains("Hi Kevin"))
	s.keys("Enter")
	s.waitScreen("the send said sending, not done", func(sc string) bool {
		return strings.Contains(sc, "Text sending; the step is done once it is accepted. Up next: Sofia Rossi") && !strings.Contains(sc, "Step done")
	})
	s.keys("w")
	s.waitScreen("Kevin's step back, failed", contains("☺ Kevin Walsh  ✗ Failed (InvalidSendingParameters)"))

	s.keys("Escape")
	s.waitScreen("the grid", contains("Conversation > My text messages"))
	eventually(t, 90*time.Second, "Brian's STOP marked in the grid", func() bool {
		for _, l := range strings.Split(s.screen(), "\n") {
			if strings.Contains(l, "Brian Foster") && strings.Contains(l, "⊘ Opted out") {
				return true
			}
		}
		return false
	})
	s.keys("w")
	s.waitScreen("Brian's step marked opted out", contains("☺ Brian Foster  ⊘ Opted out"))
	// Brian's step is the eighth by due time: to the top, then down.
	for i := 0; i < 10; i++ {
		s.keys("Up")
	}
	s.waitScreen("the first step selected", contains("☺ Kevin Walsh  Contact"))
	for i := 0; i < 7; i++ {
		s.keys("Down")
	}
	s.waitScreen("Brian's warning", contains("The customer opted out (STOP)"))
	s.keys("s")
	s.waitScreen("the skip reasons, opted out first", contains("▸ Opted out (STOP)"))
	s.keys("Enter")
	s.waitScreen("Brian's step skipped", func(sc string) bool {
		return strings.Contains(sc, "Step skipped: Opted out (STOP)") && !strings.Contains(sc, "Brian Foster")
	})
	s.keys("C-c")
}
