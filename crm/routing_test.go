package crm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

var routeT0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return routeT0.Add(time.Duration(minutes) * time.Minute) }

// cand builds a candidate; fields not set by the test are equal across
// candidates so only the rule under test can separate them.
type cand struct {
	id      string
	typ     RecordType
	owner   Owner
	active  bool
	updated time.Time
	conv    string
	last    time.Time
}

func (c cand) build() RoutingCandidate {
	typ := c.typ
	if typ == "" {
		typ = RecordContact
	}
	return RoutingCandidate{
		Record: Record{
			ID: c.id, Type: typ, Name: "name " + c.id, Owner: c.owner, Active: c.active, UpdatedAt: c.updated,
			Phones: map[PhoneField]string{PhoneMobile: "+33612345678"},
		},
		ConversationID: c.conv,
		LastMessageAt:  c.last,
	}
}

func userOwner(id string) Owner { return Owner{Kind: OwnerUser, ID: id} }
func teamOwner(id string) Owner { return Owner{Kind: OwnerTeam, ID: id} }

// teams: alice and carol in sales, bob in none.
func inTeam(userID, teamID string) bool {
	return teamID == "t_sales" && (userID == "u_alice" || userID == "u_carol")
}

func routeInput(owner Owner, cs ...cand) RoutingInput {
	in := RoutingInput{
		Business: BusinessNumber{Number: "+16502530000", Name: "Main", Owner: owner, Type: NumberGeo},
		Customer: "+33612345678",
		InTeam:   inTeam,
	}
	for _, c := range cs {
		in.Candidates = append(in.Candidates, c.build())
	}
	return in
}

func TestRoute(t *testing.T) {
	alice, bob, carol := userOwner("u_alice"), userOwner("u_bob"), userOwner("u_carol")
	sales, support := teamOwner("t_sales"), teamOwner("t_support")
	tests := []struct {
		name     string
		in       RoutingInput
		want     RoutingDecision
		wantName string // winner's id, to read the table
	}{
		{
			name: "no candidate: new lead",
			in:   routeInput(alice),
			want: RoutingDecision{Rule: RuleNewLead, NewLead: true},
		},
		{
			name: "one candidate",
			in:   routeInput(alice, cand{id: "r1", owner: bob, conv: "cv_1", last: at(1)}),
			want: RoutingDecision{Record: RecordRef{RecordContact, "r1"}, Rule: RuleOnlyCandidate, Candidates: 1, ConversationID: "cv_1"},
		},
		{
			// The loser would win every later rule: addressed seller, type,
			// active, updated, id.
			name: "rule 1: most recent conversation beats every later rule",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordContact, owner: alice, active: true, updated: at(100), conv: "cv_old", last: at(5)},
				cand{id: "z_winner", typ: RecordLead, owner: bob, active: false, updated: at(0), conv: "cv_new", last: at(6)},
			),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleRecentConversation, Candidates: 2, ConversationID: "cv_new"},
		},
		{
			name: "rule 1: any conversation beats none",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordContact, owner: alice, active: true, updated: at(100)},
				cand{id: "z_winner", typ: RecordLead, owner: bob, updated: at(0), conv: "cv_1", last: at(-1_000_000)},
			),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleRecentConversation, Candidates: 2, ConversationID: "cv_1"},
		},
		{
			// The conversation was moved to an opportunity that has no phone
			// field with C; the contact still has C on file. The move sticks.
			name: "moved conversation stays where it was moved",
			in: func() RoutingInput {
				in := routeInput(alice,
					cand{id: "c_contact", typ: RecordContact, owner: alice, active: true, updated: at(50)},
					cand{id: "o_opportunity", typ: RecordOpportunity, owner: alice, active: true, updated: at(0), conv: "cv_moved", last: at(3)},
				)
				in.Candidates[1].Record.Phones = nil
				return in
			}(),
			want: RoutingDecision{Record: RecordRef{RecordOpportunity, "o_opportunity"}, Rule: RuleRecentConversation, Candidates: 2, ConversationID: "cv_moved"},
		},
		{
			name: "rule 2: owned by the seller who owns the number",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordContact, owner: bob, active: true, updated: at(100), conv: "cv_b", last: at(7)},
				cand{id: "z_winner", typ: RecordLead, owner: alice, active: false, updated: at(0), conv: "cv_a", last: at(7)},
			),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleAddressedSeller, Candidates: 2, ConversationID: "cv_a"},
		},
		{
			// Equal instants in different zones are the same moment: rule 1
			// must tie, not decide.
			name: "rule 1 ties on the same instant in another zone",
			in: routeInput(alice,
				cand{id: "a_loser", owner: bob, last: at(7)},
				cand{id: "z_winner", owner: alice, last: at(7).In(time.FixedZone("CET", 3600))},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "z_winner"}, Rule: RuleAddressedSeller, Candidates: 2},
		},
		{
			name: "rule 3: owned by a member of the team that owns the number",
			in: routeInput(sales,
				cand{id: "a_loser", typ: RecordContact, owner: bob, active: true, updated: at(100)},
				cand{id: "z_winner", typ: RecordLead, owner: carol, active: false, updated: at(0)},
			),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleTeamSeller, Candidates: 2},
		},
		{
			name: "rule 3: owned by the team that owns the number",
			in: routeInput(sales,
				cand{id: "a_loser", typ: RecordContact, owner: support, active: true, updated: at(100)},
				cand{id: "z_winner", typ: RecordLead, owner: sales, active: false, updated: at(0)},
			),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleTeamSeller, Candidates: 2},
		},
		{
			name: "rule 3 ties when both owners belong to the team",
			in: routeInput(sales,
				cand{id: "a_loser", typ: RecordLead, owner: alice},
				cand{id: "z_winner", typ: RecordContact, owner: sales},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "z_winner"}, Rule: RuleRecordType, Candidates: 2},
		},
		{
			// Alice owns the number and is in sales, but rule 3 applies only
			// to team-owned numbers and rule 2 only to her own records.
			name: "rule 2 and 3 do not apply across owner kinds",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordLead, owner: sales},
				cand{id: "z_winner", typ: RecordAccount, owner: carol},
			),
			want: RoutingDecision{Record: RecordRef{RecordAccount, "z_winner"}, Rule: RuleRecordType, Candidates: 2},
		},
		{
			name: "rule 4: contact before account",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordAccount, owner: bob, active: true, updated: at(100)},
				cand{id: "z_winner", typ: RecordContact, owner: bob, active: false, updated: at(0)},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "z_winner"}, Rule: RuleRecordType, Candidates: 2},
		},
		{
			name: "rule 4: opportunity before lead",
			in: routeInput(alice,
				cand{id: "a_loser", typ: RecordLead, owner: bob, active: true, updated: at(100)},
				cand{id: "z_winner", typ: RecordOpportunity, owner: bob, active: false, updated: at(0)},
			),
			want: RoutingDecision{Record: RecordRef{RecordOpportunity, "z_winner"}, Rule: RuleRecordType, Candidates: 2},
		},
		{
			name: "rule 5: active before inactive",
			in: routeInput(alice,
				cand{id: "a_loser", owner: bob, active: false, updated: at(100)},
				cand{id: "z_winner", owner: bob, active: true, updated: at(0)},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "z_winner"}, Rule: RuleActive, Candidates: 2},
		},
		{
			name: "rule 6: most recently updated",
			in: routeInput(alice,
				cand{id: "a_loser", owner: bob, active: true, updated: at(1)},
				cand{id: "z_winner", owner: bob, active: true, updated: at(2)},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "z_winner"}, Rule: RuleRecentlyUpdated, Candidates: 2},
		},
		{
			name: "final tie: lowest record id",
			in: routeInput(alice,
				cand{id: "r_b", owner: bob, active: true, updated: at(1), conv: "cv_b", last: at(2)},
				cand{id: "r_a", owner: bob, active: true, updated: at(1), conv: "cv_a", last: at(2)},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "r_a"}, Rule: RuleRecordID, Candidates: 2, ConversationID: "cv_a"},
		},
		{
			// The winner beat the third candidate at rule 1 but the runner-up
			// only at rule 4: rule 4 is what decided.
			name: "three candidates: the runner-up names the rule",
			in: routeInput(alice,
				cand{id: "r_old_conv", typ: RecordContact, owner: bob, last: at(1), conv: "cv_1"},
				cand{id: "r_account", typ: RecordAccount, owner: bob, last: at(9), conv: "cv_9a"},
				cand{id: "r_contact", typ: RecordContact, owner: bob, last: at(9), conv: "cv_9c"},
			),
			want: RoutingDecision{Record: RecordRef{RecordContact, "r_contact"}, Rule: RuleRecordType, Candidates: 3, ConversationID: "cv_9c"},
		},
		{
			name: "nil InTeam: no user is in the team",
			in: func() RoutingInput {
				in := routeInput(sales,
					cand{id: "a_loser", typ: RecordContact, owner: alice},
					cand{id: "z_winner", typ: RecordLead, owner: sales},
				)
				in.InTeam = nil
				return in
			}(),
			want: RoutingDecision{Record: RecordRef{RecordLead, "z_winner"}, Rule: RuleTeamSeller, Candidates: 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The answer must not depend on the order candidates arrive in.
			for _, perm := range permutations(len(tt.in.Candidates)) {
				in := tt.in
				in.Candidates = make([]RoutingCandidate, len(perm))
				for i, p := range perm {
					in.Candidates[i] = tt.in.Candidates[p]
				}
				if got := Route(in); !got.Equal(tt.want) {
					t.Errorf("order %v: Route = %+v, want %+v", perm, got, tt.want)
				}
			}
		})
	}
}

// TestRouteMatchesSort checks the single pass against a plain sort on random
// inputs: same winner, and the rule is the one separating the first two.
func TestRouteMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	owners := []Owner{userOwner("u_alice"), userOwner("u_bob"), userOwner("u_carol"), teamOwner("t_sales"), teamOwner("t_support")}
	for iter := range 5000 {
		in := routeInput(owners[rng.IntN(len(owners))])
		n := 2 + rng.IntN(8)
		for i := range n {
			c := cand{
				id:      fmt.Sprintf("r%02d", rng.IntN(60)),
				typ:     RecordTypes[rng.IntN(len(RecordTypes))],
				owner:   owners[rng.IntN(len(owners))],
				active:  rng.IntN(2) == 0,
				updated: at(rng.IntN(3)),
				conv:    fmt.Sprintf("cv_%d", i),
			}
			if rng.IntN(2) == 0 {
				c.last = at(rng.IntN(3))
			}
			in.Candidates = append(in.Candidates, c.build())
		}
		sorted := slices.Clone(in.Candidates)
		slices.SortStableFunc(sorted, func(a, b RoutingCandidate) int {
			if better, _ := compareCandidates(&in, &a, &b); better {
				return -1
			}
			if better, _ := compareCandidates(&in, &b, &a); better {
				return 1
			}
			return 0
		})
		_, decided := compareCandidates(&in, &sorted[0], &sorted[1])
		got := Route(in)
		if got.Record.ID != sorted[0].Record.ID || got.Rule != decided.rule() {
			t.Fatalf("iteration %d: Route = %s by %s; sort says %s by %s", iter, got.Record.ID, got.Rule, sorted[0].Record.ID, decided.rule())
		}
	}
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(slices.Clone(p[:i]), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func BenchmarkRoute(b *testing.B) {
	owners := []Owner{userOwner("u_alice"), userOwner("u_bob"), teamOwner("t_sales")}
	in := routeInput(teamOwner("t_sales"))
	for i := range 10 {
		c := cand{
			id:      fmt.Sprintf("r%02d", i),
			typ:     RecordTypes[i%len(RecordTypes)],
			owner:   owners[i%len(owners)],
			active:  i%2 == 0,
			updated: at(i % 3),
		}
		if i%3 == 0 {
			c.conv, c.last = fmt.Sprintf("cv_%d", i), at(5)
		}
		in.Candidates = append(in.Candidates, c.build())
	}
	b.ReportAllocs()
	var d RoutingDecision
	for b.Loop() {
		d = Route(in)
	}
	if d.Candidates != 10 {
		b.Fatalf("Route decided over %d candidates", d.Candidates)
	}
}
