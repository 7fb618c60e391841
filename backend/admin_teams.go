package backend

import (
	"context"
	"fmt"
	"strings"

	"smsdesk/crm"
)

// TeamInfo is a team with its member ids.
type TeamInfo struct {
	crm.Team
	Members []string `json:"members"`
}

// AdminTeams lists every team with its members, by id.
func (s *Service) AdminTeams(ctx context.Context, actor crm.User) ([]TeamInfo, error) {
	if err := checkAdmin(actor, ActTeamsList); err != nil {
		return nil, err
	}
	d := s.dir.Load()
	out := []TeamInfo{}
	for _, t := range d.teamList() {
		out = append(out, TeamInfo{Team: t, Members: append([]string{}, d.memberIDs(t.ID)...)})
	}
	return out, nil
}

// TeamMembers lists a team's members.
func (s *Service) TeamMembers(ctx context.Context, actor crm.User, id string) ([]crm.User, error) {
	if err := checkAdmin(actor, ActTeamsList); err != nil {
		return nil, err
	}
	d := s.dir.Load()
	if _, ok := d.teams[id]; !ok {
		return nil, adminErr(crm.ErrNotFound, "id", "unknown team %q", id)
	}
	out := []crm.User{}
	for _, uid := range d.memberIDs(id) {
		if u, ok := d.user(uid); ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// AddTeam creates a team (members join it with SetUserTeams).
func (s *Service) AddTeam(ctx context.Context, actor crm.User, id, name string) (crm.Team, error) {
	var out crm.Team
	err := s.runAdmin(ctx, actor, ActTeamAdd, func(a *adminTx) error {
		if err := validID("id", id); err != nil {
			return err
		}
		if _, dup := a.old.teams[id]; dup {
			return adminErr(crm.ErrConflict, "id", "team %q already exists", id)
		}
		n, err := uniqueTeamName(a.old, "", name)
		if err != nil {
			return err
		}
		out = crm.Team{ID: id, Name: n}
		a.target, a.after = id, out
		return a.putTeam(out)
	})
	return out, err
}

// RenameTeam changes a team's name (unique, case-insensitive).
func (s *Service) RenameTeam(ctx context.Context, actor crm.User, id, name string) (crm.Team, error) {
	var out crm.Team
	err := s.runAdmin(ctx, actor, ActTeamRename, func(a *adminTx) error {
		old, ok := a.old.teams[id]
		if !ok {
			return adminErr(crm.ErrNotFound, "id", "unknown team %q", id)
		}
		n, err := uniqueTeamName(a.old, id, name)
		if err != nil {
			return err
		}
		out = crm.Team{ID: id, Name: n}
		a.target, a.before, a.after = id, old, out
		return a.putTeam(out)
	})
	return out, err
}

func (a *adminTx) putTeam(t crm.Team) error {
	if err := putJSON(a.w.tx.Bucket(bTeams), []byte(t.ID), t); err != nil {
		return fmt.Errorf("store team %s: %w", t.ID, err)
	}
	tt := t
	return a.w.emit(crm.Event{Kind: crm.EventTeam, Public: true, Team: &tt})
}

// uniqueTeamName validates name and refuses one another team (not self)
// already has.
func uniqueTeamName(d *directory, self, name string) (string, error) {
	n, err := validName("name", name)
	if err != nil {
		return "", err
	}
	for _, t := range d.teams {
		if t.ID != self && strings.EqualFold(t.Name, n) {
			return "", adminErr(crm.ErrConflict, "name", "team %q is already named %q", t.ID, t.Name)
		}
	}
	return n, nil
}
