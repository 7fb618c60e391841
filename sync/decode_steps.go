package sync

import "smsdesk/crm"

// validateStepCommand checks the payload a skip_work_item or
// snooze_work_item command needs before it reaches the backend: present,
// with a work item id short enough to be a key. The backend checks the
// rest (reason, length, note) and names the field it refuses.
func validateStepCommand(c *crm.Command) error {
	if c.Kind != crm.CmdSkipWorkItem && c.Kind != crm.CmdSnoozeWorkItem {
		return nil
	}
	invalid := func(msg string) error {
		return &DecodeError{Code: ErrCodeInvalidFrame, Msg: string(TypeCommand) + ": " + string(c.Kind) + ": " + msg}
	}
	switch {
	case c.Step == nil:
		return invalid("missing step")
	case c.Step.WorkItemID == "":
		return invalid("missing step.work_item_id")
	case len(c.Step.WorkItemID) > maxCommandIDLen:
		return invalid("step.work_item_id too long")
	}
	return nil
}
