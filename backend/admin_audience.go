package backend

import (
	"slices"

	"smsdesk/crm"
)

// affected collects what a change may alter the audience of: business
// numbers and records whose owner (or whose owning team's members) change.
// Conversations are found from the indexes: the pair index for numbers,
// the record index for records; no message is read.
type affected struct {
	numbers map[string]bool
	records map[string]bool
	// oldRecOwner holds, for records whose owner this change rewrote, the
	// owner before it (the record index still has it too, but a record
	// created earlier in the same group commit is only in the store).
	oldRecOwner map[string]crm.Owner
	newRecOwner map[string]crm.Owner
}

func (a *adminTx) touchNumber(n string) {
	if a.aff.numbers == nil {
		a.aff.numbers = map[string]bool{}
	}
	a.aff.numbers[n] = true
}

func (a *adminTx) touchRecord(id string) {
	if a.aff.records == nil {
		a.aff.records = map[string]bool{}
	}
	a.aff.records[id] = true
}

// touchOwner marks everything owned by o: the numbers (in the old and new
// directory) and the records (in the record index).
func (a *adminTx) touchOwner(o crm.Owner, dirs ...*directory) {
	for _, d := range dirs {
		for num, n := range d.numbers {
			if n.Owner == o {
				a.touchNumber(num)
			}
		}
	}
	for _, id := range a.w.s.records.ownedBy(o) {
		a.touchRecord(id)
	}
}

// conversationIDs lists the conversations on the touched numbers and
// records, each once, sorted (events in a deterministic order).
func (a *adminTx) conversationIDs() []string {
	set := map[string]bool{}
	if len(a.aff.numbers) > 0 {
		// The pair index is keyed customer 0 business 0 conversation: one
		// pass over its keys finds every conversation on these numbers.
		a.w.kv.scan(bConvByPair, nil, func(k, _ []byte) bool {
			parts := splitKey(k)
			if len(parts) == 3 && a.aff.numbers[parts[1]] {
				set[parts[2]] = true
			}
			return true
		})
	}
	for rec := range a.aff.records {
		for _, id := range conversationIDsOfRecord(a.w.tx, rec) {
			set[id] = true
		}
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// regrant compares, for every affected conversation, its audience under
// the old directory and record owners with the new ones, and tells users
// who lost it (conversation_revoked) and those who gained it
// (conversation_granted, which sync expands into the history). The
// conversation itself did not change, so no conversation event follows:
// those who kept it already hold it.
func (a *adminTx) regrant(nd *directory) error {
	if len(a.aff.numbers) == 0 && len(a.aff.records) == 0 {
		return nil
	}
	for _, id := range a.conversationIDs() {
		c, ok, err := getConversation(a.w.kv, id)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		recOld, recNew, err := a.recordOwners(c.Record.ID)
		if err != nil {
			return err
		}
		oldAud := crm.Audience(a.old.numbers[c.BusinessNumber].Owner, recOld, a.old.memberIDs, a.old.isSeller)
		newAud := crm.Audience(nd.numbers[c.BusinessNumber].Owner, recNew, nd.memberIDs, nd.isSeller)
		lost := slices.DeleteFunc(slices.Clone(oldAud), func(u string) bool { return slices.Contains(newAud, u) })
		gained := slices.DeleteFunc(slices.Clone(newAud), func(u string) bool { return slices.Contains(oldAud, u) })
		if len(lost) > 0 {
			if err := a.w.emit(crm.Event{Kind: crm.EventConversationRevoked, Audience: lost, ConversationID: c.ID}); err != nil {
				return err
			}
		}
		if len(gained) > 0 {
			cc := c
			if err := a.w.emit(crm.Event{Kind: crm.EventConversationGranted, Audience: gained, Conversation: &cc, ConversationID: c.ID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// recordOwners is a record's owner before and after this change.
func (a *adminTx) recordOwners(id string) (before, after crm.Owner, err error) {
	if o, ok := a.aff.oldRecOwner[id]; ok {
		return o, a.aff.newRecOwner[id], nil
	}
	sum, ok, err := a.w.s.recordSummary(a.w.kv, id)
	if err != nil || !ok {
		return crm.Owner{}, crm.Owner{}, err
	}
	return sum.Owner, sum.Owner, nil
}
