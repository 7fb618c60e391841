package tui

import (
	"strings"
	"testing"
	"time"

	"smsdesk/crm"
)

// sendJaneStep sends the work list's first step (Jane's) from its pane and
// returns the send as queued.
func sendJaneStep(h *harness) crm.Command {
	h.t.Helper()
	h.press("w", "enter", "enter")
	h.sync()
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSendMessage && c.Send.WorkItemID == "wi_jane" {
			return c
		}
	}
	h.t.Fatal("no send for wi_jane in the outbox")
	return crm.Command{}
}

// messageReport applies the server's message event for the step's text at
// status st, as sync would.
func messageReport(h *harness, seq uint64, cmd crm.Command, st crm.DeliveryStatus, reason crm.FailureReason) {
	h.t.Helper()
	m := crm.Message{ID: cmd.ID, ConversationID: cmd.Send.ConversationID, Direction: crm.Outbound, Body: cmd.Send.Body,
		Author: "u_ana", From: cmd.Send.From, To: cmd.Send.To, CreatedAt: testNow, Status: st, StatusAt: h.clock.Now(),
		FailureReason: reason, WorkItemID: "wi_jane"}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: seq, Kind: crm.EventMessage, Audience: []string{"u_ana"}, Message: &m}}); err != nil {
		h.t.Fatal(err)
	}
	h.sync()
}

// Issue 14.1: a step whose text fails is not done. While the text is queued
// the step shows as sending; a failed report (Kevin Walsh's
// InvalidSendingParameters) brings it back failed with the reason; a sent
// report completes it, and an undelivered one after that brings it back.
func TestWorklistStepFollowsItsText(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	send := sendJaneStep(h)
	if err := h.db.Acknowledge(crm.CommandResult{ID: send.ID, OK: true}); err != nil {
		t.Fatal(err)
	}
	messageReport(h, 100, send, crm.StatusQueued, "")
	h.press("esc")
	mustContain(t, h.screen(), "☺ Jane Roe  ◌ Sending…")

	messageReport(h, 101, send, crm.StatusFailed, crm.ReasonInvalidSendingParameters)
	screen := h.screen()
	mustContain(t, screen, "☺ Jane Roe  ✗ Failed (InvalidSendingParamete")
	h.press("up")
	mustContain(t, h.screen(), "✗ The text failed (InvalidSendingParameters).", "The step is back: fix the number and send")
}

func TestWorklistUndeliveredAfterSentBringsStepBack(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	send := sendJaneStep(h)
	if err := h.db.Acknowledge(crm.CommandResult{ID: send.ID, OK: true}); err != nil {
		t.Fatal(err)
	}
	messageReport(h, 100, send, crm.StatusSent, "")
	h.press("esc")
	mustNotContain(t, h.screen(), "Jane Roe")
	messageReport(h, 101, send, crm.StatusUndelivered, crm.ReasonUnreachable)
	mustContain(t, h.screen(), "☺ Jane Roe  ✗ Failed (Unreachable)")
}

// addSamStep gives Ana a step on Sam Stop, who replied STOP.
func addSamStep(h *harness) {
	h.t.Helper()
	w := crm.WorkItem{ID: "wi_sam", Record: crm.RecordRef{Type: crm.RecordContact, ID: "rc_sam"}, Step: "text",
		Due: testNow.Add(time.Hour), Owner: "u_ana"}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 50, Kind: crm.EventWorkItem, Audience: []string{"u_ana"}, WorkItem: &w}}); err != nil {
		h.t.Fatal(err)
	}
	h.sync()
}

// Issue 14.10: a step on a customer who opted out says so, and is skipped
// with a reason, opted out offered first.
func TestWorklistOptedOutStepWarnsAndSkips(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	addSamStep(h)
	h.press("w")
	screen := h.screen()
	mustContain(t, screen, "☺ Sam Stop  ⊘ Opted out", "s skip", "p snooze")
	if h.m.wf.work.items[0].ID != "wi_sam" {
		t.Fatalf("first step %q", h.m.wf.work.items[0].ID)
	}
	mustContain(t, screen, "⚠ The customer opted out (STOP): texting is", "refused. Skip the step, or snooze it until")
	h.press("s")
	mustContain(t, h.screen(), "Skip this step: why?", "▸ Opted out (STOP)", "Wrong number", "Not interested")
	h.press("enter")
	h.sync()
	var skip *crm.Command
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSkipWorkItem {
			skip = &c
		}
	}
	if skip == nil || skip.Step.WorkItemID != "wi_sam" || skip.Step.Reason != crm.StepReasonOptedOut {
		t.Fatalf("skip = %+v", skip)
	}
	screen = h.screen()
	mustContain(t, screen, "Step skipped: Opted out (STOP)")
	mustNotContain(t, screen, "Sam Stop")
	// Refused, the step comes back and the seller is told why.
	h.refuse(*skip, &crm.CommandError{Code: crm.ErrNotFound, Field: "step.work_item_id", Message: "work item not found"})
	mustContain(t, h.screen(), "☺ Sam Stop  ⊘ Opted out", "The server refused the change: work item not found")
}

// A snoozed step leaves the list and comes back when its time comes.
func TestWorklistSnoozeComesBack(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("w", "p")
	mustContain(t, h.screen(), "Snooze this step for:", "▸ 1 hour", "1 week")
	h.press("down", "enter")
	mustContain(t, h.screen(), "Snooze this step: why?")
	// Other (last; the picker starts on the first reason after "opted out")
	// asks for the seller's words; n and ? are text there, not keys.
	h.press("up", "up", "enter")
	mustContain(t, h.screen(), "In your own words (optional):")
	h.typeText("back in 4h? no")
	h.press("backspace")
	mustContain(t, h.screen(), "> back in 4h? n▏")
	h.press("enter")
	h.sync()
	var snooze *crm.Command
	for _, c := range h.outbox() {
		if c.Kind == crm.CmdSnoozeWorkItem {
			snooze = &c
		}
	}
	if snooze == nil || snooze.Step.WorkItemID != "wi_jane" || snooze.Step.ForSeconds != 4*3600 || snooze.Step.Reason != crm.StepReasonOther || snooze.Step.Note != "back in 4h? n" {
		t.Fatalf("snooze = %+v", snooze)
	}
	mustContain(t, h.screen(), "Step snoozed until", "Other")
	mustNotContain(t, h.screen(), "Jane Roe")
	// The snooze's end wakes the list that is on screen.
	if h.m.wf.work.nextWake.IsZero() || h.m.wf.work.timer != h.m.wf.work.nextWake {
		t.Fatalf("no timer for the snooze's end (next %v, timer %v)", h.m.wf.work.nextWake, h.m.wf.work.timer)
	}
	h.clock.Advance(4*time.Hour + time.Minute)
	h.m.Update(snoozeWakeMsg{at: h.m.wf.work.timer})
	if !strings.Contains(h.screen(), "Jane Roe") {
		t.Fatalf("the snoozed step did not come back:\n%s", h.screen())
	}
	if !h.m.wf.work.timer.IsZero() {
		t.Fatal("a timer is left with no snooze running")
	}
}

// Issue 14.10: the grid marks a conversation whose customer opted out,
// instead of its last text's delivery status.
func TestGridMarksOptedOutConversation(t *testing.T) {
	h := newHarness(t, 120, 32)
	for _, l := range strings.Split(h.screen(), "\n") {
		if strings.Contains(l, "Sam Stop") && !strings.Contains(l, "⊘ Opted out") {
			t.Fatalf("Sam's row has no opted-out mark: %q", l)
		}
	}
	mustContain(t, h.screen(), "⊘ Opted out")
}

// For a customer who did not opt out, the skip picker does not start on
// "opted out" (enter would record an opt-out that never happened), and j/k
// move in it as the arrows do.
func TestWorklistSkipPickerStartsOffOptOutForOthers(t *testing.T) {
	h := newWorkflowHarness(t, 120, 32)
	h.press("w", "s")
	mustContain(t, h.screen(), "Skip this step: why?", "▸ Wrong number")
	mustNotContain(t, h.screen(), "▸ Opted out (STOP)")
	h.press("j")
	mustContain(t, h.screen(), "▸ Not interested")
	h.press("k")
	mustContain(t, h.screen(), "▸ Wrong number")
}
