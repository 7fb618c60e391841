package backend

import (
	"context"
	"reflect"
	"testing"

	"smsdesk/crm"
)

// snapshotTemplate is template id as userID's snapshot holds it.
func snapshotTemplate(t *testing.T, e *env, userID, id string) (crm.Template, bool) {
	t.Helper()
	snap, err := e.svc.Snapshot(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range snap.Templates {
		if tp.ID == id {
			return tp, true
		}
	}
	return crm.Template{}, false
}

func updateCmd(id string, tp crm.Template) crm.Command {
	return crm.Command{ID: id, Kind: crm.CmdUpdateTemplate, Template: &tp}
}

// editedFollowup is base.json's tp_followup (t_west, by u_alice) with a new
// name and body.
func editedFollowup() crm.Template {
	return crm.Template{ID: "tp_followup", Name: "Follow-up v2", Category: crm.RecordContact, Language: "en",
		Body: "Hello {{ContactFirstName}}, as promised.", Team: "t_east", CreatedBy: "u_bob"}
}

func TestUpdateTemplateByAuthor(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	res := e.svc.Apply(ctx, "u_alice", updateCmd("cmd_up1", editedFollowup()))
	if !res.OK || res.Template == nil {
		t.Fatalf("author's update refused: %+v", res.Error)
	}
	// Team and author are the server's, whatever the command says.
	if res.Template.Team != "t_west" || res.Template.CreatedBy != "u_alice" {
		t.Errorf("team/author changed by the command: %+v", res.Template)
	}
	// Bob (same team) sees the new body.
	got, ok := snapshotTemplate(t, e, "u_bob", "tp_followup")
	if !ok || got.Name != "Follow-up v2" || got.Body != "Hello {{ContactFirstName}}, as promised." {
		t.Errorf("bob's snapshot has %+v", got)
	}
	evs, err := e.svc.EventsSince(ctx, "u_bob", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != crm.EventTemplate || last.Template == nil || last.Template.Name != "Follow-up v2" {
		t.Errorf("bob's last event = %+v, want the updated template", last)
	}
	// A replay gives the same answer and changes nothing more.
	again := e.svc.Apply(ctx, "u_alice", updateCmd("cmd_up1", editedFollowup()))
	if !reflect.DeepEqual(again, res) {
		t.Errorf("replay = %+v, want %+v", again, res)
	}
	evs2, _ := e.svc.EventsSince(ctx, "u_bob", 0, 1000)
	if len(evs2) != len(evs) {
		t.Errorf("replay emitted %d more events", len(evs2)-len(evs))
	}
}

func TestUpdateTemplateRefusals(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	bad := editedFollowup()
	bad.Body = "Hi {{LeadCompany}}"
	gone := editedFollowup()
	gone.ID = "tp_gone"
	dup := editedFollowup()
	dup.Name = "follow-up AFTER call" // its own name, case aside: allowed below
	cases := []struct {
		name, user string
		cmd        crm.Command
		code       crm.ErrorCode
		field      string
	}{
		{"teammate seller", "u_bob", updateCmd("c1", editedFollowup()), crm.ErrForbidden, "template.id"},
		{"other team's manager", "u_dave", updateCmd("c2", editedFollowup()), crm.ErrForbidden, "template.id"},
		{"invalid body", "u_alice", updateCmd("c3", bad), crm.ErrInvalid, "template.body"},
		{"no longer exists", "u_alice", updateCmd("c4", gone), crm.ErrNotFound, "template.id"},
		{"missing template", "u_alice", crm.Command{ID: "c5", Kind: crm.CmdUpdateTemplate}, crm.ErrInvalid, "template"},
		{"delete by teammate", "u_bob", crm.Command{ID: "c6", Kind: crm.CmdDeleteTemplate, TemplateID: "tp_followup"}, crm.ErrForbidden, "template_id"},
		{"delete gone", "u_alice", crm.Command{ID: "c7", Kind: crm.CmdDeleteTemplate, TemplateID: "tp_gone"}, crm.ErrNotFound, "template_id"},
		{"delete without id", "u_alice", crm.Command{ID: "c8", Kind: crm.CmdDeleteTemplate}, crm.ErrInvalid, "template_id"},
		{"delete with an id outside the grammar", "u_alice", crm.Command{ID: "c10", Kind: crm.CmdDeleteTemplate, TemplateID: "tp/../x"}, crm.ErrInvalid, "template_id"},
	}
	for _, c := range cases {
		res := e.svc.Apply(ctx, c.user, c.cmd)
		if res.OK || res.Error == nil || res.Error.Code != c.code || res.Error.Field != c.field {
			t.Errorf("%s: got %+v, want %s on %s", c.name, res.Error, c.code, c.field)
		}
		if again := e.svc.Apply(ctx, c.user, c.cmd); !reflect.DeepEqual(again, res) {
			t.Errorf("%s: replay = %+v, want %+v", c.name, again, res)
		}
	}
	if got, _ := snapshotTemplate(t, e, "u_alice", "tp_followup"); got.Name != "Follow-up after call" {
		t.Errorf("refusals changed the template: %+v", got)
	}
	// Renaming to its own name in another case is no duplicate.
	if res := e.svc.Apply(ctx, "u_alice", updateCmd("c9", dup)); !res.OK {
		t.Errorf("rename to own name refused: %+v", res.Error)
	}
}

func TestTeamManagerEditsAndDeletesTeamTemplate(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	// tp_relance: team t_east, by u_carol; u_dave manages t_east.
	tp := crm.Template{ID: "tp_relance", Name: "Relance", Category: crm.RecordLead, Language: "fr",
		Body: "Bonjour {{LeadFirstName}} !"}
	if res := e.svc.Apply(ctx, "u_dave", updateCmd("m1", tp)); !res.OK {
		t.Fatalf("team manager's update refused: %+v", res.Error)
	}
	del := crm.Command{ID: "m2", Kind: crm.CmdDeleteTemplate, TemplateID: "tp_relance"}
	res := e.svc.Apply(ctx, "u_dave", del)
	if !res.OK {
		t.Fatalf("team manager's delete refused: %+v", res.Error)
	}
	if _, ok := snapshotTemplate(t, e, "u_carol", "tp_relance"); ok {
		t.Error("deleted template still in carol's snapshot")
	}
	evs, err := e.svc.EventsSince(ctx, "u_alice", 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Kind != crm.EventTemplateDeleted || last.TemplateID != "tp_relance" {
		t.Errorf("last event = %+v, want template_deleted tp_relance", last)
	}
	// Replayed, the delete answers as the first time (not "not found").
	if again := e.svc.Apply(ctx, "u_dave", del); !reflect.DeepEqual(again, res) {
		t.Errorf("replay = %+v, want %+v", again, res)
	}
	// A new delete of it now says it no longer exists.
	if r := e.svc.Apply(ctx, "u_dave", crm.Command{ID: "m3", Kind: crm.CmdDeleteTemplate, TemplateID: "tp_relance"}); r.Error == nil || r.Error.Code != crm.ErrNotFound {
		t.Errorf("second delete = %+v, want not_found", r.Error)
	}
}
