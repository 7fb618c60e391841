package backend

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// templateRefusal is crm.ValidateTemplate's refusal as a command result,
// naming the template attribute at fault ("template.body"…).
func templateRefusal(cmdID string, err error) crm.CommandResult {
	var te *crm.TemplateError
	field := "template"
	if errors.As(err, &te) && te.Field != "" {
		field = "template." + te.Field
	}
	return refusal(cmdID, crm.ErrInvalid, field, err.Error())
}

// duplicateTemplateName refuses t when another template of its team (its
// own id excepted, for an update) already has its name, case aside.
func duplicateTemplateName(b *bolt.Bucket, cmdID string, t crm.Template) (crm.CommandResult, bool, error) {
	dup := false
	if err := forEachJSON(b, func(o *crm.Template) {
		if o.ID != t.ID && o.Team == t.Team && strings.EqualFold(o.Name, t.Name) {
			dup = true
		}
	}); err != nil {
		return crm.CommandResult{}, false, err
	}
	if dup {
		return refusal(cmdID, crm.ErrConflict, "template.name", fmt.Sprintf("a template named %q already exists", t.Name)), true, nil
	}
	return crm.CommandResult{}, false, nil
}

// editableTemplate loads the template id for an edit or a deletion by u: a
// template that no longer exists is refused with not_found, one u may not
// change (crm.CanEditTemplate) with forbidden. ok is false with a refusal.
func editableTemplate(w *writeTx, u crm.User, cmdID, field, id string) (crm.Template, crm.CommandResult, bool, error) {
	var t crm.Template
	if strings.TrimSpace(id) == "" {
		return t, refusal(cmdID, crm.ErrInvalid, field, "a template id is required"), false, nil
	}
	found, err := getJSON(w.tx.Bucket(bTemplates), id, &t)
	if err != nil {
		return t, crm.CommandResult{}, false, fmt.Errorf("load template %s: %w", id, err)
	}
	if !found {
		return t, refusal(cmdID, crm.ErrNotFound, field, fmt.Sprintf("template %q no longer exists (deleted?)", id)), false, nil
	}
	if !crm.CanEditTemplate(u, t) {
		return t, refusal(cmdID, crm.ErrForbidden, field,
			fmt.Sprintf("template %q may be changed only by its author, a manager of its team or an admin", t.Name)), false, nil
	}
	return t, crm.CommandResult{}, true, nil
}

// applyUpdateTemplate replaces what the seller edits (name, category,
// language, body, placeholders); the id, team and author stay as they were.
// Everyone sees templates, so the new version is a public event, as a
// created one is.
func (s *Service) applyUpdateTemplate(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	if cmd.Template == nil {
		return refusal(cmd.ID, crm.ErrInvalid, "template", "missing"), nil
	}
	old, res, ok, err := editableTemplate(w, u, cmd.ID, "template.id", cmd.Template.ID)
	if err != nil || !ok {
		return res, err
	}
	t := *cmd.Template
	t.ID, t.Team, t.CreatedBy = old.ID, old.Team, old.CreatedBy
	if t.Language == "" {
		t.Language = old.Language
	}
	t.UpdatedAt = w.now
	if err := crm.ValidateTemplate(t); err != nil {
		return templateRefusal(cmd.ID, err), nil
	}
	return w.storeTemplate(cmd.ID, t)
}

// storeTemplate writes a validated template, created or updated, unless
// its team already has another template of that name, and tells every
// client (templates are public).
func (w *writeTx) storeTemplate(cmdID string, t crm.Template) (crm.CommandResult, error) {
	b := w.tx.Bucket(bTemplates)
	if res, dup, err := duplicateTemplateName(b, cmdID, t); err != nil || dup {
		return res, err
	}
	if err := putJSON(b, []byte(t.ID), t); err != nil {
		return crm.CommandResult{}, err
	}
	if err := w.emit(crm.Event{Kind: crm.EventTemplate, Public: true, Template: &t}); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{Template: &t}, nil
}

// applyDeleteTemplate removes a template and tells every client (templates
// are public) to drop it. Work items that named it keep the id: the
// composer then simply has nothing to pre-fill.
func (s *Service) applyDeleteTemplate(w *writeTx, u crm.User, cmd crm.Command) (crm.CommandResult, error) {
	t, res, ok, err := editableTemplate(w, u, cmd.ID, "template_id", cmd.TemplateID)
	if err != nil || !ok {
		return res, err
	}
	if err := w.tx.Bucket(bTemplates).Delete([]byte(t.ID)); err != nil {
		return crm.CommandResult{}, fmt.Errorf("delete template %s: %w", t.ID, err)
	}
	if err := w.emit(crm.Event{Kind: crm.EventTemplateDeleted, Public: true, TemplateID: t.ID}); err != nil {
		return crm.CommandResult{}, err
	}
	return crm.CommandResult{}, nil
}
