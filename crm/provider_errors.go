package crm

import "strings"

// ReasonForTwilioCode maps a Twilio error code to a reason a seller can act
// on; "" means no error. The table:
//
//	21211 invalid To number                    InvalidSendingParameters
//	21212 invalid From number                  InvalidSendingParameters
//	21217 number does not appear valid         InvalidSendingParameters
//	21401 invalid phone number                 InvalidSendingParameters
//	21614 To is not a mobile number            InvalidSendingParameters
//	21610 recipient replied STOP               OptedOut
//	21408 region not permitted                 NotPermitted
//	21606 From number not SMS-capable          NotPermitted
//	21608 unverified number (trial account)    NotPermitted
//	30034 unregistered 10DLC number            NotPermitted
//	21612 To unroutable from this From         Unreachable
//	30003 unreachable handset                  Unreachable
//	30004 blocked                              Blocked
//	30005 unknown handset                      UnknownHandset
//	30006 landline or unreachable carrier      Landline
//	30007 filtered by carrier                  Filtered
//	30008 and any other code                   Unknown
//
// 21614 counts as invalid parameters (as the issue asks) because the fix is
// the same: enter a mobile number in E.164. 21612 is a valid number the
// route cannot reach, so it reads as Unreachable rather than invalid. 30034
// is the sender's registration, not the recipient's, so NotPermitted.
func ReasonForTwilioCode(code string) FailureReason {
	switch strings.TrimSpace(code) {
	case "":
		return ""
	case "21211", "21212", "21217", "21401", "21614":
		return ReasonInvalidSendingParameters
	case "21610":
		return ReasonOptedOut
	case "21408", "21606", "21608", "30034":
		return ReasonNotPermitted
	case "21612", "30003":
		return ReasonUnreachable
	case "30004":
		return ReasonBlocked
	case "30005":
		return ReasonUnknownHandset
	case "30006":
		return ReasonLandline
	case "30007":
		return ReasonFiltered
	}
	return ReasonUnknown
}
