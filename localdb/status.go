package localdb

import "smsdesk/crm"

// mergeStatus keeps stored's delivery fields when incoming would go
// backwards (crm.StatusRank, the server's own order). In the cache a failure
// is also final: the local echo of a refused send is failed before any
// server state exists for it, and nothing the server sends later revives it.
func mergeStatus(incoming *crm.Message, stored crm.Message) {
	if incoming.WorkItemID == "" {
		incoming.WorkItemID = stored.WorkItemID
	}
	if crm.StatusRank(incoming.Status) < crm.StatusRank(stored.Status) ||
		(crm.IsFailure(stored.Status) && incoming.Status != stored.Status) {
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
	case crm.ErrForbidden, crm.ErrCannotReply:
		return crm.ReasonNotPermitted
	default:
		return crm.ReasonUnknown
	}
}
