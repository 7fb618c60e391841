package backend

import (
	"context"
	"fmt"
	"slices"

	"smsdesk/crm"
)

// UserInfo is a user as administration lists it: whether a token works
// is shown, the token never (only its hash is stored).
type UserInfo struct {
	crm.User
	HasToken bool `json:"has_token"`
}

// NewUser is what AddUser needs.
type NewUser struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	FirstName string     `json:"first_name,omitempty"`
	LastName  string     `json:"last_name,omitempty"`
	Roles     []crm.Role `json:"roles,omitempty"`
	Teams     []string   `json:"teams,omitempty"`
	Language  string     `json:"language,omitempty"`
}

// AdminUsers lists every user, by id.
func (s *Service) AdminUsers(ctx context.Context, actor crm.User) ([]UserInfo, error) {
	if err := checkAdmin(actor, ActUsersList); err != nil {
		return nil, err
	}
	d := s.dir.Load()
	out := make([]UserInfo, 0, len(d.users))
	for _, u := range d.userList() {
		out = append(out, UserInfo{User: u, HasToken: len(d.users[u.ID].TokenHash) > 0})
	}
	return out, nil
}

// AddUser creates a user and its first bearer token, which is returned
// once: only its SHA-256 is stored.
func (s *Service) AddUser(ctx context.Context, actor crm.User, nu NewUser) (crm.User, string, error) {
	var out crm.User
	var token string
	err := s.runAdmin(ctx, actor, ActUserAdd, func(a *adminTx) error {
		if err := validID("id", nu.ID); err != nil {
			return err
		}
		if _, dup := a.old.users[nu.ID]; dup {
			return adminErr(crm.ErrConflict, "id", "user %q already exists", nu.ID)
		}
		name, err := validName("name", nu.Name)
		if err != nil {
			return err
		}
		roles, err := checkRoles(nu.Roles)
		if err != nil {
			return err
		}
		teams, err := checkTeams(a.old, nu.Teams)
		if err != nil {
			return err
		}
		lang := nu.Language
		if lang == "" {
			lang = "en"
		}
		u := storedUser{User: crm.User{ID: nu.ID, Name: name, FirstName: nu.FirstName, LastName: nu.LastName,
			Roles: roles, Teams: teams, Language: lang}}
		token = a.w.s.newID("sdt")
		if err := a.setToken(&u, token); err != nil {
			return err
		}
		if err := a.putUser(u); err != nil {
			return err
		}
		// A new user has no client yet (its first sync is a snapshot), so
		// no conversation_granted events are needed.
		a.target, a.after = u.ID, auditUser(u)
		out = u.User
		return nil
	})
	return out, token, err
}

// RenameUser changes a user's display name.
func (s *Service) RenameUser(ctx context.Context, actor crm.User, id, name string) (crm.User, error) {
	return s.editUser(ctx, actor, ActUserRename, id, func(a *adminTx, u *storedUser) error {
		n, err := validName("name", name)
		if err != nil {
			return err
		}
		u.Name = n
		return nil
	})
}

// SetUserRoles replaces a user's roles. Losing the seller role takes away
// every conversation live (conversation_revoked) and tells the user so (a
// privilege_revoked notification, when notifications are on); gaining it
// grants them (conversation_granted).
func (s *Service) SetUserRoles(ctx context.Context, actor crm.User, id string, roles []crm.Role) (crm.User, error) {
	return s.editUser(ctx, actor, ActUserRoles, id, func(a *adminTx, u *storedUser) error {
		rs, err := checkRoles(roles)
		if err != nil {
			return err
		}
		wasSeller := u.HasRole(crm.RoleSeller)
		u.Roles = rs
		isSeller := u.HasRole(crm.RoleSeller)
		if wasSeller == isSeller {
			return nil
		}
		// Only sellers see conversations (crm.CanSee): the user loses or
		// gains, live, every conversation on what they or their teams own.
		a.touchOwner(crm.Owner{Kind: crm.OwnerUser, ID: u.ID}, a.old)
		for _, t := range u.Teams {
			a.touchOwner(crm.Owner{Kind: crm.OwnerTeam, ID: t}, a.old)
		}
		if err := a.w.sellerRoleChanged(u.ID, isSeller); err != nil {
			return err
		}
		if !isSeller {
			return a.w.notify(u.ID, crm.NotifyPrivilegeRevoked, "", crm.PriorityHigh,
				map[string]string{"role": string(crm.RoleSeller), "by": a.actor.Name})
		}
		return nil
	})
}

// SetUserTeams replaces a user's teams: the user gains the conversations
// of the teams joined and loses those of the teams left (unless owned
// otherwise), live.
func (s *Service) SetUserTeams(ctx context.Context, actor crm.User, id string, teams []string) (crm.User, error) {
	return s.editUser(ctx, actor, ActUserTeams, id, func(a *adminTx, u *storedUser) error {
		ts, err := checkTeams(a.old, teams)
		if err != nil {
			return err
		}
		for _, t := range symmetricDiff(u.Teams, ts) {
			a.touchOwner(crm.Owner{Kind: crm.OwnerTeam, ID: t}, a.old)
		}
		u.Teams = ts
		return nil
	})
}

// IssueToken gives a user a new bearer token, returned once. The previous
// token stops working at once (its websockets are closed).
func (s *Service) IssueToken(ctx context.Context, actor crm.User, id string) (string, error) {
	var token string
	_, err := s.editUser(ctx, actor, ActUserToken, id, func(a *adminTx, u *storedUser) error {
		token = a.w.s.newID("sdt")
		return a.setToken(u, token)
	})
	return token, err
}

// RevokeToken makes a user's token stop working: REST refuses it with 401
// and its websockets are closed. The user keeps everything else; a new
// token can be issued later.
func (s *Service) RevokeToken(ctx context.Context, actor crm.User, id string) error {
	_, err := s.editUser(ctx, actor, ActUserRevoke, id, func(a *adminTx, u *storedUser) error {
		if len(u.TokenHash) == 0 {
			return adminErr(crm.ErrConflict, "id", "user %q has no token to revoke", id)
		}
		return a.setToken(u, "")
	})
	return err
}

// editUser loads a user, lets edit change it, stores it and emits the
// public user event; the audit entry holds the user before and after.
func (s *Service) editUser(ctx context.Context, actor crm.User, act AdminAction, id string, edit func(a *adminTx, u *storedUser) error) (crm.User, error) {
	var out crm.User
	err := s.runAdmin(ctx, actor, act, func(a *adminTx) error {
		old, ok := a.old.users[id]
		if !ok {
			return adminErr(crm.ErrNotFound, "id", "unknown user %q", id)
		}
		u := old
		u.Roles = slices.Clone(old.Roles)
		u.Teams = slices.Clone(old.Teams)
		if err := edit(a, &u); err != nil {
			return err
		}
		if err := a.putUser(u); err != nil {
			return err
		}
		a.target, a.before, a.after = id, auditUser(old), auditUser(u)
		out = u.User
		return nil
	})
	return out, err
}

// setToken replaces u's token hash (and the token index) with token's;
// "" leaves the user without a token. A token that stops working is
// reported to OnTokenRevoked after the commit.
func (a *adminTx) setToken(u *storedUser, token string) error {
	b := a.w.tx.Bucket(bTokens)
	if len(u.TokenHash) > 0 {
		if err := b.Delete(u.TokenHash); err != nil {
			return fmt.Errorf("delete token of %s: %w", u.ID, err)
		}
		a.revoked = append(a.revoked, u.ID)
	}
	u.TokenHash = nil
	if token == "" {
		return nil
	}
	h := tokenHash(token)
	u.TokenHash = h[:]
	if err := b.Put(h[:], []byte(u.ID)); err != nil {
		return fmt.Errorf("store token of %s: %w", u.ID, err)
	}
	return nil
}

func (a *adminTx) putUser(u storedUser) error {
	if err := putJSON(a.w.tx.Bucket(bUsers), []byte(u.ID), u); err != nil {
		return fmt.Errorf("store user %s: %w", u.ID, err)
	}
	pub := u.User
	return a.w.emit(crm.Event{Kind: crm.EventUser, Public: true, User: &pub})
}

// auditUser is a user as the audit log shows it: no token hash, only
// whether a token is set.
func auditUser(u storedUser) any {
	return struct {
		crm.User
		HasToken bool `json:"has_token"`
	}{u.User, len(u.TokenHash) > 0}
}

// checkRoles refuses unknown roles and drops duplicates.
func checkRoles(roles []crm.Role) ([]crm.Role, error) {
	var out []crm.Role
	for i, r := range roles {
		switch r {
		case crm.RoleSeller, crm.RoleManager, crm.RoleAdmin:
		default:
			return nil, adminErr(crm.ErrInvalid, fmt.Sprintf("roles[%d]", i), "unknown role %q (seller, manager, admin)", r)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// checkTeams refuses unknown teams and drops duplicates.
func checkTeams(d *directory, teams []string) ([]string, error) {
	var out []string
	for i, t := range teams {
		if _, ok := d.teams[t]; !ok {
			return nil, adminErr(crm.ErrNotFound, fmt.Sprintf("teams[%d]", i), "unknown team %q", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

func symmetricDiff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}
