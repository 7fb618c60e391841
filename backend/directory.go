package backend

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// storedUser is a user as kept in the store: the public crm.User plus the
// SHA-256 of its bearer token. The token itself is never stored.
type storedUser struct {
	crm.User
	TokenHash []byte `json:"token_hash,omitempty"`
}

// directory is the org, users, teams and numbers: small, read on every
// request (authentication, visibility, audiences), changed rarely (dataset
// import, admin). It is immutable once built; a change builds a new one
// from the store and swaps the pointer.
type directory struct {
	org     crm.Org
	users   map[string]storedUser
	teams   map[string]crm.Team
	numbers map[string]crm.BusinessNumber
	members map[string][]string // team id → sorted user ids
	tokens  map[[sha256.Size]byte]string
	// gen is the store's directory generation this was read at (dirGen).
	gen uint64
	// The lists every snapshot carries, sorted once when the directory is
	// built (it never changes afterwards). Shared: callers must not modify
	// them.
	sortedUsers   []crm.User
	sortedTeams   []crm.Team
	sortedNumbers []crm.BusinessNumber
}

// dirGenKey is the meta key of the directory generation: a counter bumped
// by every change to the org, users, teams, tokens or numbers, in the same
// transaction. A reader that finds the generation of the directory it
// already holds may use it instead of decoding the directory again (a first
// sync used to decode every user once per client).
var dirGenKey = []byte("dir_gen")

func dirGen(tx *bolt.Tx) uint64 {
	if v := tx.Bucket(bMeta).Get(dirGenKey); len(v) == 8 {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

// bumpDirGen marks a change to the directory inside tx.
func bumpDirGen(tx *bolt.Tx) error {
	if err := tx.Bucket(bMeta).Put(dirGenKey, binary.BigEndian.AppendUint64(nil, dirGen(tx)+1)); err != nil {
		return fmt.Errorf("directory generation: %w", err)
	}
	return nil
}

// directoryAt returns d when it is the directory as of tx, else the
// directory read from tx.
func directoryAt(tx *bolt.Tx, d *directory) (*directory, error) {
	if d != nil && d.gen == dirGen(tx) {
		return d, nil
	}
	return loadDirectory(tx)
}

func tokenHash(token string) [sha256.Size]byte { return sha256.Sum256([]byte(token)) }

// loadDirectory reads the directory from the store inside tx.
func loadDirectory(tx *bolt.Tx) (*directory, error) {
	d := &directory{
		users:   map[string]storedUser{},
		teams:   map[string]crm.Team{},
		numbers: map[string]crm.BusinessNumber{},
		members: map[string][]string{},
		tokens:  map[[sha256.Size]byte]string{},
		gen:     dirGen(tx),
	}
	if _, err := getJSON(tx.Bucket(bOrg), "org", &d.org); err != nil {
		return nil, err
	}
	if err := forEachJSON(tx.Bucket(bUsers), func(u *storedUser) {
		d.users[u.ID] = *u
		for _, t := range u.Teams {
			d.members[t] = append(d.members[t], u.ID)
		}
	}); err != nil {
		return nil, err
	}
	for _, ids := range d.members {
		sort.Strings(ids)
	}
	if err := tx.Bucket(bTokens).ForEach(func(k, v []byte) error {
		if len(k) != sha256.Size {
			return fmt.Errorf("token index: key of %d bytes", len(k))
		}
		d.tokens[[sha256.Size]byte(k)] = string(v)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := forEachJSON(tx.Bucket(bTeams), func(t *crm.Team) { d.teams[t.ID] = *t }); err != nil {
		return nil, err
	}
	if err := forEachJSON(tx.Bucket(bNumbers), func(n *crm.BusinessNumber) { d.numbers[n.Number] = *n }); err != nil {
		return nil, err
	}
	d.sortLists()
	return d, nil
}

// authenticate maps a token to its user. The map lookup is keyed by the
// token's hash, so its timing says nothing about the token; the stored hash
// is then compared in constant time as the final check.
func (d *directory) authenticate(token string) (crm.User, bool) {
	if token == "" {
		return crm.User{}, false
	}
	h := tokenHash(token)
	id, ok := d.tokens[h]
	if !ok {
		return crm.User{}, false
	}
	u, ok := d.users[id]
	if !ok || subtle.ConstantTimeCompare(u.TokenHash, h[:]) != 1 {
		return crm.User{}, false
	}
	return u.User, true
}

func (d *directory) user(id string) (crm.User, bool) {
	u, ok := d.users[id]
	return u.User, ok
}

func (d *directory) memberIDs(team string) []string { return d.members[team] }

// isSeller: only users with the seller role receive inbound messages, so
// only they are in a conversation's audience (crm.Audience).
func (d *directory) isSeller(id string) bool {
	u, ok := d.users[id]
	return ok && u.HasRole(crm.RoleSeller)
}

func (d *directory) inTeam(userID, team string) bool {
	_, ok := slices.BinarySearch(d.members[team], userID)
	return ok
}

// ownsNumber: only a number's owners (the user, or a member of the owning
// team) may send from it.
func (d *directory) ownsNumber(u crm.User, n crm.BusinessNumber) bool {
	switch n.Owner.Kind {
	case crm.OwnerUser:
		return n.Owner.ID == u.ID
	case crm.OwnerTeam:
		return u.InTeam(n.Owner.ID)
	}
	return false
}

// sortLists builds the sorted lists once.
func (d *directory) sortLists() {
	d.sortedUsers = make([]crm.User, 0, len(d.users))
	for _, u := range d.users {
		d.sortedUsers = append(d.sortedUsers, u.User)
	}
	slices.SortFunc(d.sortedUsers, func(a, b crm.User) int { return strings.Compare(a.ID, b.ID) })
	d.sortedTeams = slices.SortedFunc(maps.Values(d.teams), func(a, b crm.Team) int { return strings.Compare(a.ID, b.ID) })
	d.sortedNumbers = slices.SortedFunc(maps.Values(d.numbers), func(a, b crm.BusinessNumber) int { return strings.Compare(a.Number, b.Number) })
}

// userList, teamList and numberList are shared: read only.
func (d *directory) userList() []crm.User             { return d.sortedUsers }
func (d *directory) teamList() []crm.Team             { return d.sortedTeams }
func (d *directory) numberList() []crm.BusinessNumber { return d.sortedNumbers }

// forEachJSON decodes every value of b into a fresh T and hands it to fn.
func forEachJSON[T any](b *bolt.Bucket, fn func(*T)) error {
	return b.ForEach(func(k, v []byte) error {
		var t T
		if err := json.Unmarshal(v, &t); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		fn(&t)
		return nil
	})
}
