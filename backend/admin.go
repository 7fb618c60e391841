package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// Administration (issue 8): users, teams, numbers, record owners, org
// settings and provider settings change at run time. Each change runs in
// one group commit that also writes its audit entry and its events; the
// in-memory directory is swapped inside that transaction (see adminTx.done)
// so the changes committed after it in the same group already see it.

// AdminAction names an administrative change; it is what the audit log
// records and what the role table (mayDo) is keyed by.
type AdminAction string

const (
	ActUsersList     AdminAction = "users.list"
	ActUserAdd       AdminAction = "users.add"
	ActUserRename    AdminAction = "users.rename"
	ActUserRoles     AdminAction = "users.roles"
	ActUserTeams     AdminAction = "users.teams"
	ActUserToken     AdminAction = "users.token"
	ActUserRevoke    AdminAction = "users.revoke"
	ActTeamsList     AdminAction = "teams.list"
	ActTeamAdd       AdminAction = "teams.add"
	ActTeamRename    AdminAction = "teams.rename"
	ActNumbersList   AdminAction = "numbers.list"
	ActNumberAdd     AdminAction = "numbers.add"
	ActNumberRename  AdminAction = "numbers.rename"
	ActNumberType    AdminAction = "numbers.type"
	ActNumberOwner   AdminAction = "numbers.owner"
	ActNumberRemove  AdminAction = "numbers.remove"
	ActRecordOwner   AdminAction = "records.owner"
	ActNotifications AdminAction = "settings.notifications"
	ActSettingsShow  AdminAction = "settings.show"
	ActProviderShow  AdminAction = "provider.show"
	ActProviderSet   AdminAction = "provider.set"
	ActProviderTest  AdminAction = "provider.test"
	ActBackup        AdminAction = "backup"
	ActExport        AdminAction = "export"
	ActAuditList     AdminAction = "audit.list"
	ActCheck         AdminAction = "check"
)

// managerActions are what a manager may do besides an admin: see the
// numbers and reassign their owners, as in the CRM this models.
var managerActions = map[AdminAction]bool{ActNumbersList: true, ActNumberOwner: true}

// MayAdminister reports whether u may perform act: admins everything,
// managers the numbers list and owner changes, sellers nothing.
func MayAdminister(u crm.User, act AdminAction) bool {
	if u.HasRole(crm.RoleAdmin) {
		return true
	}
	return u.HasRole(crm.RoleManager) && managerActions[act]
}

// adminErr builds the refusal every admin method returns for bad input:
// a *crm.CommandError whose Field names what is wrong.
func adminErr(code crm.ErrorCode, field, format string, args ...any) error {
	return &crm.CommandError{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// forbidden is the refusal for a user whose roles do not allow act.
func forbidden(u crm.User, act AdminAction) error {
	return adminErr(crm.ErrForbidden, "", "%s may not %s (admin role required%s)", u.ID, act, managerNote(act))
}

func managerNote(act AdminAction) string {
	if managerActions[act] {
		return ", or manager"
	}
	return ""
}

// checkAdmin refuses an actor who may not act.
func checkAdmin(actor crm.User, act AdminAction) error {
	if !MayAdminister(actor, act) {
		return forbidden(actor, act)
	}
	return nil
}

// adminTx is one administrative change in progress inside a write
// transaction: the directory before it, and what it will record.
type adminTx struct {
	w      *writeTx
	actor  crm.User
	action AdminAction
	old    *directory // as of the start of this change, read from the transaction
	target string
	before any
	after  any
	// recordsChanged are records whose owner this change rewrote: the
	// record index is updated with them when the change is done.
	recordsChanged []crm.Record
	// revoked are users whose token stopped working (OnTokenRevoked).
	revoked []string
	// aff is what may change conversations' audiences (admin_audience.go).
	aff affected
}

// runAdmin runs fn as one administrative change for actor. fn validates
// (returning a *crm.CommandError that commits nothing), writes through
// a.w, and sets the audit target, before and after. The audit entry, the
// directory swap and the audience changes follow in the same transaction.
func (s *Service) runAdmin(ctx context.Context, actor crm.User, act AdminAction, fn func(a *adminTx) error) error {
	if err := checkAdmin(actor, act); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var done *adminTx
	err := s.write(func(w *writeTx) error {
		a, err := s.beginAdmin(w, actor, act)
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
		if err := a.finish(); err != nil {
			return err
		}
		done = a
		return nil
	})
	if err != nil {
		var ce *crm.CommandError
		if !errors.As(err, &ce) {
			// A failed commit may have followed the in-memory swap: read
			// the truth back from the store.
			s.resyncAfterFailure()
		}
		return err
	}
	s.afterAdmin(done)
	return nil
}

// beginAdmin starts a change inside w (also used by the command path).
func (s *Service) beginAdmin(w *writeTx, actor crm.User, act AdminAction) (*adminTx, error) {
	old, err := loadDirectory(w.tx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", act, err)
	}
	w.dir = old
	return &adminTx{w: w, actor: actor, action: act, old: old}, nil
}

// finish writes the audit entry, tells users who gained or lost
// conversations, and publishes the new directory and record owners in
// memory. Nothing after it may fail, so the swap is only
// ever undone by a failed commit (resyncAfterFailure).
func (a *adminTx) finish() error {
	if err := a.w.audit(a.actor, a.action, a.target, a.before, a.after); err != nil {
		return err
	}
	if err := bumpDirGen(a.w.tx); err != nil {
		return fmt.Errorf("%s: %w", a.action, err)
	}
	nd, err := loadDirectory(a.w.tx)
	if err != nil {
		return fmt.Errorf("%s: reload directory: %w", a.action, err)
	}
	if err := a.regrant(nd); err != nil {
		return fmt.Errorf("%s: audiences: %w", a.action, err)
	}
	a.w.dir = nd
	a.w.s.dir.Store(nd)
	for _, r := range a.recordsChanged {
		a.w.s.records.put(r)
	}
	return nil
}

// afterAdmin runs the hooks of a committed change.
func (s *Service) afterAdmin(a *adminTx) {
	if a == nil {
		return
	}
	for _, uid := range a.revoked {
		s.hooks.tokenRevoked(uid)
	}
	s.log.Info("admin change", "actor", a.actor.ID, "action", a.action, "target", a.target)
}

// resyncAfterFailure reloads the directory and record owners from the
// store after a commit that failed once the in-memory state was swapped.
func (s *Service) resyncAfterFailure() {
	if err := s.reloadDirectory(); err != nil {
		s.log.Error("reload directory after a failed admin change", "err", err)
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bRecords), func(r *crm.Record) {
			if sum, ok := s.records.get(r.ID); ok && sum.Owner != r.Owner {
				s.records.put(*r)
			}
		})
	})
	if err != nil {
		s.log.Error("reload record owners after a failed admin change", "err", err)
	}
}

// validID is the one id grammar (crm.CheckClientID), as an admin refusal.
func validID(field, id string) error {
	if err := crm.CheckClientID(field, id); err != nil {
		return adminErr(crm.ErrInvalid, field, "%s", err.Error())
	}
	return nil
}

// validName checks a display name.
func validName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", adminErr(crm.ErrInvalid, field, "required")
	}
	if len(name) > 200 || strings.ContainsAny(name, "\x00\n\r") {
		return "", adminErr(crm.ErrInvalid, field, "at most 200 bytes on one line")
	}
	return name, nil
}

// checkOwner refuses an owner that names no existing user or team.
func checkOwner(d *directory, field string, o crm.Owner) error {
	switch o.Kind {
	case crm.OwnerUser:
		if _, ok := d.users[o.ID]; !ok {
			return adminErr(crm.ErrNotFound, field, "unknown user %q", o.ID)
		}
	case crm.OwnerTeam:
		if _, ok := d.teams[o.ID]; !ok {
			return adminErr(crm.ErrNotFound, field, "unknown team %q", o.ID)
		}
	default:
		return adminErr(crm.ErrInvalid, field, "owner kind must be \"user\" or \"team\", not %q", o.Kind)
	}
	return nil
}
