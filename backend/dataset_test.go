package backend

import (
	"errors"
	"os"
	"strings"
	"testing"

	"smsdesk/crm"
)

func TestExampleDatasetImports(t *testing.T) {
	raw, err := os.ReadFile("../examples/dataset.json")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, raw)
	snap, err := e.svc.Snapshot(t.Context(), "u_alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Users) != 4 || len(snap.Teams) != 2 || len(snap.Numbers) != 3 || len(snap.Records) != 12 ||
		len(snap.Templates) != 2 || len(snap.WorkItems) != 1 {
		t.Fatalf("users %d teams %d numbers %d records %d templates %d work items %d", len(snap.Users), len(snap.Teams),
			len(snap.Numbers), len(snap.Records), len(snap.Templates), len(snap.WorkItems))
	}
	jane, ok := e.conversationOn(tokAlice, numAlice, phoneJane)
	if !ok || jane.Record.ID != "c_jane" || len(e.messages(tokAlice, jane.ID)) != 2 {
		t.Fatalf("imported history: %+v", jane)
	}
	// A second import into a seeded store is refused and changes nothing.
	if err := e.svc.ImportDataset(raw); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second import: %v", err)
	}
}

func TestBadDatasets(t *testing.T) {
	set := func(path []any, v any) func(map[string]any) {
		return func(ds map[string]any) {
			var cur any = ds
			for _, p := range path[:len(path)-1] {
				switch k := p.(type) {
				case string:
					cur = cur.(map[string]any)[k]
				case int:
					cur = cur.([]any)[k]
				}
			}
			switch k := path[len(path)-1].(type) {
			case string:
				cur.(map[string]any)[k] = v
			case int:
				cur.([]any)[k] = v
			}
		}
	}
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want string
		is   error
	}{
		{"unknown top-level field", set([]any{"colour"}, "red"), `colour: unknown field`, nil},
		{"unknown nested field", set([]any{"records", 3, "nickname"}, "M"), `records[3].nickname: unknown field`, nil},
		{"wrong type", set([]any{"users", 1, "roles"}, "seller"), `users[1].roles: must be an array, not string`, nil},
		{"invalid record phone", set([]any{"records", 2, "phones", "mobile"}, "+1555"),
			`records[2].phones.mobile: "+1555" is not a valid E.164 number (InvalidSendingParameters)`, crm.ErrInvalidPhone},
		{"invalid number", set([]any{"numbers", 1, "number"}, "0612"),
			`numbers[1].number: "0612" is not a valid E.164 number (InvalidSendingParameters)`, crm.ErrInvalidPhone},
		{"dangling owner", set([]any{"records", 4, "owner", "id"}, "t_north"), `records[4].owner.id: unknown team "t_north"`, nil},
		{"dangling account link", set([]any{"records", 2, "account_id"}, "a_nowhere"), `records[2].account_id: unknown record "a_nowhere"`, nil},
		{"link of the wrong type", set([]any{"records", 6, "contact_id"}, "a_fabrikam"), `records[6].contact_id: record "a_fabrikam" is of type account, not contact`, nil},
		{"dangling team", set([]any{"users", 0, "teams", 0}, "t_gone"), `users[0].teams[0]: unknown team "t_gone"`, nil},
		{"dangling message record", set([]any{"messages", 1, "record"}, "c_ghost"), `messages[1].record: unknown record "c_ghost"`, nil},
		{"message on a foreign number", set([]any{"messages", 0, "business_number"}, "+12025550123"), `messages[0].business_number: +12025550123 is not one of the numbers`, nil},
		{"dangling work item template", set([]any{"worklist", 1, "template"}, "tp_gone"), `worklist[1].template: unknown template "tp_gone"`, nil},
		{"duplicate record id", set([]any{"records", 5, "id"}, "c_jane"), `records[5].id: duplicate record id "c_jane" (also records[2])`, nil},
		{"duplicate user id", set([]any{"users", 2, "id"}, "u_alice"), `users[2].id: duplicate user id "u_alice"`, nil},
		{"duplicate number", set([]any{"numbers", 2, "number"}, "+1 415 555 0100"), `numbers[2].number: duplicate business number +14155550100`, nil},
		{"duplicate number name", set([]any{"numbers", 2, "name"}, "west desk"), `numbers[2].name: duplicate number name "west desk" (also numbers[1])`, nil},
		{"duplicate token", set([]any{"users", 3, "token"}, "alice-token-0123456789"), `users[3].token: duplicate token (also users[0])`, nil},
		{"bad template placeholder", set([]any{"templates", 0, "body"}, "Hi {{LeadCompany}}"), `templates[0].body: `, nil},
		{"bad time", set([]any{"worklist", 0, "due"}, "tomorrow"), `worklist[0]`, nil},
		{"unknown role", set([]any{"users", 3, "roles", 0}, "boss"), `users[3].roles[0]: unknown role "boss"`, nil},
		// The id grammar (crm.CheckClientID), issue 13.
		{"record id with NUL", set([]any{"records", 3, "id"}, "c_x\x00zz"), `records[3].id: "c_x\x00zz": ids are 1 to 128`, nil},
		{"template id not ASCII", set([]any{"templates", 0, "id"}, "tp_é"), `templates[0].id: "tp_é": ids are`, nil},
		{"user id oversize", set([]any{"users", 1, "id"}, strings.Repeat("u", 129)), `users[1].id: `, nil},
		{"work item id with a slash", set([]any{"worklist", 0, "id"}, "wi/1"), `worklist[0].id: "wi/1": ids are`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			err := e.svc.ImportDataset(dataset(t, "base.json", tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			var de *DatasetError
			if !errors.As(err, &de) {
				t.Fatalf("%T is not a *DatasetError", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("%v does not wrap %v", err, tc.is)
			}
			if has, err := e.svc.HasData(); err != nil || has {
				t.Fatalf("a bad dataset imported something (has data %v, %v)", has, err)
			}
			// The store is still usable: the good file imports.
			if err := e.svc.ImportDataset(dataset(t, "base.json", nil)); err != nil {
				t.Fatalf("good import after a bad one: %v", err)
			}
		})
	}
}

func TestDatasetMalformedJSON(t *testing.T) {
	e := newEnv(t, nil)
	for _, raw := range []string{`{"teams": [`, `[]`, `{"teams": [{"id": "t", "name": "T"}]} trailing`} {
		if err := e.svc.ImportDataset([]byte(raw)); err == nil {
			t.Errorf("%q imported", raw)
		}
	}
	if has, _ := e.svc.HasData(); has {
		t.Fatal("malformed file imported something")
	}
}
