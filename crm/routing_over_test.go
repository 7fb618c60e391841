package crm

import (
	"slices"
	"testing"
)

// ChosenOver names the losers in the rules' own order, runner-up first,
// never the winner, and keeps at most limit.
func TestChosenOverRanksTheLosers(t *testing.T) {
	alice, bob := userOwner("u_alice"), userOwner("u_bob")
	in := routeInput(alice,
		cand{id: "l_lead", typ: RecordLead, owner: bob, active: true, updated: at(9)},
		cand{id: "a_account", typ: RecordAccount, owner: bob, active: true, updated: at(1)},
		cand{id: "c_winner", typ: RecordContact, owner: alice, active: true, updated: at(0)},
		cand{id: "c_contact", typ: RecordContact, owner: bob, active: false, updated: at(5)},
	)
	d := Route(in)
	if d.Record.ID != "c_winner" || d.Rule != RuleAddressedSeller {
		t.Fatalf("Route = %+v", d)
	}
	got := ChosenOver(in, d, MaxRoutingOver)
	want := []RecordRef{{RecordContact, "c_contact"}, {RecordAccount, "a_account"}, {RecordLead, "l_lead"}}
	if !slices.Equal(got, want) {
		t.Fatalf("ChosenOver = %v, want %v", got, want)
	}
	if got := ChosenOver(in, d, 2); !slices.Equal(got, want[:2]) {
		t.Fatalf("ChosenOver limited to 2 = %v, want %v", got, want[:2])
	}
	if got := ChosenOver(routeInput(alice, cand{id: "only"}), RoutingDecision{Record: RecordRef{ID: "only"}}, 5); got != nil {
		t.Fatalf("a single candidate was chosen over %v", got)
	}
}
