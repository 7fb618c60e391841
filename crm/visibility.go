package crm

import "slices"

// CanSee reports whether u may see a conversation whose business number is
// owned by numberOwner and whose record is owned by recordOwner: u must hold
// the seller role, and either owner must be u or one of u's teams. A user
// without the role receives no inbound message at all (issue 14: the
// messages are still routed and stored, and reach every seller who may see
// them). The backend answers 404 for anything this refuses, so the check is
// the single source of truth for REST and sync.
func CanSee(u User, numberOwner, recordOwner Owner) bool {
	if !u.HasRole(RoleSeller) {
		return false
	}
	return ownedBy(u, numberOwner) || ownedBy(u, recordOwner)
}

func ownedBy(u User, o Owner) bool {
	switch o.Kind {
	case OwnerUser:
		return u.ID != "" && o.ID == u.ID
	case OwnerTeam:
		return o.ID != "" && u.InTeam(o.ID)
	}
	return false
}

// Audience lists, sorted and without duplicates, the ids of every user who
// may see a conversation with these owners: each user owner plus the members
// of each team owner, keeping only those isSeller accepts (nil: no one is a
// seller). It is what CanSee accepts, computed from the owners' side, so an
// event reaches exactly the users allowed to read it.
func Audience(numberOwner, recordOwner Owner, members func(teamID string) []string, isSeller func(userID string) bool) []string {
	var ids []string
	for _, o := range [2]Owner{numberOwner, recordOwner} {
		switch o.Kind {
		case OwnerUser:
			ids = append(ids, o.ID)
		case OwnerTeam:
			if members != nil && o.ID != "" {
				ids = append(ids, members(o.ID)...)
			}
		}
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == "" || isSeller == nil || !isSeller(id) })
	slices.Sort(ids)
	return slices.Compact(ids)
}
