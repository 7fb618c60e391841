package localdb

import "smsdesk/crm"

// statusRank orders delivery statuses so the cache never moves a message
// backwards: receipts arrive out of order, and a page of history fetched
// before a live status event may be applied after it.
func statusRank(s crm.DeliveryStatus) int {
	switch s {
	case crm.StatusPending:
		return 0
	case crm.StatusQueued:
		return 1
	case crm.StatusSending:
		return 2
	case crm.StatusSent, crm.StatusReceived:
		return 3
	case crm.StatusDelivered:
		return 4
	case crm.StatusRead:
		return 5
	case crm.StatusFailed, crm.StatusUndelivered:
		// Final: nothing replaces a failure.
		return 100
	default:
		// Unknown (newer server): accept over pending only.
		return 1
	}
}

// mergeStatus keeps stored's delivery fields when incoming would go backwards.
func mergeStatus(incoming *crm.Message, stored crm.Message) {
	if statusRank(incoming.Status) < statusRank(stored.Status) ||
		(statusRank(stored.Status) == 100 && incoming.Status != stored.Status) {
		incoming.Status = stored.Status
		incoming.StatusAt = stored.StatusAt
		incoming.ErrorCode = stored.ErrorCode
		incoming.FailureReason = stored.FailureReason
	}
}

// reasonForError maps a refused command's code to a reason a seller can act on.
func reasonForError(e *crm.CommandError) crm.FailureReason {
	if e == nil {
		return crm.ReasonUnknown
	}
	switch e.Code {
	case crm.ErrInvalidPhone:
		return crm.ReasonInvalidSendingParameters
	case crm.ErrOptedOut:
		return crm.ReasonOptedOut
	case crm.ErrForbidden:
		return crm.ReasonNotPermitted
	default:
		return crm.ReasonUnknown
	}
}
