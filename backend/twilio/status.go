package twilio

import "smsdesk/crm"

// statusMap translates every MessageStatus Twilio documents into smsdesk's
// smaller set of delivery states.
//
// Choices that are not one-to-one:
//   - accepted and scheduled are "queued": Twilio holds the message and has
//     not handed it to a carrier yet (accepted is a Messaging Service send,
//     scheduled a send at a later time).
//   - receiving and received are inbound states; they map to received.
//   - partially_delivered maps to delivered: some segments reached the
//     handset, so the customer has seen (part of) the text. Reporting it as a
//     failure would invite the seller to send the whole message again and the
//     customer to receive duplicates. Any ErrorCode that comes with it is
//     kept on the StatusReport.
//   - canceled (a scheduled message cancelled before it was sent) maps to
//     failed: the message will never go out.
var statusMap = map[string]crm.DeliveryStatus{
	"queued":              crm.StatusQueued,
	"accepted":            crm.StatusQueued,
	"scheduled":           crm.StatusQueued,
	"sending":             crm.StatusSending,
	"sent":                crm.StatusSent,
	"delivered":           crm.StatusDelivered,
	"partially_delivered": crm.StatusDelivered,
	"undelivered":         crm.StatusUndelivered,
	"failed":              crm.StatusFailed,
	"canceled":            crm.StatusFailed,
	"receiving":           crm.StatusReceived,
	"received":            crm.StatusReceived,
	"read":                crm.StatusRead,
}

// MapStatus returns the crm.DeliveryStatus for a Twilio MessageStatus. ok is
// false for a status Twilio did not document when this was written.
func MapStatus(twilioStatus string) (status crm.DeliveryStatus, ok bool) {
	status, ok = statusMap[twilioStatus]
	return status, ok
}
