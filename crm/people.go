package crm

// Role is a privilege a user holds. Only sellers receive inbound messages.
type Role string

const (
	RoleSeller  Role = "seller"
	RoleManager Role = "manager"
	RoleAdmin   Role = "admin"
)

// User is a person who signs in to smsdesk. Tokens are a backend concern and
// never travel inside this type.
type User struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	FirstName string   `json:"first_name,omitempty"`
	LastName  string   `json:"last_name,omitempty"`
	Teams     []string `json:"teams,omitempty"`
	Roles     []Role   `json:"roles,omitempty"`
	// Language is a BCP 47 tag (en, fr, gl); templates in it are offered first.
	Language string `json:"language,omitempty"`
}

// HasRole reports whether u holds r.
func (u User) HasRole(r Role) bool {
	for _, have := range u.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// InTeam reports whether u belongs to team.
func (u User) InTeam(team string) bool {
	for _, t := range u.Teams {
		if t == team {
			return true
		}
	}
	return false
}

// Team is a group of users; in the CRM it doubles as the business unit.
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OwnerKind says whether an owner is a user or a team.
type OwnerKind string

const (
	OwnerUser OwnerKind = "user"
	OwnerTeam OwnerKind = "team"
)

// Owner is who owns a business number or a record.
type Owner struct {
	Kind OwnerKind `json:"kind"`
	ID   string    `json:"id"`
}

// IsUser reports whether the owner is the given user.
func (o Owner) IsUser(id string) bool { return o.Kind == OwnerUser && o.ID == id }

// IsTeam reports whether the owner is the given team.
func (o Owner) IsTeam(id string) bool { return o.Kind == OwnerTeam && o.ID == id }

// Org holds the organisation-wide settings.
type Org struct {
	Name string `json:"name"`
	// InAppNotifications off means no notification is created at all.
	InAppNotifications bool `json:"in_app_notifications"`
}
