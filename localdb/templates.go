package localdb

import "smsdesk/crm"

// template reads one cached template.
func (t *txn) template(id string) (crm.Template, bool, error) {
	var tp crm.Template
	ok, err := getJSON(t.b(bTemplates), []byte(id), &tp)
	return tp, ok, err
}

// templateAnswer stores the template a create or update answer carries. An
// update's answer only refreshes a template the cache still holds, and only
// if nothing newer came first: a late or replayed acknowledgement must not
// bring back a template deleted meanwhile, nor undo a later edit.
func (t *txn) templateAnswer(kind crm.CommandKind, tp crm.Template) error {
	if kind == crm.CmdUpdateTemplate {
		cur, ok, err := t.template(tp.ID)
		if err != nil || !ok || cur.UpdatedAt.After(tp.UpdatedAt) {
			return err
		}
	}
	if err := t.putTemplate(tp); err != nil {
		return err
	}
	t.ch.kind(crm.EventTemplate)
	return nil
}
