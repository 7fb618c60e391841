package crm

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestTemplateFields(t *testing.T) {
	user := []string{"UserFirstName", "UserLastName", "UserFullName"}
	tests := []struct {
		category RecordType
		want     []string
	}{
		{RecordContact, append([]string{"ContactFirstName", "ContactLastName", "ContactFullName", "ContactEmail", "ContactJobTitle", "AccountName"}, user...)},
		{RecordAccount, append([]string{"AccountName", "AccountCity", "AccountWebsite"}, user...)},
		{RecordOpportunity, append([]string{"OpportunityName", "OpportunityEstimatedValue", "OpportunityCloseDate", "ContactFirstName", "ContactLastName", "AccountName"}, user...)},
		{RecordLead, append([]string{"LeadFirstName", "LeadLastName", "LeadFullName", "LeadCompany", "LeadJobTitle"}, user...)},
		{"invoice", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := TemplateFields(tt.category); !slices.Equal(got, tt.want) {
			t.Errorf("TemplateFields(%q) = %q, want %q", tt.category, got, tt.want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"Hi {{ContactFirstName}}, {{UserFirstName}} here. Bye {{ContactFirstName}}", []string{"ContactFirstName", "UserFirstName"}},
		{"Hi {{ ContactFirstName }}", []string{"ContactFirstName"}},
		{"no placeholders, {single} braces", nil},
		{"{{Bad Name}} and {{}} and {{Good1}}", []string{"Good1"}},
		{"unterminated {{ContactFirstName", nil},
		{"{{A}}{{B}}", []string{"A", "B"}},
	}
	for _, tt := range tests {
		if got := Placeholders(tt.body); !slices.Equal(got, tt.want) {
			t.Errorf("Placeholders(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestValidateTemplate(t *testing.T) {
	ok := Template{Name: "Follow-up", Category: RecordContact, Language: "en", Body: "Hi {{ContactFirstName}}, it's {{UserFirstName}} from {{AccountName}}."}
	tests := []struct {
		name    string
		edit    func(*Template)
		wantErr *TemplateError // nil: valid
	}{
		{"valid", func(*Template) {}, nil},
		{"valid without placeholders", func(t *Template) { t.Body = "Thanks!" }, nil},
		{"valid placeholder list", func(t *Template) { t.Placeholders = []Placeholder{{Field: "ContactFirstName", Default: "there"}} }, nil},
		{"empty name", func(t *Template) { t.Name = "  " }, &TemplateError{Field: "name"}},
		{"empty body", func(t *Template) { t.Body = "" }, &TemplateError{Field: "body"}},
		{"unknown category", func(t *Template) { t.Category = "invoice" }, &TemplateError{Field: "category"}},
		{"field of another category", func(t *Template) { t.Body = "Hi {{LeadFirstName}}" }, &TemplateError{Field: "body", Placeholder: "LeadFirstName"}},
		{"unknown field", func(t *Template) { t.Body = "Hi {{Foo}}" }, &TemplateError{Field: "body", Placeholder: "Foo"}},
		{"unterminated", func(t *Template) { t.Body = "Hi {{Foo" }, &TemplateError{Field: "body", Placeholder: "{{Foo"}},
		{"unterminated after a good one", func(t *Template) { t.Body = "{{UserFirstName}} {{ContactFirstName" }, &TemplateError{Field: "body", Placeholder: "{{ContactFirstName"}},
		{"empty braces", func(t *Template) { t.Body = "Hi {{}}" }, &TemplateError{Field: "body", Placeholder: "{{}}"}},
		{"nested open", func(t *Template) { t.Body = "Hi {{{ContactFirstName}}" }, &TemplateError{Field: "body", Placeholder: "{{{ContactFirstName}}"}},
		{"space in name", func(t *Template) { t.Body = "Hi {{Contact FirstName}}" }, &TemplateError{Field: "body", Placeholder: "{{Contact FirstName}}"}},
		{"placeholder list names an unknown field", func(t *Template) { t.Placeholders = []Placeholder{{Field: "LeadCompany"}} }, &TemplateError{Field: "placeholders", Placeholder: "LeadCompany"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := ok
			tt.edit(&tpl)
			err := ValidateTemplate(tpl)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ValidateTemplate: %v", err)
				}
				return
			}
			var te *TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("ValidateTemplate = %v, want a *TemplateError", err)
			}
			if te.Field != tt.wantErr.Field || te.Placeholder != tt.wantErr.Placeholder || te.Reason == "" {
				t.Errorf("ValidateTemplate = %+v, want field %q placeholder %q and a reason", te, tt.wantErr.Field, tt.wantErr.Placeholder)
			}
			if tt.wantErr.Placeholder != "" && !strings.Contains(err.Error(), tt.wantErr.Placeholder) {
				t.Errorf("error %q does not name the placeholder %q", err, tt.wantErr.Placeholder)
			}
		})
	}
}

func TestRenderTemplate(t *testing.T) {
	user := User{ID: "u_alice", Name: "Alice M.", FirstName: "Alice", LastName: "Martin"}
	account := Record{ID: "a1", Type: RecordAccount, Name: "Contoso", Fields: map[string]string{"City": "Lyon", "Website": "contoso.example"}}
	contact := Record{ID: "c1", Type: RecordContact, Name: "Ana Silva", AccountID: "a1",
		Fields: map[string]string{"FirstName": "Ana", "LastName": "Silva", "Email": "ana@contoso.example", "JobTitle": "Buyer"}}
	opp := Record{ID: "o1", Type: RecordOpportunity, Name: "50 seats", ContactID: "c1", AccountID: "a1",
		Fields: map[string]string{"EstimatedValue": "12000 EUR", "CloseDate": "2026-04-30"}}
	lead := Record{ID: "l1", Type: RecordLead, Name: "Bo Chen",
		Fields: map[string]string{"FirstName": "Bo", "LastName": "Chen", "Company": "Fabrikam", "JobTitle": "CTO"}}
	tests := []struct {
		name string
		tpl  Template
		data TemplateData
		want string
	}{
		{
			"contact with linked account",
			Template{Category: RecordContact, Body: "Hi {{ContactFirstName}} {{ContactLastName}} ({{ContactFullName}}, {{ContactJobTitle}}, {{ContactEmail}}) at {{AccountName}}"},
			TemplateData{Record: contact, Account: &account, User: user},
			"Hi Ana Silva (Ana Silva, Buyer, ana@contoso.example) at Contoso",
		},
		{
			"account",
			Template{Category: RecordAccount, Body: "{{AccountName}} in {{AccountCity}}: {{AccountWebsite}}"},
			TemplateData{Record: account, User: user},
			"Contoso in Lyon: contoso.example",
		},
		{
			"opportunity with linked contact and account",
			Template{Category: RecordOpportunity, Body: "{{ContactFirstName}} {{ContactLastName}}, {{OpportunityName}} for {{AccountName}}: {{OpportunityEstimatedValue}} by {{OpportunityCloseDate}}"},
			TemplateData{Record: opp, Contact: &contact, Account: &account, User: user},
			"Ana Silva, 50 seats for Contoso: 12000 EUR by 2026-04-30",
		},
		{
			"lead",
			Template{Category: RecordLead, Body: "{{LeadFullName}} ({{LeadFirstName}}/{{LeadLastName}}), {{LeadJobTitle}} at {{LeadCompany}}"},
			TemplateData{Record: lead, User: user},
			"Bo Chen (Bo/Chen), CTO at Fabrikam",
		},
		{
			"user fields",
			Template{Category: RecordLead, Body: "{{UserFirstName}}|{{UserLastName}}|{{UserFullName}}"},
			TemplateData{Record: lead, User: user},
			"Alice|Martin|Alice Martin",
		},
		{
			"user full name falls back to display name",
			Template{Category: RecordLead, Body: "{{UserFullName}}"},
			TemplateData{Record: lead, User: User{Name: "Alice M."}},
			"Alice M.",
		},
		{
			"empty field falls back to the default",
			Template{Category: RecordContact, Body: "Hi {{ContactFirstName}}, {{ContactJobTitle}}!",
				Placeholders: []Placeholder{{Field: "ContactFirstName", Default: "there"}, {Field: "ContactJobTitle", Default: "friend"}}},
			TemplateData{Record: Record{Type: RecordContact, Fields: map[string]string{"FirstName": "  ", "JobTitle": "Buyer"}}},
			"Hi there, Buyer!",
		},
		{
			"missing linked record falls back to the default",
			Template{Category: RecordContact, Body: "at {{AccountName}}", Placeholders: []Placeholder{{Field: "AccountName", Default: "your company"}}},
			TemplateData{Record: contact},
			"at your company",
		},
		{
			"empty field without default renders empty",
			Template{Category: RecordContact, Body: "Hi {{ContactFirstName}}!"},
			TemplateData{Record: Record{Type: RecordContact}},
			"Hi !",
		},
		{
			"unknown field renders its default or nothing",
			Template{Category: RecordContact, Body: "[{{Nope}}][{{Bad Name}}][{{Other}}]", Placeholders: []Placeholder{{Field: "Other", Default: "x"}}},
			TemplateData{Record: contact},
			"[][][x]",
		},
		{
			"values are not expanded again",
			Template{Category: RecordContact, Body: "Hi {{ContactFirstName}}"},
			TemplateData{Record: Record{Type: RecordContact, Fields: map[string]string{"FirstName": "{{UserFirstName}}"}}, User: user},
			"Hi {{UserFirstName}}",
		},
		{
			"unterminated braces stay as text",
			Template{Category: RecordContact, Body: "{{ContactFirstName}} {{oops"},
			TemplateData{Record: contact},
			"Ana {{oops",
		},
		{
			"spaces inside braces",
			Template{Category: RecordContact, Body: "Hi {{ ContactFirstName }}"},
			TemplateData{Record: contact},
			"Hi Ana",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RenderTemplate(tt.tpl, tt.data); got != tt.want {
				t.Errorf("RenderTemplate = %q, want %q", got, tt.want)
			}
		})
	}
}

func fuzzTemplateSeeds(f *testing.F) {
	for _, s := range []string{
		"Hi {{ContactFirstName}}", "{{", "}}", "{{}}", "{{{ContactFirstName}}}", "{ {{UserFullName}} }",
		"{{ContactFirstName", "a{{b}}c{{", "{{AccountName}}{{AccountName}}", "{{ ContactEmail }}", "",
	} {
		f.Add(s, "Ana")
	}
	f.Add("{{ContactFirstName}}", "")
	f.Add("x{{ContactFirstName}}y", "{")
}

func FuzzRenderTemplate(f *testing.F) {
	fuzzTemplateSeeds(f)
	f.Fuzz(func(t *testing.T, body, value string) {
		tpl := Template{Name: "fuzz", Category: RecordContact, Body: body,
			Placeholders: []Placeholder{{Field: "ContactFirstName", Default: value}, {Field: "AccountName"}}}
		rec := Record{Type: RecordContact, Name: value, Fields: map[string]string{"FirstName": value, "LastName": value, "Email": value, "JobTitle": value}}
		acc := Record{Type: RecordAccount, Name: value}
		out := RenderTemplate(tpl, TemplateData{Record: rec, Account: &acc, User: User{FirstName: value, LastName: value, Name: value}})
		// A value may itself hold braces; only the template's own must go.
		if ValidateTemplate(tpl) == nil && !strings.Contains(value, "{") && strings.Contains(out, "{{") {
			t.Fatalf("valid template %q rendered %q", body, out)
		}
	})
}

func FuzzPlaceholders(f *testing.F) {
	fuzzTemplateSeeds(f)
	f.Fuzz(func(t *testing.T, body, _ string) {
		names := Placeholders(body)
		for i, n := range names {
			if !isFieldName(n) {
				t.Fatalf("Placeholders(%q) returned malformed %q", body, n)
			}
			if slices.Contains(names[:i], n) {
				t.Fatalf("Placeholders(%q) returned %q twice", body, n)
			}
			if !strings.Contains(body, n) {
				t.Fatalf("Placeholders(%q) returned %q, not in the body", body, n)
			}
		}
		err := ValidateTemplate(Template{Name: "fuzz", Category: RecordLead, Body: body})
		var te *TemplateError
		if err != nil && !errors.As(err, &te) {
			t.Fatalf("ValidateTemplate(%q) = %v, not a *TemplateError", body, err)
		}
	})
}
