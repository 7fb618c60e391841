package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"smsdesk/crm"
	"smsdesk/safetext"
)

// templateFill is the picker's second step when the chosen template has
// placeholders with neither a value nor a default: one line per empty
// placeholder for the seller to type into, so "Bonjour , Maya" never
// reaches the compose box unnoticed. Fields left blank stay empty.
type templateFill struct {
	tp     crm.Template
	fields []string          // the empty placeholders, in order of first use
	values map[string]string // what the seller typed, by field
	at     int               // the field being typed into
}

func newTemplateFill(tp crm.Template, empty []string) *templateFill {
	return &templateFill{tp: tp, fields: empty, values: make(map[string]string, len(empty))}
}

// fillKey handles a key while the seller fills placeholders; use is true
// when the template is to be used now (enter on the last field).
func (p *templatePicker) fillKey(msg tea.KeyPressMsg, k workflowKeys) (use bool) {
	f := p.fill
	switch {
	case key.Matches(msg, k.List.Back):
		p.fill = nil
	case key.Matches(msg, k.Form.Prev) || key.Matches(msg, k.List.Up):
		f.at = (f.at + len(f.fields) - 1) % len(f.fields)
	case key.Matches(msg, k.Form.Next) || key.Matches(msg, k.List.Down):
		f.at = (f.at + 1) % len(f.fields)
	case key.Matches(msg, k.Templates.Use):
		if f.at == len(f.fields)-1 {
			return true
		}
		f.at++
	default:
		v := f.values[f.fields[f.at]]
		if editLine(&v, msg) {
			f.values[f.fields[f.at]] = v
		}
	}
	return false
}

// renderFill draws the fill step's input lines in w cells.
func (p *templatePicker) renderFill(w int) []string {
	st, t, f := p.ctx.Styles, p.ctx.T, p.fill
	lines := []string{fit(st.Title.Render(t.T("templates.fill_title", len(f.fields))), w)}
	label := 0
	for _, name := range f.fields {
		label = max(label, ansiWidth(name))
	}
	for i, name := range f.fields {
		l := fit(name, label) + "  "
		v := safetext.Line(f.values[name])
		if i == f.at {
			lines = append(lines, fit(st.FieldFocused.Render(l)+v+"█", w))
			continue
		}
		lines = append(lines, fit(st.Muted.Render(l)+v, w))
	}
	return append(lines, fit(st.Hint.Render(t.T("templates.fill_hint")), w))
}

// previewParts renders the template for the preview with the empty
// placeholders shown as ⟨Field⟩ and the defaulted ones styled apart, and
// says below which is which. The text sent is plain: the marks are only
// drawn here.
func (p *templatePicker) previewParts(parts []crm.TemplatePart, w, maxLines int) []string {
	st, t := p.ctx.Styles, p.ctx.T
	var b strings.Builder
	for _, part := range parts {
		// Template bodies, defaults and record fields come from outside:
		// shown, never obeyed.
		text := safetext.Block(part.Text)
		switch part.Kind {
		case crm.FillEmpty:
			b.WriteString(st.Warning.Render("⟨" + safetext.Line(part.Field) + "⟩"))
		case crm.FillDefault, crm.FillSeller:
			b.WriteString(st.Hint.Render(text))
		default:
			b.WriteString(text)
		}
	}
	var lines []string
	for i, l := range wrap(b.String(), max(w-2, 10)) {
		if i == maxLines {
			break
		}
		lines = append(lines, fit("  "+l, w))
	}
	if empty := crm.TemplateFieldsOfKind(parts, crm.FillEmpty); len(empty) > 0 {
		lines = append(lines, fit(st.Warning.Render(safetext.Line(t.T("templates.empty_fields", len(empty), strings.Join(empty, ", ")))), w))
	}
	if def := crm.TemplateFieldsOfKind(parts, crm.FillDefault); len(def) > 0 {
		lines = append(lines, fit(st.Hint.Render(safetext.Line(t.T("templates.default_fields", len(def), strings.Join(def, ", ")))), w))
	}
	return lines
}
