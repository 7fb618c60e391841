package tui

import (
	"context"
	"slices"
	"testing"

	"smsdesk/crm"
)

// serverStep is Alice's step id as the backend holds it.
func (s *stack) serverStep(id string) crm.WorkItem {
	s.t.Helper()
	snap, err := s.svc.Snapshot(context.Background(), "u_alice")
	if err != nil {
		s.t.Fatalf("snapshot: %v", err)
	}
	for _, w := range snap.WorkItems {
		if w.ID == id {
			return w
		}
	}
	s.t.Fatalf("the backend has no step %s", id)
	return crm.WorkItem{}
}

// cachedStep is the step id as Alice's cache lists it, ok false when it
// left the list.
func (s *stack) cachedStep(id string) (crm.WorkItem, bool) {
	items, err := s.db.WorkItems()
	if err != nil {
		s.t.Fatalf("work items: %v", err)
	}
	i := slices.IndexFunc(items, func(w crm.WorkItem) bool { return w.ID == id })
	if i < 0 {
		return crm.WorkItem{}, false
	}
	return items[i], true
}

// sendJaneStepLive opens Alice's work list, opens Jane's step and sends
// its text as the template wrote it.
func (s *stack) sendJaneStepLive() string {
	s.t.Helper()
	s.keys("w")
	s.waitScreen("the work list", "Sales accelerator > Work list", "Jane Cooper")
	s.keys("enter")
	s.waitScreen("the step's thread", "│ ☺ Jane Cooper  Contact", "characters · 1 SMS")
	s.keys("enter")
	body := "Hi Jane, thanks for your time today. I'll send the Fabrikam proposal shortly. Alice"
	s.waitFor("the provider to get the step's text", func() bool {
		_, _, ok := s.prov.sendOf(body)
		return ok
	})
	_, sid, _ := s.prov.sendOf(body)
	return sid
}

// Issue 14.1: the provider refuses the step's number (Twilio 21211, what
// the demo's simulator answers for Kevin Walsh): the step is not done, it
// comes back failed with InvalidSendingParameters, on the server, in the
// cache and on the seller's work list.
func TestServerWorklistFailedSendBringsStepBack(t *testing.T) {
	s := startStack(t, 140, 32)
	s.prov.answer = func(crm.OutboundSMS) crm.SendResult {
		return crm.SendResult{Status: crm.StatusFailed, ErrorCode: "21211"}
	}
	s.sendJaneStepLive()
	s.waitFor("the backend to mark the step failed", func() bool {
		w := s.serverStep("wi_jane_text")
		return w.State == crm.StepFailed && w.Reason == string(crm.ReasonInvalidSendingParameters) && w.CompletedAt == nil
	})
	s.waitFor("the cache to list the step failed", func() bool {
		w, ok := s.cachedStep("wi_jane_text")
		return ok && w.State == crm.StepFailed && w.Reason == string(crm.ReasonInvalidSendingParameters)
	})
	s.keys("w")
	s.waitScreen("the failed step on the work list", "☺ Jane Cooper  ✗ Failed (InvalidSendingParameters)",
		"✗ The text failed (InvalidSendingParameters).")
}

// Issue 14.1: while the provider holds the text queued the step shows as
// sending; the sent report completes it; an undelivered report after that
// brings it back failed with the reason.
func TestServerWorklistQueuedThenSentThenUndelivered(t *testing.T) {
	s := startStack(t, 140, 32)
	s.prov.answer = func(crm.OutboundSMS) crm.SendResult { return crm.SendResult{Status: crm.StatusQueued} }
	sid := s.sendJaneStepLive()
	s.waitFor("the backend to hold the step sending", func() bool {
		w := s.serverStep("wi_jane_text")
		return w.State == crm.StepSending && w.CompletedAt == nil
	})
	s.keys("w")
	s.waitScreen("the step sending on the work list", "☺ Jane Cooper  ◌ Sending…")
	s.keys("esc")

	if err := s.svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: sid, Status: crm.StatusSent}); err != nil {
		t.Fatal(err)
	}
	s.waitFor("the cache to drop the step done", func() bool {
		_, ok := s.cachedStep("wi_jane_text")
		return !ok && s.serverStep("wi_jane_text").State == crm.StepDone
	})

	err := s.svc.ReceiveStatus(context.Background(), crm.StatusReport{ProviderID: sid, Status: crm.StatusUndelivered, ErrorCode: "30003"})
	if err != nil {
		t.Fatal(err)
	}
	s.waitFor("the cache to list the step failed again", func() bool {
		w, ok := s.cachedStep("wi_jane_text")
		return ok && w.State == crm.StepFailed && w.Reason == string(crm.ReasonUnreachable)
	})
	s.keys("w")
	s.waitScreen("the step back on the work list", "☺ Jane Cooper  ✗ Failed (Unreachable)")
}

// Skip reaches the server with its reason, and the step stays off the list.
func TestServerWorklistSkip(t *testing.T) {
	s := startStack(t, 140, 32)
	s.keys("w")
	s.waitScreen("the work list", "Jane Cooper")
	s.keys("s", "enter") // the picker starts on the first reason after "opted out"
	s.waitScreen("the skip said", "Step skipped: Wrong number")
	s.waitFor("the backend to skip the step", func() bool {
		w := s.serverStep("wi_jane_text")
		return w.State == crm.StepSkipped && w.Reason == string(crm.StepReasonWrongNumber)
	})
	if _, ok := s.cachedStep("wi_jane_text"); ok {
		t.Fatal("the skipped step is still listed in the cache")
	}
}
