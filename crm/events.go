package crm

import "time"

// EventKind says what changed. The backend appends one event per change to
// its log, with a monotonically increasing sequence number; sync ships the
// events each user may see, and localdb applies them in order.
type EventKind string

const (
	// EventMessage: a message was created or its status changed. Carries
	// Message and, to keep the grid's row current, Conversation.
	EventMessage EventKind = "message"
	// EventConversation: created, moved to another record, opted out/in.
	EventConversation EventKind = "conversation"
	// EventConversationGranted: the audience just gained sight of an existing
	// conversation (a move, an owner change). Sync expands it into the
	// conversation and its whole history.
	EventConversationGranted EventKind = "conversation_granted"
	// EventConversationRevoked: the audience lost sight of the conversation;
	// clients delete it and its messages from their cache.
	EventConversationRevoked EventKind = "conversation_revoked"
	// EventConversationRead: the audience's user read the conversation up to
	// ReadAt (per user: unread counts are personal).
	EventConversationRead EventKind = "conversation_read"
	EventRecord           EventKind = "record"
	EventTemplate         EventKind = "template"
	EventTemplateDeleted  EventKind = "template_deleted"
	EventNotification     EventKind = "notification" // created or read
	EventWorkItem         EventKind = "work_item"
	EventNumber           EventKind = "number"
	EventUser             EventKind = "user"
	EventTeam             EventKind = "team"
	EventOrg              EventKind = "org"
)

// Event is one entry of the backend's change log. Exactly one payload field
// is set, matching Kind (EventMessage also sets Conversation).
type Event struct {
	Seq  uint64    `json:"seq"`
	Kind EventKind `json:"kind"`
	At   time.Time `json:"at"`

	// Public events go to every user; all others only to Audience. Sync must
	// strip Audience before an event leaves the server.
	Public   bool     `json:"public,omitempty"`
	Audience []string `json:"audience,omitempty"`

	Message        *Message        `json:"message,omitempty"`
	Conversation   *Conversation   `json:"conversation,omitempty"`
	ConversationID string          `json:"conversation_id,omitempty"` // revoked, read
	ReadAt         *time.Time      `json:"read_at,omitempty"`
	Record         *Record         `json:"record,omitempty"`
	Template       *Template       `json:"template,omitempty"`
	TemplateID     string          `json:"template_id,omitempty"` // deleted
	Notification   *Notification   `json:"notification,omitempty"`
	WorkItem       *WorkItem       `json:"work_item,omitempty"`
	Number         *BusinessNumber `json:"number,omitempty"`
	User           *User           `json:"user,omitempty"`
	Team           *Team           `json:"team,omitempty"`
	Org            *Org            `json:"org,omitempty"`
}

// VisibleTo reports whether the event may be shipped to user id.
func (e Event) VisibleTo(userID string) bool {
	if e.Public {
		return true
	}
	for _, u := range e.Audience {
		if u == userID {
			return true
		}
	}
	return false
}

// Snapshot is everything one user may see, as of Seq. A client with no
// cursor, or one too old for the log, starts from it.
type Snapshot struct {
	Seq           uint64           `json:"seq"`
	Me            User             `json:"me"`
	Org           Org              `json:"org"`
	Users         []User           `json:"users"`
	Teams         []Team           `json:"teams"`
	Numbers       []BusinessNumber `json:"numbers"`
	Records       []Record         `json:"records"`
	Templates     []Template       `json:"templates"`
	WorkItems     []WorkItem       `json:"work_items"`
	Notifications []Notification   `json:"notifications"`
	Conversations []Conversation   `json:"conversations"`
	// ReadMarks maps conversation id to the time this user last read it.
	ReadMarks map[string]time.Time `json:"read_marks,omitempty"`
	// Messages are not here: they are paged separately, one conversation
	// after another, so a first sync of 100,000 messages streams.
}
