package backend

import (
	"fmt"

	"smsdesk/crm"
)

// privilegeNoticeKey marks, in the meta bucket, a user already told that
// they receive no inbound message for want of the seller role.
func privilegeNoticeKey(userID string) []byte {
	return joinKey("privilege_notice", userID)
}

// privilegeNotice tells userID, once, that an inbound message that would
// have reached them did not because they lack the seller role: one
// insufficient_privilege notification with no conversation (the message
// itself is not theirs to see). Later messages add nothing. Losing the
// role counts as the notice (privilege_revoked says it); gaining it clears
// the mark.
func (w *writeTx) privilegeNotice(userID string) error {
	key := privilegeNoticeKey(userID)
	if w.kv.get(bMeta, key) != nil {
		return nil
	}
	if err := w.kv.put(bMeta, key, []byte(w.now.Format(timeFormat))); err != nil {
		return fmt.Errorf("mark privilege notice for %s: %w", userID, err)
	}
	return w.notify(userID, crm.NotifyInsufficientPrivilege, "", crm.PriorityHigh,
		map[string]string{"role": string(crm.RoleSeller)})
}

// sellerRoleChanged keeps the notice mark in step with a role change: a
// user who lost the role was told by privilege_revoked, and one who gained
// it will be told afresh should they lose it.
func (w *writeTx) sellerRoleChanged(userID string, isSeller bool) error {
	key := privilegeNoticeKey(userID)
	if isSeller {
		if err := w.kv.del(bMeta, key); err != nil {
			return fmt.Errorf("clear privilege notice for %s: %w", userID, err)
		}
		return nil
	}
	if err := w.kv.put(bMeta, key, []byte(w.now.Format(timeFormat))); err != nil {
		return fmt.Errorf("mark privilege notice for %s: %w", userID, err)
	}
	return nil
}
