package crm

import (
	"slices"
	"testing"
)

// A lead with no first name: the French template used to render as
// "Bonjour , Maya…" with nothing telling the seller. The parts say which
// placeholder is empty, which took its default, and a value the seller
// types fills the hole.
func TestRenderTemplatePartsSaysWhatIsEmpty(t *testing.T) {
	tp := Template{
		Category:     RecordLead,
		Body:         "Bonjour {{LeadFirstName}}, {{UserFirstName}} de Contoso. Pour {{LeadCompany}} ?",
		Placeholders: []Placeholder{{Field: "LeadCompany", Default: "votre entreprise"}},
	}
	d := TemplateData{Record: Record{Type: RecordLead, Name: "+33 6 12 34 56 78", Fields: map[string]string{}}, User: User{FirstName: "Maya"}}

	parts := RenderTemplateParts(tp, d, nil)
	if got, want := JoinTemplateParts(parts), RenderTemplate(tp, d); got != want {
		t.Fatalf("parts join to %q, RenderTemplate gives %q", got, want)
	}
	if got := TemplateFieldsOfKind(parts, FillEmpty); !slices.Equal(got, []string{"LeadFirstName"}) {
		t.Errorf("empty placeholders = %v, want [LeadFirstName]", got)
	}
	if got := TemplateFieldsOfKind(parts, FillDefault); !slices.Equal(got, []string{"LeadCompany"}) {
		t.Errorf("defaulted placeholders = %v, want [LeadCompany]", got)
	}
	if got := TemplateFieldsOfKind(parts, FillValue); !slices.Equal(got, []string{"UserFirstName"}) {
		t.Errorf("filled placeholders = %v, want [UserFirstName]", got)
	}

	filled := RenderTemplateParts(tp, d, map[string]string{"LeadFirstName": "Chloé", "LeadCompany": "  "})
	if got, want := JoinTemplateParts(filled), "Bonjour Chloé, Maya de Contoso. Pour votre entreprise ?"; got != want {
		t.Errorf("filled by the seller = %q, want %q", got, want)
	}
	if got := TemplateFieldsOfKind(filled, FillEmpty); len(got) != 0 {
		t.Errorf("still empty after filling: %v", got)
	}
}
