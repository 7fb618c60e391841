package crm

import "context"

// InboundSMS is a customer's message as any provider adapter reports it.
type InboundSMS struct {
	ProviderID string // Twilio MessageSid: the deduplication key
	From       string // customer, as the provider gave it (normalised by the backend)
	To         string // business number
	Body       string
	Segments   int
	Media      []Media
	// Extra keeps every other parameter the provider sent, unknown ones too.
	Extra map[string]string
}

// Media is an MMS attachment reference.
type Media struct {
	URL         string `json:"url"`
	ContentType string `json:"content_type"`
}

// StatusReport is a delivery receipt for an outbound message.
type StatusReport struct {
	ProviderID string
	Status     DeliveryStatus
	ErrorCode  string // provider's code, e.g. "30003"
}

// OutboundSMS is what the backend asks a provider to send.
type OutboundSMS struct {
	MessageID string // smsdesk's id, echoed in the status callback URL
	From      string
	To        string
	Body      string
}

// SendResult is the provider's immediate answer to a send.
type SendResult struct {
	ProviderID string
	Status     DeliveryStatus
	ErrorCode  string
	Segments   int
}

// Provider sends SMS. Implemented by backend/twilio.Client and backend/sim.
type Provider interface {
	Send(ctx context.Context, m OutboundSMS) (SendResult, error)
}

// Receiver takes what a provider reports. *backend.Service implements it; a
// nil error means the report is durably committed.
type Receiver interface {
	ReceiveSMS(ctx context.Context, m InboundSMS) error
	ReceiveStatus(ctx context.Context, r StatusReport) error
}
