package sim

import "smsdesk/crm"

// Behavior is how a simulated customer number responds to a send.
type Behavior int

const (
	// Deliver: sent, then delivered, then the customer may reply.
	Deliver Behavior = iota
	// Invalid: refused at send time with 21211 (invalid To), no receipts,
	// as Twilio refuses a number it cannot parse.
	Invalid
	// Unreachable: accepted and sent, then failed with 30003 (handset
	// switched off or out of coverage).
	Unreachable
	// Landline: accepted and sent, then undelivered with 30006.
	Landline
	// Filtered: accepted and sent, then undelivered with 30007 (carrier
	// filtering).
	Filtered
	// Silent: delivered, but the customer never replies.
	Silent
)

// outcome is what a Behavior does, in Twilio's terms.
type outcome struct {
	refuse    bool               // SendResult failed at once, no receipts
	final     crm.DeliveryStatus // last receipt
	errorCode string
	reply     bool
}

func (b Behavior) outcome() outcome {
	switch b {
	case Invalid:
		return outcome{refuse: true, final: crm.StatusFailed, errorCode: "21211"}
	case Unreachable:
		return outcome{final: crm.StatusFailed, errorCode: "30003"}
	case Landline:
		return outcome{final: crm.StatusUndelivered, errorCode: "30006"}
	case Filtered:
		return outcome{final: crm.StatusUndelivered, errorCode: "30007"}
	case Silent:
		return outcome{final: crm.StatusDelivered}
	}
	return outcome{final: crm.StatusDelivered, reply: true}
}

func (b Behavior) String() string {
	switch b {
	case Deliver:
		return "deliver"
	case Invalid:
		return "invalid"
	case Unreachable:
		return "unreachable"
	case Landline:
		return "landline"
	case Filtered:
		return "filtered"
	case Silent:
		return "silent"
	}
	return "unknown"
}
