package crm

// RoutingInput is everything Route needs to place one inbound SMS: the
// business number N it was sent to, the customer number C it came from, and
// every candidate record (those with C in a phone field plus those already
// holding a conversation with C, so a moved conversation stays put).
type RoutingInput struct {
	Business   BusinessNumber
	Customer   string
	Candidates []RoutingCandidate
	// InTeam reports whether a user belongs to a team (rule 3). Nil means
	// no user is in any team.
	InTeam func(userID, teamID string) bool
}

// Route decides which record an inbound SMS from in.Customer to in.Business
// lands on (issue 2, "Inbound routing"). Candidates are ranked by, in order:
//
//  1. the most recent message on the thread N–C (none ranks below any);
//  2. owned by the user who owns N (only when a user owns N);
//  3. owned by N's owning team, or by a user in that team (only when a team
//     owns N);
//  4. record type: contact, account, opportunity, lead;
//  5. active before inactive;
//  6. most recently updated;
//
// and finally by record id ascending, so the answer is deterministic. The
// decision names the rule that separated the winner from the runner-up, which
// is what a seller asking "why did it land here?" needs to read.
//
// Route makes one pass and allocates nothing: routing runs for every inbound
// message against whatever records share the number.
func Route(in RoutingInput) RoutingDecision {
	if len(in.Candidates) == 0 {
		return RoutingDecision{Rule: RuleNewLead, NewLead: true}
	}
	best := 0
	// decided is the deepest rule at which the current best beat anyone. In a
	// lexicographic order the runner-up shares the longest prefix with the
	// winner, so that deepest rule is the one that beat the runner-up.
	decided := rankNone
	for i := 1; i < len(in.Candidates); i++ {
		better, at := compareCandidates(&in, &in.Candidates[i], &in.Candidates[best])
		if better {
			// Whoever the old best beat, it beat at a rule no deeper than
			// decided; the newcomer equals the old best above "at", so it beats
			// them all no deeper than "at" either.
			best, decided = i, at
		} else if at > decided {
			decided = at
		}
	}
	w := &in.Candidates[best]
	rule := RuleOnlyCandidate
	if len(in.Candidates) > 1 {
		rule = decided.rule()
	}
	return RoutingDecision{
		Record:         w.Record.Ref(),
		Rule:           rule,
		Candidates:     len(in.Candidates),
		ConversationID: w.ConversationID,
	}
}

// rank is a routing rule's position in the order, so "deeper" compares.
type rank int

const (
	rankNone rank = iota
	rankRecentConversation
	rankAddressedSeller
	rankTeamSeller
	rankRecordType
	rankActive
	rankRecentlyUpdated
	rankRecordID
)

func (r rank) rule() RoutingRule {
	switch r {
	case rankRecentConversation:
		return RuleRecentConversation
	case rankAddressedSeller:
		return RuleAddressedSeller
	case rankTeamSeller:
		return RuleTeamSeller
	case rankRecordType:
		return RuleRecordType
	case rankActive:
		return RuleActive
	case rankRecentlyUpdated:
		return RuleRecentlyUpdated
	default:
		// Two candidates equal on every field (a duplicate) still need a
		// stated reason; the id comparison is what kept the first.
		return RuleRecordID
	}
}

// compareCandidates reports whether a ranks strictly before b and the first
// rule at which they differ (rankRecordID when they never do).
func compareCandidates(in *RoutingInput, a, b *RoutingCandidate) (bool, rank) {
	// 1. A zero time means no message on N–C; it must lose to any real time,
	// even one before the zero value's year 1, so test zero explicitly.
	az, bz := a.LastMessageAt.IsZero(), b.LastMessageAt.IsZero()
	switch {
	case az != bz:
		return bz, rankRecentConversation
	case !az && !a.LastMessageAt.Equal(b.LastMessageAt):
		return a.LastMessageAt.After(b.LastMessageAt), rankRecentConversation
	}

	owner := in.Business.Owner
	// 2. Only a user-owned number is "addressed" to a seller.
	if owner.Kind == OwnerUser && owner.ID != "" {
		ao, bo := a.Record.Owner.IsUser(owner.ID), b.Record.Owner.IsUser(owner.ID)
		if ao != bo {
			return ao, rankAddressedSeller
		}
	}
	// 3. Only a team-owned number has a team to prefer.
	if owner.Kind == OwnerTeam && owner.ID != "" {
		at, bt := inOwningTeam(in, a.Record.Owner), inOwningTeam(in, b.Record.Owner)
		if at != bt {
			return at, rankTeamSeller
		}
	}
	// 4.
	if at, bt := typeRank(a.Record.Type), typeRank(b.Record.Type); at != bt {
		return at < bt, rankRecordType
	}
	// 5.
	if a.Record.Active != b.Record.Active {
		return a.Record.Active, rankActive
	}
	// 6.
	if !a.Record.UpdatedAt.Equal(b.Record.UpdatedAt) {
		return a.Record.UpdatedAt.After(b.Record.UpdatedAt), rankRecentlyUpdated
	}
	return a.Record.ID < b.Record.ID, rankRecordID
}

// inOwningTeam reports whether a record owner is the team that owns the
// business number or a member of it.
func inOwningTeam(in *RoutingInput, o Owner) bool {
	team := in.Business.Owner.ID
	switch o.Kind {
	case OwnerTeam:
		return o.ID == team
	case OwnerUser:
		return in.InTeam != nil && o.ID != "" && in.InTeam(o.ID, team)
	}
	return false
}

// typeRank is rule 4's order; an unknown type ranks after every known one.
func typeRank(t RecordType) int {
	for i, known := range RecordTypes {
		if t == known {
			return i
		}
	}
	return len(RecordTypes)
}
