package crm

import (
	"testing"
	"time"
)

func TestStepAfterMessage(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	msg := func(id string, st DeliveryStatus, reason FailureReason) Message {
		return Message{ID: id, WorkItemID: "w1", Direction: Outbound, Status: st, StatusAt: at, FailureReason: reason}
	}
	open := WorkItem{ID: "w1"}
	sent, _ := StepAfterMessage(open, msg("m1", StatusSent, ""))
	hand := WorkItem{ID: "w1", CompletedAt: &at}
	failed, _ := StepAfterMessage(open, msg("m1", StatusFailed, ReasonInvalidSendingParameters))
	cases := []struct {
		name    string
		in      WorkItem
		m       Message
		state   StepState
		reason  string
		changed bool
	}{
		{"pending is sending", open, msg("m1", StatusPending, ""), StepSending, "", true},
		{"queued is sending", open, msg("m1", StatusQueued, ""), StepSending, "", true},
		{"sent is done", open, msg("m1", StatusSent, ""), StepDone, "", true},
		{"delivered is done", open, msg("m1", StatusDelivered, ""), StepDone, "", true},
		{"failed keeps the reason", open, msg("m1", StatusFailed, ReasonInvalidSendingParameters), StepFailed, "InvalidSendingParameters", true},
		{"undelivered after sent reopens", sent, msg("m1", StatusUndelivered, ReasonUnreachable), StepFailed, "Unreachable", true},
		{"failure without reason says Unknown", open, msg("m1", StatusFailed, ""), StepFailed, "Unknown", true},
		{"a retry after a failure is sending", failed, msg("m2", StatusQueued, ""), StepSending, "", true},
		{"an older text does not reopen a done step", sent, msg("m0", StatusFailed, ReasonUnknown), StepDone, "", false},
		{"done by hand ignores texts", hand, msg("m1", StatusFailed, ReasonUnknown), StepOpen, "", false},
		{"another step's text", open, Message{ID: "m1", WorkItemID: "w2", Direction: Outbound, Status: StatusSent}, StepOpen, "", false},
		{"skipped ignores texts", SkipStep(open, StepChange{Reason: StepReasonOptedOut}), msg("m1", StatusSent, ""), StepSkipped, "opted_out", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, changed := StepAfterMessage(c.in, c.m)
			if out.State != c.state || out.Reason != c.reason || changed != c.changed {
				t.Fatalf("got state %q reason %q changed %v; want %q %q %v", out.State, out.Reason, changed, c.state, c.reason, c.changed)
			}
			if out.State == StepDone && out.CompletedAt == nil {
				t.Fatal("a done step has no completion time")
			}
		})
	}
}

func TestSnoozedStepComesBackAtItsTime(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w := SnoozeStep(WorkItem{ID: "w1"}, StepChange{WorkItemID: "w1", Reason: StepReasonLater, ForSeconds: 3600}, now)
	if w.StateAt(now.Add(59*time.Minute)) != StepSnoozed || w.OnWorkList(now.Add(59*time.Minute)) {
		t.Fatal("a snoozed step is on the list before its time")
	}
	if w.StateAt(now.Add(time.Hour)) != StepOpen || !w.OnWorkList(now.Add(time.Hour)) {
		t.Fatal("a snoozed step did not come back at its time")
	}
}

func TestValidateStepChange(t *testing.T) {
	cases := []struct {
		c      *StepChange
		snooze bool
		field  string
	}{
		{nil, false, "step"},
		{&StepChange{Reason: StepReasonOther}, false, "step.work_item_id"},
		{&StepChange{WorkItemID: "w", Reason: "bored"}, false, "step.reason"},
		{&StepChange{WorkItemID: "w", Reason: StepReasonOther, Note: string(make([]rune, MaxStepNoteRunes+1))}, false, "step.note"},
		{&StepChange{WorkItemID: "w", Reason: StepReasonLater}, true, "step.for_seconds"},
		{&StepChange{WorkItemID: "w", Reason: StepReasonLater, ForSeconds: int64(MaxSnooze/time.Second) + 1}, true, "step.for_seconds"},
		{&StepChange{WorkItemID: "w", Reason: StepReasonLater, ForSeconds: 3600}, false, "step.for_seconds"},
		{&StepChange{WorkItemID: "w", Reason: StepReasonLater, ForSeconds: 3600}, true, ""},
	}
	for i, c := range cases {
		err := ValidateStepChange(c.c, c.snooze)
		got := ""
		if err != nil {
			got = err.Field
		}
		if got != c.field {
			t.Errorf("case %d: field %q, want %q", i, got, c.field)
		}
	}
}
