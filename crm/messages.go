package crm

import "time"

// Conversation is the thread between one business number and one customer
// number, held by one record. Two records may each hold a conversation on the
// same pair of numbers; routing rule 1 chooses between them.
type Conversation struct {
	ID             string    `json:"id"`
	Record         RecordRef `json:"record"`
	RecordName     string    `json:"record_name"`
	BusinessNumber string    `json:"business_number"` // E.164
	CustomerNumber string    `json:"customer_number"` // E.164, or a short code / alphanumeric sender (SenderKind)
	CreatedAt      time.Time `json:"created_at"`
	// LastMessageAt orders the grid; zero for a conversation with no message.
	LastMessageAt time.Time `json:"last_message_at"`
	LastMessage   *Message  `json:"last_message,omitempty"`
	// LastRouting explains where the last inbound message was routed and why.
	LastRouting *RoutingDecision `json:"last_routing,omitempty"`
	// OptedOut is true while the customer number has opted out (STOP).
	OptedOut bool `json:"opted_out,omitempty"`
	// SenderKind is set when the customer is a short code or an
	// alphanumeric sender (CustomerNumber is then not E.164): such a
	// conversation can be read but never replied to. Empty means a phone.
	SenderKind SenderKind `json:"sender_kind,omitempty"`
}

// Direction tells inbound from outbound.
type Direction string

const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
)

// DeliveryStatus is a message's place in its delivery life.
type DeliveryStatus string

const (
	// StatusPending exists only in a client cache: written to the outbox,
	// not yet acknowledged by the server.
	StatusPending     DeliveryStatus = "pending"
	StatusQueued      DeliveryStatus = "queued"
	StatusSending     DeliveryStatus = "sending"
	StatusSent        DeliveryStatus = "sent"
	StatusDelivered   DeliveryStatus = "delivered"
	StatusUndelivered DeliveryStatus = "undelivered"
	StatusFailed      DeliveryStatus = "failed"
	StatusReceived    DeliveryStatus = "received"
	StatusRead        DeliveryStatus = "read"
)

// FailureReason is a reason a seller can act on, mapped from provider codes.
type FailureReason string

const (
	ReasonInvalidSendingParameters FailureReason = "InvalidSendingParameters"
	ReasonOptedOut                 FailureReason = "OptedOut"
	ReasonUnreachable              FailureReason = "Unreachable"
	ReasonUnknownHandset           FailureReason = "UnknownHandset"
	ReasonLandline                 FailureReason = "Landline"
	ReasonFiltered                 FailureReason = "Filtered"
	ReasonBlocked                  FailureReason = "Blocked"
	ReasonUnknown                  FailureReason = "Unknown"
	ReasonNotPermitted             FailureReason = "NotPermitted" // number not owned, region not permitted
)

// Message is one SMS in a conversation.
type Message struct {
	// ID is server-made for inbound; for outbound it is the client's command
	// id, which is what makes a replayed send idempotent.
	ID             string    `json:"id"`
	ConversationID string    `json:"conversation_id"`
	Direction      Direction `json:"direction"`
	Body           string    `json:"body"`
	// Author is the sending user's id for outbound, empty for inbound.
	Author    string    `json:"author,omitempty"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	CreatedAt time.Time `json:"created_at"`
	// ProviderID is the provider's id (Twilio MessageSid).
	ProviderID    string         `json:"provider_id,omitempty"`
	Status        DeliveryStatus `json:"status"`
	StatusAt      time.Time      `json:"status_at"`
	ErrorCode     string         `json:"error_code,omitempty"`
	FailureReason FailureReason  `json:"failure_reason,omitempty"`
	Segments      int            `json:"segments,omitempty"`
	// WorkItemID is the Sales accelerator step this text was sent for: its
	// delivery status decides the step's (StepAfterMessage).
	WorkItemID string `json:"work_item_id,omitempty"`
	// Routing is set on inbound messages: where it landed and why.
	Routing *RoutingDecision `json:"routing,omitempty"`
	// Media are an inbound MMS's attachments, in the provider's order
	// (checked by ValidateMedia). A message may have media and no body.
	Media []Media `json:"media,omitempty"`
}

// NotificationKind is what a notification is about. Notifications carry a
// kind and parameters, never a finished sentence: each client renders them
// in its own language.
type NotificationKind string

const (
	NotifyInboundMessage        NotificationKind = "inbound_message"
	NotifyDeliveryFailed        NotificationKind = "delivery_failed"
	NotifyNewLead               NotificationKind = "new_lead"
	NotifyInsufficientPrivilege NotificationKind = "insufficient_privilege"
	NotifyPrivilegeRevoked      NotificationKind = "privilege_revoked"
)

// Priority of a notification.
type Priority string

const (
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
)

// NotificationTTL is how long a notification lives, as in the CRM.
const NotificationTTL = 14 * 24 * time.Hour

// Notification is an in-app notification for one user.
type Notification struct {
	ID     string           `json:"id"`
	UserID string           `json:"user_id"`
	Kind   NotificationKind `json:"kind"`
	// Params fill the client's localised text: customer, record_name,
	// reason, body…
	Params         map[string]string `json:"params,omitempty"`
	ConversationID string            `json:"conversation_id,omitempty"`
	Priority       Priority          `json:"priority,omitempty"`
	CreatedAt      time.Time         `json:"created_at"`
	ExpiresAt      time.Time         `json:"expires_at"`
	ReadAt         *time.Time        `json:"read_at,omitempty"`
}
