package crm

import "strings"

// FillKind says where the text of one placeholder came from when a template
// was rendered, so a seller can be shown which placeholders were filled from
// the record, which fell back to their default and which are still empty.
type FillKind int

const (
	// FillLiteral is template text between placeholders.
	FillLiteral FillKind = iota
	// FillValue is a placeholder filled from the record, its links or the seller.
	FillValue
	// FillDefault is a placeholder whose value was empty: its default was used.
	FillDefault
	// FillEmpty is a placeholder with neither a value nor a default: it renders
	// as nothing, which usually leaves broken text ("Bonjour , Maya").
	FillEmpty
	// FillSeller is a placeholder the seller filled by hand (see RenderTemplateWith).
	FillSeller
)

// TemplatePart is one piece of a rendered template: literal text, or the
// text one placeholder became.
type TemplatePart struct {
	Text  string
	Field string // the placeholder's name; "" for literal text
	Kind  FillKind
}

// RenderTemplateParts renders t against d as RenderTemplate does, but keeps
// each placeholder's text apart with where it came from. filled holds values
// the seller typed for placeholders (by field name); they win over the record
// and the default when not blank. Joining the parts' Text gives the body.
func RenderTemplateParts(t Template, d TemplateData, filled map[string]string) []TemplatePart {
	specs := templateFieldSpecs(t.Category)
	var parts []TemplatePart
	last := 0
	_ = scanPlaceholders(t.Body, func(tok placeholderToken) {
		if tok.start > last {
			parts = append(parts, TemplatePart{Text: t.Body[last:tok.start]})
		}
		last = tok.end
		if v := filled[tok.name]; strings.TrimSpace(v) != "" {
			parts = append(parts, TemplatePart{Text: v, Field: tok.name, Kind: FillSeller})
			return
		}
		v := ""
		for _, s := range specs {
			if s.name == tok.name {
				v = s.value(d)
				break
			}
		}
		kind := FillValue
		if strings.TrimSpace(v) == "" {
			v, kind = placeholderDefault(t.Placeholders, tok.name), FillDefault
			if strings.TrimSpace(v) == "" {
				v, kind = "", FillEmpty
			}
		}
		parts = append(parts, TemplatePart{Text: v, Field: tok.name, Kind: kind})
	})
	if last < len(t.Body) {
		parts = append(parts, TemplatePart{Text: t.Body[last:]})
	}
	return parts
}

// JoinTemplateParts is the text a customer would receive.
func JoinTemplateParts(parts []TemplatePart) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// TemplateFieldsOfKind lists, once each and in order of first use, the
// placeholders of parts rendered with the given kind.
func TemplateFieldsOfKind(parts []TemplatePart, kind FillKind) []string {
	var out []string
	for _, p := range parts {
		if p.Field == "" || p.Kind != kind {
			continue
		}
		seen := false
		for _, f := range out {
			seen = seen || f == p.Field
		}
		if !seen {
			out = append(out, p.Field)
		}
	}
	return out
}
