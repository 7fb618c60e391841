package crm

import (
	"fmt"
	"strings"
)

// TemplateData is what a template is rendered against: the record the
// conversation belongs to, the records linked to it (a contact's account; an
// opportunity's contact and account) and the sending user.
type TemplateData struct {
	Record  Record
	Contact *Record
	Account *Record
	User    User
}

// TemplateError says why a template was refused. Field is the template
// attribute at fault ("name", "category", "body", "placeholders"),
// Placeholder the offending {{field}} when there is one.
type TemplateError struct {
	Field, Placeholder, Reason string
}

func (e *TemplateError) Error() string {
	if e.Placeholder != "" {
		return fmt.Sprintf("template %s: placeholder %q: %s", e.Field, e.Placeholder, e.Reason)
	}
	return fmt.Sprintf("template %s: %s", e.Field, e.Reason)
}

// fieldSource says which record (or the user) a template field reads.
type fieldSource int

const (
	srcContact fieldSource = iota
	srcAccount
	srcOpportunity
	srcLead
	srcUser
)

// Special keys: the record's display name, and first + last name joined.
const (
	keyName     = "Name"
	keyFullName = "FullName"
)

// fieldSpec maps one {{Field}} to where its value lives.
type fieldSpec struct {
	name string
	src  fieldSource
	key  string // a Record.Fields key, keyName or keyFullName
}

// templateFieldSpecs is the one mapping table from placeholder to data for
// each category; TemplateFields, ValidateTemplate and RenderTemplate all read
// it. A fresh slice each call keeps it free of shared mutable state.
func templateFieldSpecs(category RecordType) []fieldSpec {
	var specs []fieldSpec
	switch category {
	case RecordContact:
		specs = []fieldSpec{
			{"ContactFirstName", srcContact, "FirstName"},
			{"ContactLastName", srcContact, "LastName"},
			{"ContactFullName", srcContact, keyFullName},
			{"ContactEmail", srcContact, "Email"},
			{"ContactJobTitle", srcContact, "JobTitle"},
			{"AccountName", srcAccount, keyName},
		}
	case RecordAccount:
		specs = []fieldSpec{
			{"AccountName", srcAccount, keyName},
			{"AccountCity", srcAccount, "City"},
			{"AccountWebsite", srcAccount, "Website"},
		}
	case RecordOpportunity:
		specs = []fieldSpec{
			{"OpportunityName", srcOpportunity, keyName},
			{"OpportunityEstimatedValue", srcOpportunity, "EstimatedValue"},
			{"OpportunityCloseDate", srcOpportunity, "CloseDate"},
			{"ContactFirstName", srcContact, "FirstName"},
			{"ContactLastName", srcContact, "LastName"},
			{"AccountName", srcAccount, keyName},
		}
	case RecordLead:
		specs = []fieldSpec{
			{"LeadFirstName", srcLead, "FirstName"},
			{"LeadLastName", srcLead, "LastName"},
			{"LeadFullName", srcLead, keyFullName},
			{"LeadCompany", srcLead, "Company"},
			{"LeadJobTitle", srcLead, "JobTitle"},
		}
	default:
		return nil
	}
	return append(specs,
		fieldSpec{"UserFirstName", srcUser, "FirstName"},
		fieldSpec{"UserLastName", srcUser, "LastName"},
		fieldSpec{"UserFullName", srcUser, keyFullName},
	)
}

// TemplateFields lists the placeholders a template of this category may use,
// in the order the composer offers them; nil for an unknown category.
func TemplateFields(category RecordType) []string {
	specs := templateFieldSpecs(category)
	if specs == nil {
		return nil
	}
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.name
	}
	return names
}

// placeholderToken is one {{...}} found in a body.
type placeholderToken struct {
	start, end int    // body[start:end] is the whole "{{...}}"
	name       string // trimmed inside
	valid      bool   // name is an identifier
}

// scanPlaceholders walks body's {{...}} tokens in order, calling fn for
// each. It stops with an error at an unterminated "{{".
func scanPlaceholders(body string, fn func(placeholderToken)) error {
	for i := 0; ; {
		open := strings.Index(body[i:], "{{")
		if open < 0 {
			return nil
		}
		open += i
		closeAt := strings.Index(body[open+2:], "}}")
		if closeAt < 0 {
			return &TemplateError{Field: "body", Placeholder: body[open:], Reason: "unterminated {{ (missing }})"}
		}
		closeAt += open + 2
		name := strings.TrimSpace(body[open+2 : closeAt])
		fn(placeholderToken{start: open, end: closeAt + 2, name: name, valid: isFieldName(name)})
		i = closeAt + 2
	}
}

// isFieldName accepts the identifiers TemplateFields uses: an ASCII letter,
// then letters and digits. Anything else inside braces is a typo.
func isFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Placeholders lists the well-formed {{Field}} names in body, in order of
// first use, each once. Malformed braces are left to ValidateTemplate.
func Placeholders(body string) []string {
	var names []string
	_ = scanPlaceholders(body, func(t placeholderToken) {
		if !t.valid {
			return
		}
		for _, n := range names {
			if n == t.name {
				return
			}
		}
		names = append(names, t.name)
	})
	return names
}

// ValidateTemplate refuses a template a seller could not send as is: no name,
// no body, an unknown category, malformed braces, or a placeholder (in the
// body or in the Placeholders list) that its category does not offer. The
// error is a *TemplateError.
func ValidateTemplate(t Template) error {
	if strings.TrimSpace(t.Name) == "" {
		return &TemplateError{Field: "name", Reason: "required"}
	}
	fields := TemplateFields(t.Category)
	if fields == nil {
		return &TemplateError{Field: "category", Reason: fmt.Sprintf("unknown category %q (want contact, account, opportunity or lead)", t.Category)}
	}
	if strings.TrimSpace(t.Body) == "" {
		return &TemplateError{Field: "body", Reason: "required"}
	}
	known := func(name string) bool {
		for _, f := range fields {
			if f == name {
				return true
			}
		}
		return false
	}
	var bad *TemplateError
	err := scanPlaceholders(t.Body, func(tok placeholderToken) {
		if bad != nil {
			return
		}
		switch {
		case !tok.valid:
			bad = &TemplateError{Field: "body", Placeholder: t.Body[tok.start:tok.end], Reason: "malformed placeholder (want {{FieldName}})"}
		case !known(tok.name):
			bad = &TemplateError{Field: "body", Placeholder: tok.name, Reason: fmt.Sprintf("not a field of %s templates", t.Category)}
		}
	})
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	for _, p := range t.Placeholders {
		if !known(p.Field) {
			return &TemplateError{Field: "placeholders", Placeholder: p.Field, Reason: fmt.Sprintf("not a field of %s templates", t.Category)}
		}
	}
	return nil
}

// RenderTemplate fills each {{Field}} of t's body from d. An empty value
// falls back to the placeholder's Default, and with no default either the
// placeholder becomes "": a customer must never receive "{{...}}". Values
// are inserted literally, never expanded again. An unterminated "{{" (which
// ValidateTemplate refuses) is kept as text.
func RenderTemplate(t Template, d TemplateData) string {
	return JoinTemplateParts(RenderTemplateParts(t, d, nil))
}

func placeholderDefault(ps []Placeholder, field string) string {
	for _, p := range ps {
		if p.Field == field {
			return p.Default
		}
	}
	return ""
}

// value reads the spec's field from d.
func (s fieldSpec) value(d TemplateData) string {
	if s.src == srcUser {
		switch s.key {
		case "FirstName":
			return d.User.FirstName
		case "LastName":
			return d.User.LastName
		}
		if full := joinName(d.User.FirstName, d.User.LastName); full != "" {
			return full
		}
		return d.User.Name
	}
	r := s.src.record(d)
	if r == nil {
		return ""
	}
	switch s.key {
	case keyName:
		return r.Name
	case keyFullName:
		if full := joinName(r.Fields["FirstName"], r.Fields["LastName"]); full != "" {
			return full
		}
		return r.Name
	}
	return r.Fields[s.key]
}

// record picks the record a source reads: the conversation's own record when
// it is of that type, else the linked one from TemplateData.
func (s fieldSource) record(d TemplateData) *Record {
	var want RecordType
	switch s {
	case srcContact:
		want = RecordContact
	case srcAccount:
		want = RecordAccount
	case srcOpportunity:
		want = RecordOpportunity
	case srcLead:
		want = RecordLead
	}
	if d.Record.Type == want {
		return &d.Record
	}
	switch s {
	case srcContact:
		return d.Contact
	case srcAccount:
		return d.Account
	}
	return nil
}

func joinName(first, last string) string {
	return strings.TrimSpace(strings.TrimSpace(first) + " " + strings.TrimSpace(last))
}
