package backend

import (
	"fmt"

	"smsdesk/crm"
)

// stepFollowsMessage moves the Sales accelerator step a text was sent for
// to the state its delivery status gives (crm.StepAfterMessage, the same
// rule the client cache applies ahead of the server) and tells its owner.
func (w *writeTx) stepFollowsMessage(m crm.Message) error {
	if m.WorkItemID == "" {
		return nil
	}
	b := w.tx.Bucket(bWorkItems)
	var wi crm.WorkItem
	ok, err := getJSON(b, m.WorkItemID, &wi)
	if err != nil {
		return fmt.Errorf("work item %s for message %s: %w", m.WorkItemID, m.ID, err)
	}
	if !ok {
		return nil // removed since: the text stands alone
	}
	out, changed := crm.StepAfterMessage(wi, m)
	if !changed {
		return nil
	}
	return w.putWorkItem(out)
}

// putWorkItem stores a step and emits it to its owner.
func (w *writeTx) putWorkItem(wi crm.WorkItem) error {
	if err := putJSON(w.tx.Bucket(bWorkItems), []byte(wi.ID), wi); err != nil {
		return fmt.Errorf("store work item %s: %w", wi.ID, err)
	}
	return w.emit(crm.Event{Kind: crm.EventWorkItem, Audience: []string{wi.Owner}, WorkItem: &wi})
}

// applyStepChange skips or snoozes one of the seller's steps. A snooze's
// end is counted on the server's clock. Skipping or snoozing a done step
// is refused (conflict): its text already went.
func (s *Service) applyStepChange(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	snooze := cmd.Kind == crm.CmdSnoozeWorkItem
	if cerr := crm.ValidateStepChange(cmd.Step, snooze); cerr != nil {
		return crm.CommandResult{ID: cmd.ID, Error: cerr}, nil
	}
	var wi crm.WorkItem
	ok, err := getJSON(w.tx.Bucket(bWorkItems), cmd.Step.WorkItemID, &wi)
	if err != nil {
		return crm.CommandResult{}, err
	}
	if !ok || wi.Owner != u.ID {
		return refusal(cmd.ID, crm.ErrNotFound, "step.work_item_id", "work item not found"), nil
	}
	if wi.StateAt(w.now) == crm.StepDone {
		return refusal(cmd.ID, crm.ErrConflict, "step.work_item_id", "this step is done: its text was sent"), nil
	}
	if snooze {
		wi = crm.SnoozeStep(wi, *cmd.Step, w.now)
	} else {
		wi = crm.SkipStep(wi, *cmd.Step)
	}
	if err := w.putWorkItem(wi); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{}, nil
}
