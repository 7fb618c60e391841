package localdb

import (
	"testing"

	"smsdesk/crm"
)

func cachedTemplate(t *testing.T, db *DB, id string) (crm.Template, bool) {
	t.Helper()
	ts, err := db.Templates()
	must(t, err)
	for _, tp := range ts {
		if tp.ID == id {
			return tp, true
		}
	}
	return crm.Template{}, false
}

// Edits and deletions wait for the server, as creation does: nothing
// changes at enqueue; an accepted delete's answer drops the template; a
// late update answer brings back no deleted template; answers are
// published for the form.
func TestTemplateUpdateAndDeleteAnswers(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	v1 := crm.Template{ID: "tp_a", Name: "A", Category: crm.RecordContact, Language: "en", Body: "Hi", UpdatedAt: at(0)}
	s.Templates = []crm.Template{v1}
	must(t, db.ApplySnapshot(s))

	v2 := v1
	v2.Body, v2.UpdatedAt = "Hello", at(1)
	must(t, db.Enqueue(crm.Command{ID: "c_up", Kind: crm.CmdUpdateTemplate, Template: &v2}))
	if got, _ := cachedTemplate(t, db, "tp_a"); got.Body != "Hi" {
		t.Errorf("update echoed before the answer: %+v", got)
	}
	must(t, db.Enqueue(crm.Command{ID: "c_del", Kind: crm.CmdDeleteTemplate, TemplateID: "tp_a"}))
	if _, ok := cachedTemplate(t, db, "tp_a"); !ok {
		t.Fatal("delete echoed before the answer")
	}
	changes, cancel := db.Subscribe()
	defer cancel()
	must(t, db.Acknowledge(crm.CommandResult{ID: "c_del", OK: true}))
	if c := <-changes; len(c.Answers) != 1 || c.Answers[0].ID != "c_del" {
		t.Errorf("delete answer not published: %+v", c)
	}
	if _, ok := cachedTemplate(t, db, "tp_a"); ok {
		t.Error("accepted delete left the template in the cache")
	}
	// The update's answer arrives late: the template stays deleted.
	must(t, db.Acknowledge(crm.CommandResult{ID: "c_up", OK: true, Template: &v2}))
	if got, ok := cachedTemplate(t, db, "tp_a"); ok {
		t.Errorf("late update answer resurrected %+v", got)
	}
}

func TestTemplateUpdateAnswerKeepsNewerEdit(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	v1 := crm.Template{ID: "tp_a", Name: "A", Category: crm.RecordContact, Language: "en", Body: "Hi", UpdatedAt: at(0)}
	s.Templates = []crm.Template{v1}
	must(t, db.ApplySnapshot(s))
	v2 := v1
	v2.Body, v2.UpdatedAt = "Hello", at(1)
	must(t, db.Enqueue(crm.Command{ID: "c_up", Kind: crm.CmdUpdateTemplate, Template: &v2}))
	v3 := v1
	v3.Body, v3.UpdatedAt = "Newer", at(2)
	must(t, db.ApplyEvents([]crm.Event{{Seq: 2, Kind: crm.EventTemplate, Public: true, At: at(2), Template: &v3}}))
	must(t, db.Acknowledge(crm.CommandResult{ID: "c_up", OK: true, Template: &v2}))
	if got, _ := cachedTemplate(t, db, "tp_a"); got.Body != "Newer" {
		t.Errorf("old answer undid a newer edit: %q", got.Body)
	}
}
