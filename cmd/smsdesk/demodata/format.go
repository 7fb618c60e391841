package demodata

import "time"

// The types below mirror the dataset file format (docs/dataset.md,
// backend/dataset.go) field for field. The generator writes them and Shift
// reads them back strictly, so a field the generator does not know cannot
// slip through a shift unnoticed.

// File is a whole dataset.
type File struct {
	Org       Org        `json:"org"`
	Teams     []Team     `json:"teams"`
	Users     []User     `json:"users"`
	Numbers   []Number   `json:"numbers"`
	Records   []Record   `json:"records"`
	Messages  []Message  `json:"messages"`
	Templates []Template `json:"templates"`
	Worklist  []WorkItem `json:"worklist"`
}

// Org is the organisation's settings.
type Org struct {
	Name               string `json:"name"`
	InAppNotifications bool   `json:"in_app_notifications"`
}

// Team is a team (business unit).
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// User is a demo user with its bearer token.
type User struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	FirstName string   `json:"first_name"`
	LastName  string   `json:"last_name"`
	Token     string   `json:"token"`
	Roles     []string `json:"roles"`
	Teams     []string `json:"teams"`
	Language  string   `json:"language"`
}

// Owner is a user or a team.
type Owner struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Number is a business number.
type Number struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	Owner  Owner  `json:"owner"`
	Type   string `json:"type"`
}

// Record is an account, contact, opportunity or lead.
type Record struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	Name      string            `json:"name"`
	Owner     Owner             `json:"owner"`
	Active    bool              `json:"active"`
	UpdatedAt time.Time         `json:"updated_at"`
	Phones    map[string]string `json:"phones,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	AccountID string            `json:"account_id,omitempty"`
	ContactID string            `json:"contact_id,omitempty"`
}

// Message is one SMS of the history.
type Message struct {
	ID             string    `json:"id"`
	Record         string    `json:"record"`
	BusinessNumber string    `json:"business_number"`
	CustomerNumber string    `json:"customer_number"`
	Direction      string    `json:"direction"`
	Body           string    `json:"body"`
	Author         string    `json:"author,omitempty"`
	At             time.Time `json:"at"`
	Status         string    `json:"status"`
	ErrorCode      string    `json:"error_code,omitempty"`
	Media          []Media   `json:"media,omitempty"`
}

// Media is an MMS attachment of an inbound message.
type Media struct {
	URL         string `json:"url"`
	ContentType string `json:"content_type"`
}

// Template is a message template.
type Template struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	Category     string        `json:"category"`
	Language     string        `json:"language"`
	Body         string        `json:"body"`
	Placeholders []Placeholder `json:"placeholders,omitempty"`
	Team         string        `json:"team,omitempty"`
	CreatedBy    string        `json:"created_by,omitempty"`
}

// Placeholder describes one {{Field}} of a template.
type Placeholder struct {
	Field       string `json:"field"`
	DisplayName string `json:"display_name,omitempty"`
	Default     string `json:"default,omitempty"`
}

// WorkItem is a Sales accelerator "text" step.
type WorkItem struct {
	ID       string    `json:"id"`
	Record   string    `json:"record"`
	Step     string    `json:"step"`
	Template string    `json:"template,omitempty"`
	Due      time.Time `json:"due"`
	Owner    string    `json:"owner"`
}
