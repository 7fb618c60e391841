package localdb

import (
	"time"

	"smsdesk/crm"
)

// stepFollowsMessage applies, ahead of the server, the rule that derives
// a Sales accelerator step from its text's delivery status
// (crm.StepAfterMessage, the server's own rule): a pending send makes the
// step sending, a refused or failed one brings it back failed. The
// server's work item event follows and agrees.
func (t *txn) stepFollowsMessage(m crm.Message) error {
	if m.WorkItemID == "" {
		return nil
	}
	w, ok, err := t.workItem(m.WorkItemID)
	if err != nil || !ok {
		return err
	}
	out, changed := crm.StepAfterMessage(w, m)
	if !changed {
		return nil
	}
	t.ch.kind(crm.EventWorkItem)
	return t.putWorkItem(out)
}

// echoStepChange skips or snoozes the step locally, remembering it as it
// was. A snooze counts from when it was enqueued until the server's answer
// brings the server's own time.
func (t *txn) echoStepChange(e *outboxEntry) (bool, error) {
	c := e.Cmd.Step
	w, ok, err := t.workItem(c.WorkItemID)
	if err != nil || !ok || w.StateAt(t.now) == crm.StepDone {
		return false, err
	}
	if e.PrevStep == nil {
		prev := w
		e.PrevStep = &prev
	}
	if e.Cmd.Kind == crm.CmdSnoozeWorkItem {
		w = crm.SnoozeStep(w, *c, e.At)
	} else {
		w = crm.SkipStep(w, *c)
	}
	t.ch.kind(crm.EventWorkItem)
	return true, t.putWorkItem(w)
}

// revertStepChange puts a refused skip or snooze's step back as it was,
// unless something newer (the server's event) changed it meanwhile.
func (t *txn) revertStepChange(e *outboxEntry) error {
	if e.PrevStep == nil || e.Cmd.Step == nil {
		return nil
	}
	w, ok, err := t.workItem(e.Cmd.Step.WorkItemID)
	if err != nil || !ok {
		return err
	}
	if w.Reason != string(e.Cmd.Step.Reason) || (w.State != crm.StepSkipped && w.State != crm.StepSnoozed) {
		return nil
	}
	t.ch.kind(crm.EventWorkItem)
	return t.putWorkItem(*e.PrevStep)
}

// stepListed tells whether a step belongs in the due index: every step
// but a done or skipped one (a snoozed step comes back by itself).
func stepListed(w crm.WorkItem) bool {
	switch w.StateAt(time.Time{}) {
	case crm.StepDone, crm.StepSkipped:
		return false
	}
	return true
}
