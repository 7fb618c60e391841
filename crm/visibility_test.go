package crm

import (
	"slices"
	"testing"
)

func TestCanSee(t *testing.T) {
	alice := User{ID: "u_alice", Teams: []string{"t_sales"}, Roles: []Role{RoleSeller}}
	bob := User{ID: "u_bob", Roles: []Role{RoleSeller, RoleManager}}
	nobody := Owner{}
	aliceOwns, bobOwns := userOwner("u_alice"), userOwner("u_bob")
	sales, support := teamOwner("t_sales"), teamOwner("t_support")
	tests := []struct {
		name               string
		number, record     Owner
		aliceSees, bobSees bool
	}{
		{"number owned by alice", aliceOwns, bobOwns, true, true},
		{"record owned by alice only", support, aliceOwns, true, false},
		{"number owned by alice only", aliceOwns, support, true, false},
		{"number owned by alice's team", sales, support, true, false},
		{"record owned by alice's team", support, sales, true, false},
		{"neither owner is theirs", support, support, false, false},
		{"bob owns both", bobOwns, bobOwns, false, true},
		{"no owners at all", nobody, nobody, false, false},
		{"team owner with a user's id", Owner{Kind: OwnerTeam, ID: "u_alice"}, support, false, false},
		{"user owner with a team's id", Owner{Kind: OwnerUser, ID: "t_sales"}, support, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanSee(alice, tt.number, tt.record); got != tt.aliceSees {
				t.Errorf("CanSee(alice) = %v, want %v", got, tt.aliceSees)
			}
			if got := CanSee(bob, tt.number, tt.record); got != tt.bobSees {
				t.Errorf("CanSee(bob) = %v, want %v", got, tt.bobSees)
			}
		})
	}
}

// A user with no id must not match an owner with no id.
func TestCanSeeEmptyIDs(t *testing.T) {
	if CanSee(User{Teams: []string{""}, Roles: []Role{RoleSeller}}, Owner{Kind: OwnerUser}, Owner{Kind: OwnerTeam}) {
		t.Error("a user without id sees a conversation whose owners have no id")
	}
}

func TestAudience(t *testing.T) {
	members := func(team string) []string {
		switch team {
		case "t_sales":
			return []string{"u_carol", "u_alice", "u_alice"}
		case "t_support":
			return []string{"u_dave"}
		}
		return nil
	}
	tests := []struct {
		name           string
		number, record Owner
		want           []string
	}{
		{"two users", userOwner("u_bob"), userOwner("u_alice"), []string{"u_alice", "u_bob"}},
		{"same user twice", userOwner("u_bob"), userOwner("u_bob"), []string{"u_bob"}},
		{"team and a member", teamOwner("t_sales"), userOwner("u_alice"), []string{"u_alice", "u_carol"}},
		{"two teams", teamOwner("t_support"), teamOwner("t_sales"), []string{"u_alice", "u_carol", "u_dave"}},
		{"empty team", teamOwner("t_empty"), userOwner("u_bob"), []string{"u_bob"}},
		{"no owners", Owner{}, Owner{Kind: OwnerUser}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Audience(tt.number, tt.record, members, everyoneSells)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Audience = %q, want %q", got, tt.want)
			}
		})
	}
}

// Audience and CanSee must agree: everyone in the audience can see, and no
// one outside it can.
func TestAudienceAgreesWithCanSee(t *testing.T) {
	users := []User{
		{ID: "u_alice", Teams: []string{"t_sales"}, Roles: []Role{RoleSeller}},
		{ID: "u_bob", Roles: []Role{RoleSeller}},
		{ID: "u_carol", Teams: []string{"t_sales", "t_support"}, Roles: []Role{RoleSeller, RoleAdmin}},
		// Dave manages t_support and owns what Bob owns, without the seller
		// role: he sees none of it.
		{ID: "u_dave", Teams: []string{"t_support"}, Roles: []Role{RoleManager}},
		{ID: "u_erin", Teams: []string{"t_sales"}, Roles: []Role{RoleAdmin}},
	}
	isSeller := func(id string) bool {
		for _, u := range users {
			if u.ID == id {
				return u.HasRole(RoleSeller)
			}
		}
		return false
	}
	members := func(team string) []string {
		var ids []string
		for _, u := range users {
			if u.InTeam(team) {
				ids = append(ids, u.ID)
			}
		}
		return ids
	}
	owners := []Owner{userOwner("u_alice"), userOwner("u_bob"), userOwner("u_carol"), userOwner("u_dave"), teamOwner("t_sales"), teamOwner("t_support"), teamOwner("t_none")}
	for _, n := range owners {
		for _, r := range owners {
			aud := Audience(n, r, members, isSeller)
			for _, u := range users {
				if in := slices.Contains(aud, u.ID); in != CanSee(u, n, r) {
					t.Errorf("number %v record %v: %s in audience %v, CanSee %v", n, r, u.ID, in, !in)
				}
			}
		}
	}
}

func TestAudienceNilMembers(t *testing.T) {
	if got := Audience(teamOwner("t_sales"), userOwner("u_bob"), nil, everyoneSells); !slices.Equal(got, []string{"u_bob"}) {
		t.Errorf("Audience with nil members = %q, want [u_bob]", got)
	}
}

func everyoneSells(string) bool { return true }

// Issue 14: without the seller role a user sees no conversation, even one
// on a number or a record they own, and is in no audience.
func TestNoSellerRoleSeesNothing(t *testing.T) {
	manager := User{ID: "u_dave", Teams: []string{"t_sales"}, Roles: []Role{RoleManager, RoleAdmin}}
	if CanSee(manager, userOwner("u_dave"), teamOwner("t_sales")) {
		t.Error("a user without the seller role sees a conversation on their own number")
	}
	seller := manager
	seller.Roles = append(seller.Roles, RoleSeller)
	if !CanSee(seller, userOwner("u_dave"), teamOwner("t_sales")) {
		t.Error("the same user with the seller role does not see it")
	}
	members := func(string) []string { return []string{"u_dave", "u_alice"} }
	onlyAlice := func(id string) bool { return id == "u_alice" }
	if got := Audience(userOwner("u_dave"), teamOwner("t_sales"), members, onlyAlice); !slices.Equal(got, []string{"u_alice"}) {
		t.Errorf("Audience = %q, want only the seller [u_alice]", got)
	}
	if got := Audience(userOwner("u_alice"), Owner{}, nil, nil); len(got) != 0 {
		t.Errorf("Audience with no seller predicate = %q, want none", got)
	}
}
