package crm

import "slices"

// ChosenOver lists the candidates of in other than the decision's record,
// in the order the routing rules rank them (the runner-up first), keeping
// at most limit. Routing is deterministic, so this is the same order Route
// itself would have found; it is computed once, when the message is stored.
func ChosenOver(in RoutingInput, d RoutingDecision, limit int) []RecordRef {
	if len(in.Candidates) < 2 || limit <= 0 {
		return nil
	}
	idx := make([]int, 0, len(in.Candidates)-1)
	for i := range in.Candidates {
		if in.Candidates[i].Record.ID != d.Record.ID {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		if better, _ := compareCandidates(&in, &in.Candidates[a], &in.Candidates[b]); better {
			return -1
		}
		if better, _ := compareCandidates(&in, &in.Candidates[b], &in.Candidates[a]); better {
			return 1
		}
		return 0
	})
	out := make([]RecordRef, 0, min(len(idx), limit))
	for _, i := range idx[:min(len(idx), limit)] {
		out = append(out, in.Candidates[i].Record.Ref())
	}
	return out
}

// Equal reports whether two decisions say the same thing (Over included).
func (d RoutingDecision) Equal(o RoutingDecision) bool {
	return d.Record == o.Record && d.Rule == o.Rule && d.Candidates == o.Candidates &&
		d.ConversationID == o.ConversationID && d.NewLead == o.NewLead && slices.Equal(d.Over, o.Over)
}
