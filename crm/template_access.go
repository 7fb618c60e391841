package crm

// CanEditTemplate reports whether u may edit or delete t. The rule, the one
// place both the backend (which refuses) and the TUI (which offers the keys)
// read it:
//   - an admin may edit any template, org-wide ones (Team == "") included;
//   - the author (CreatedBy, set by the server from the creating user) may
//     edit their own;
//   - a manager may edit the templates of a team they belong to.
//
// A template without an author (the dataset's, older stored ones) is thus
// editable only by its team's managers and by admins; an org-wide one only
// by admins and its author.
func CanEditTemplate(u User, t Template) bool {
	switch {
	case u.ID == "":
		return false
	case u.HasRole(RoleAdmin):
		return true
	case t.CreatedBy != "" && t.CreatedBy == u.ID:
		return true
	case t.Team != "" && u.HasRole(RoleManager) && u.InTeam(t.Team):
		return true
	}
	return false
}
