package crm

import (
	"slices"
	"testing"
)

func TestCanSee(t *testing.T) {
	alice := User{ID: "u_alice", Teams: []string{"t_sales"}}
	bob := User{ID: "u_bob"}
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
	if CanSee(User{Teams: []string{""}}, Owner{Kind: OwnerUser}, Owner{Kind: OwnerTeam}) {
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
			got := Audience(tt.number, tt.record, members)
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
		{ID: "u_alice", Teams: []string{"t_sales"}},
		{ID: "u_bob"},
		{ID: "u_carol", Teams: []string{"t_sales", "t_support"}},
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
	owners := []Owner{userOwner("u_alice"), userOwner("u_bob"), userOwner("u_carol"), teamOwner("t_sales"), teamOwner("t_support"), teamOwner("t_none")}
	for _, n := range owners {
		for _, r := range owners {
			aud := Audience(n, r, members)
			for _, u := range users {
				if in := slices.Contains(aud, u.ID); in != CanSee(u, n, r) {
					t.Errorf("number %v record %v: %s in audience %v, CanSee %v", n, r, u.ID, in, !in)
				}
			}
		}
	}
}

func TestAudienceNilMembers(t *testing.T) {
	if got := Audience(teamOwner("t_sales"), userOwner("u_bob"), nil); !slices.Equal(got, []string{"u_bob"}) {
		t.Errorf("Audience with nil members = %q, want [u_bob]", got)
	}
}
