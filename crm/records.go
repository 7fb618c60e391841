package crm

import "time"

// NumberType is the kind of a business phone number.
type NumberType string

const (
	NumberGeo       NumberType = "geo"
	NumberShortCode NumberType = "short_code"
	NumberTollFree  NumberType = "toll_free"
)

// BusinessNumber is a number the organisation sends from. Its E.164 form is
// its identity; only its owners (a user, or the members of a team) may use it.
type BusinessNumber struct {
	Number string     `json:"number"` // E.164, the key
	Name   string     `json:"name"`   // unique
	Owner  Owner      `json:"owner"`
	Type   NumberType `json:"type"`
	// Removed numbers keep their conversations readable but cannot send.
	Removed bool `json:"removed,omitempty"`
}

// RecordType is one of the four CRM entities a conversation can belong to.
type RecordType string

const (
	RecordContact     RecordType = "contact"
	RecordAccount     RecordType = "account"
	RecordOpportunity RecordType = "opportunity"
	RecordLead        RecordType = "lead"
)

// RecordTypes lists the record types in routing rule 4's order of preference.
var RecordTypes = [...]RecordType{RecordContact, RecordAccount, RecordOpportunity, RecordLead}

// PhoneField names a phone slot on a record.
type PhoneField string

const (
	PhoneBusiness PhoneField = "business"
	PhoneMobile   PhoneField = "mobile"
	PhoneMain     PhoneField = "main" // accounts
)

// RecordRef points at a record. IDs are unique across all types; the type
// travels with the id so a reader never has to look it up.
type RecordRef struct {
	Type RecordType `json:"type"`
	ID   string     `json:"id"`
}

// Record is a contact, account, opportunity or lead.
type Record struct {
	ID        string     `json:"id"`
	Type      RecordType `json:"type"`
	Name      string     `json:"name"` // display name
	Owner     Owner      `json:"owner"`
	Active    bool       `json:"active"`
	UpdatedAt time.Time  `json:"updated_at"`
	// Phones holds E.164 numbers by field; an empty map means no number.
	Phones map[PhoneField]string `json:"phones,omitempty"`
	// Fields are the display attributes templates draw on, keyed by the
	// names in TemplateFields (FirstName, LastName, Company, Email, Title…).
	Fields map[string]string `json:"fields,omitempty"`
	// Links: a contact's account; an opportunity's contact and account.
	AccountID string `json:"account_id,omitempty"`
	ContactID string `json:"contact_id,omitempty"`
}

// Ref returns the reference to r.
func (r Record) Ref() RecordRef { return RecordRef{Type: r.Type, ID: r.ID} }

// WorkItem is a Sales accelerator step: text this record by Due.
type WorkItem struct {
	ID         string    `json:"id"`
	Record     RecordRef `json:"record"`
	Step       string    `json:"step"` // "text" is the only step smsdesk acts on
	TemplateID string    `json:"template_id,omitempty"`
	Due        time.Time `json:"due"`
	Owner      string    `json:"owner"` // user id
	// CompletedAt is set when the step is done: its text was accepted by
	// the provider, or it was completed by hand.
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	// State, MessageID and Reason follow the step's text (StepAfterMessage):
	// MessageID is the send that acts on it, Reason the failure reason of a
	// failed step or the StepReason of a skipped or snoozed one.
	State     StepState `json:"state,omitempty"`
	MessageID string    `json:"message_id,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	// Note is the seller's own words on a skip or a snooze.
	Note         string     `json:"note,omitempty"`
	SnoozedUntil *time.Time `json:"snoozed_until,omitempty"`
}

// Template is a reusable message body with {{Placeholder}} fields.
type Template struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Category RecordType `json:"category"`
	Language string     `json:"language"` // BCP 47
	Body     string     `json:"body"`
	// Placeholders describes each {{Field}} the body uses: its display name and
	// the default used when the record or user leaves the field empty.
	Placeholders []Placeholder `json:"placeholders,omitempty"`
	// Team is the business unit the template belongs to; empty means the org.
	Team      string    `json:"team,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Placeholder describes one {{Field}} of a template.
type Placeholder struct {
	Field       string `json:"field"` // e.g. ContactFirstName
	DisplayName string `json:"display_name,omitempty"`
	Default     string `json:"default,omitempty"`
}
