package crm

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// StepState is where a Sales accelerator step stands. The empty state is
// an open step (a dataset's steps start so).
type StepState string

const (
	StepOpen StepState = ""
	// StepSending: its text is written but no provider has accepted it yet
	// (pending in the outbox, queued, offline).
	StepSending StepState = "sending"
	// StepDone: its text was accepted by the provider (sent or delivered),
	// or the step was completed by hand.
	StepDone StepState = "done"
	// StepFailed: its text failed or was not delivered; Reason says why and
	// the step is back on the work list.
	StepFailed  StepState = "failed"
	StepSkipped StepState = "skipped"
	// StepSnoozed: off the work list until SnoozedUntil.
	StepSnoozed StepState = "snoozed"
)

// StepReason is why a seller skipped or snoozed a step; clients show it in
// their own language.
type StepReason string

const (
	StepReasonOptedOut      StepReason = "opted_out"
	StepReasonWrongNumber   StepReason = "wrong_number"
	StepReasonNotInterested StepReason = "not_interested"
	StepReasonCallInstead   StepReason = "call_instead"
	StepReasonLater         StepReason = "later"
	StepReasonOther         StepReason = "other"
)

// StepReasons lists the reasons a skip or a snooze may give, in the order
// a picker offers them.
func StepReasons() []StepReason {
	return []StepReason{StepReasonOptedOut, StepReasonWrongNumber, StepReasonNotInterested,
		StepReasonCallInstead, StepReasonLater, StepReasonOther}
}

// MaxSnooze is the longest a step may be snoozed; MaxStepNoteRunes bounds
// the free text a skip or snooze may carry.
const (
	MaxSnooze        = 90 * 24 * time.Hour
	MaxStepNoteRunes = 280
)

// StepChange is a skip_work_item or snooze_work_item command's payload.
type StepChange struct {
	WorkItemID string     `json:"work_item_id"`
	Reason     StepReason `json:"reason"`
	Note       string     `json:"note,omitempty"`
	// ForSeconds is how long a snooze lasts, counted from when it is
	// applied: the server's clock decides when the step comes back.
	ForSeconds int64 `json:"for_seconds,omitempty"`
}

// ValidateStepChange checks a skip (snooze false) or a snooze, naming the
// field at fault.
func ValidateStepChange(c *StepChange, snooze bool) *CommandError {
	switch {
	case c == nil:
		return &CommandError{Code: ErrInvalid, Field: "step", Message: "missing"}
	case c.WorkItemID == "":
		return &CommandError{Code: ErrInvalid, Field: "step.work_item_id", Message: "missing"}
	case !validStepReason(c.Reason):
		return &CommandError{Code: ErrInvalid, Field: "step.reason", Message: fmt.Sprintf("unknown reason %.40q", string(c.Reason))}
	case utf8.RuneCountInString(c.Note) > MaxStepNoteRunes:
		return &CommandError{Code: ErrInvalid, Field: "step.note", Message: fmt.Sprintf("longer than %d characters", MaxStepNoteRunes)}
	case snooze && (c.ForSeconds <= 0 || c.ForSeconds > int64(MaxSnooze/time.Second)):
		return &CommandError{Code: ErrInvalid, Field: "step.for_seconds", Message: fmt.Sprintf("a snooze lasts more than 0 and at most %d seconds", int64(MaxSnooze/time.Second))}
	case !snooze && c.ForSeconds != 0:
		return &CommandError{Code: ErrInvalid, Field: "step.for_seconds", Message: "a skip has no duration"}
	}
	return nil
}

func validStepReason(r StepReason) bool {
	for _, k := range StepReasons() {
		if r == k {
			return true
		}
	}
	return false
}

// StateAt is the step's state at now: a snooze whose time has come is open
// again, and a step completed before states existed is done.
func (w WorkItem) StateAt(now time.Time) StepState {
	switch {
	case w.State == StepSnoozed && w.SnoozedUntil != nil && !now.Before(*w.SnoozedUntil):
		return StepOpen
	case w.State == StepOpen && w.CompletedAt != nil:
		return StepDone
	}
	return w.State
}

// OnWorkList reports whether the step is on the seller's work list at now:
// open, sending (shown as such) or failed.
func (w WorkItem) OnWorkList(now time.Time) bool {
	switch w.StateAt(now) {
	case StepOpen, StepSending, StepFailed:
		return true
	}
	return false
}

// StepAfterMessage is the rule, shared by the server and the client cache,
// that derives a step from its text's delivery status: queued or offline
// it is sending; accepted by the provider (sent, delivered, read) it is
// done; failed or undelivered, even after sent, it is failed with the
// reason. changed is false when m does not act on w: another step's
// message, a skipped or snoozed step, or a done step's older text.
func StepAfterMessage(w WorkItem, m Message) (out WorkItem, changed bool) {
	if m.WorkItemID == "" || m.WorkItemID != w.ID || m.Direction != Outbound {
		return w, false
	}
	switch w.State {
	case StepSkipped, StepSnoozed:
		return w, false
	case StepDone:
		// Only its own text's later report (undelivered after sent) can
		// reopen a done step; one done by hand has none.
		if w.MessageID != m.ID {
			return w, false
		}
	case StepSending:
		if w.MessageID != "" && w.MessageID != m.ID {
			return w, false
		}
	case StepOpen:
		if w.CompletedAt != nil {
			return w, false // completed by hand
		}
	}
	out = w
	out.MessageID = m.ID
	switch {
	case IsFailure(m.Status):
		out.State, out.Reason, out.CompletedAt = StepFailed, string(m.FailureReason), nil
		if out.Reason == "" {
			out.Reason = string(ReasonUnknown)
		}
	case m.Status == StatusSent || m.Status == StatusDelivered || m.Status == StatusRead:
		at := m.StatusAt
		out.State, out.Reason, out.CompletedAt = StepDone, "", &at
	case m.Status == StatusPending || m.Status == StatusQueued || m.Status == StatusSending:
		out.State, out.Reason, out.CompletedAt = StepSending, "", nil
	default:
		return w, false
	}
	return out, out.State != w.State || out.Reason != w.Reason || out.MessageID != w.MessageID
}

// SkipStep is the step after a skip: off the work list for good.
func SkipStep(w WorkItem, c StepChange) WorkItem {
	w.State, w.Reason, w.Note, w.SnoozedUntil, w.CompletedAt = StepSkipped, string(c.Reason), c.Note, nil, nil
	return w
}

// SnoozeStep is the step after a snooze applied at now: it comes back at
// now + c.ForSeconds.
func SnoozeStep(w WorkItem, c StepChange, now time.Time) WorkItem {
	until := now.Add(time.Duration(c.ForSeconds) * time.Second).UTC()
	w.State, w.Reason, w.Note, w.SnoozedUntil, w.CompletedAt = StepSnoozed, string(c.Reason), c.Note, &until, nil
	return w
}
