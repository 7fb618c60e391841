package crm

import "testing"

func TestCanEditTemplate(t *testing.T) {
	seller := User{ID: "u_ana", Teams: []string{"east"}, Roles: []Role{RoleSeller}}
	teammate := User{ID: "u_bob", Teams: []string{"east"}, Roles: []Role{RoleSeller}}
	manager := User{ID: "u_mia", Teams: []string{"east"}, Roles: []Role{RoleSeller, RoleManager}}
	otherManager := User{ID: "u_max", Teams: []string{"west"}, Roles: []Role{RoleManager}}
	admin := User{ID: "u_root", Roles: []Role{RoleAdmin}}
	anas := Template{ID: "tp1", Team: "east", CreatedBy: "u_ana"}
	noAuthor := Template{ID: "tp2", Team: "east"}
	orgWide := Template{ID: "tp3"}
	orgWideAnas := Template{ID: "tp4", CreatedBy: "u_ana"}
	cases := []struct {
		name string
		u    User
		t    Template
		want bool
	}{
		{"author edits own", seller, anas, true},
		{"teammate seller refused", teammate, anas, false},
		{"team manager edits team's", manager, anas, true},
		{"other team's manager refused", otherManager, anas, false},
		{"admin edits any", admin, anas, true},
		{"no author: seller refused", seller, noAuthor, false},
		{"no author: team manager", manager, noAuthor, true},
		{"org-wide: manager refused", manager, orgWide, false},
		{"org-wide: admin", admin, orgWide, true},
		{"org-wide: its author", seller, orgWideAnas, true},
		{"anonymous never", User{}, Template{ID: "tp5"}, false},
	}
	for _, c := range cases {
		if got := CanEditTemplate(c.u, c.t); got != c.want {
			t.Errorf("%s: CanEditTemplate = %v, want %v", c.name, got, c.want)
		}
	}
}
