package main

import (
	"encoding/json"
	"fmt"
)

// genDataset is a synthetic organisation for the load tool and the crash
// test: users spread over teams, one direct number per user and one per
// team, and per user a contact it owns, a contact its team owns and a lead
// it owns that only ever receives sends (so sends never meet an
// inbound-created thread on the same pair of numbers).
type genDataset struct {
	Users, Teams int
}

type genUser struct {
	ID, Token, Team string
	Number          string // direct business number
	TeamNumber      string
	OwnPhone        string // customer phone of the contact the user owns
	TeamPhone       string // customer phone of the contact the user's team owns
	SendPhone       string // customer phone of the send-only lead
	OwnRecord       string
	TeamRecord      string
	SendRecord      string
}

// user describes user i; the numbers are fictional 555 numbers that
// libphonenumber accepts (the example dataset uses the same ranges).
func (g genDataset) user(i int) genUser {
	t := i % g.Teams
	return genUser{
		ID:         fmt.Sprintf("u_%04d", i),
		Token:      fmt.Sprintf("loadtest-token-%04d-0123456789", i),
		Team:       fmt.Sprintf("t_%d", t),
		Number:     fmt.Sprintf("+1415555%04d", i),
		TeamNumber: fmt.Sprintf("+1212555%04d", t),
		OwnPhone:   fmt.Sprintf("+1650555%04d", i),
		TeamPhone:  fmt.Sprintf("+1310555%04d", i),
		SendPhone:  fmt.Sprintf("+1408555%04d", i),
		OwnRecord:  fmt.Sprintf("c_own_%04d", i),
		TeamRecord: fmt.Sprintf("c_team_%04d", i),
		SendRecord: fmt.Sprintf("l_send_%04d", i),
	}
}

// JSON renders the dataset in the format of docs/dataset.md.
func (g genDataset) JSON() ([]byte, error) {
	if g.Users < 1 || g.Users > 9999 || g.Teams < 1 || g.Teams > g.Users {
		return nil, fmt.Errorf("dataset: want 1..9999 users and 1..users teams, got %d users %d teams", g.Users, g.Teams)
	}
	type owner struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	}
	type obj = map[string]any
	ds := obj{"org": obj{"name": "Load test", "in_app_notifications": true}}
	var teams, users, numbers, records []obj
	for t := range g.Teams {
		id := fmt.Sprintf("t_%d", t)
		teams = append(teams, obj{"id": id, "name": "Team " + fmt.Sprint(t)})
		numbers = append(numbers, obj{"number": g.user(t).TeamNumber, "name": "Desk " + fmt.Sprint(t),
			"owner": owner{"team", id}, "type": "geo"})
	}
	for i := range g.Users {
		u := g.user(i)
		users = append(users, obj{"id": u.ID, "name": "Seller " + fmt.Sprint(i), "first_name": "Seller",
			"last_name": fmt.Sprint(i), "token": u.Token, "roles": []string{"seller"}, "teams": []string{u.Team}, "language": "en"})
		numbers = append(numbers, obj{"number": u.Number, "name": "Direct " + fmt.Sprint(i),
			"owner": owner{"user", u.ID}, "type": "geo"})
		records = append(records,
			obj{"id": u.OwnRecord, "type": "contact", "name": "Customer " + fmt.Sprint(i), "owner": owner{"user", u.ID},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.OwnPhone}},
			obj{"id": u.TeamRecord, "type": "contact", "name": "Team customer " + fmt.Sprint(i), "owner": owner{"team", u.Team},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.TeamPhone}},
			obj{"id": u.SendRecord, "type": "lead", "name": "Prospect " + fmt.Sprint(i), "owner": owner{"user", u.ID},
				"updated_at": "2026-11-01T10:00:00Z", "phones": obj{"mobile": u.SendPhone}})
	}
	ds["teams"], ds["users"], ds["numbers"], ds["records"] = teams, users, numbers, records
	return json.MarshalIndent(ds, "", " ")
}
